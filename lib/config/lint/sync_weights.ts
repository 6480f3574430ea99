/**
 * Lint rule VK0506: weighted trackers in sync-group members, and what keepalived does to them
 * (spec §3.5). Validation already applied keepalived's rule to the model; this rule tells the
 * user the consequence, from what was written (the syntax tree) when it is available.
 *
 * @module
 */

import { type Diagnostic, diagnostic, type Span } from "../diagnostic.ts";
import type { Model, SyncGroup, TrackRef, VrrpInstance } from "../model.ts";
import { type LintContext, spanOf } from "./context.ts";
import { statementAt } from "./_written.ts";

type Kind = "trackInterface" | "trackScript" | "trackFile";
const KEYWORDS: Record<Kind, string> = {
  trackInterface: "track_interface",
  trackScript: "track_script",
  trackFile: "track_file",
};

/** A tracker entry as written: its name, the weight on its line (if any) and where it is. */
interface Entry {
  name: string;
  weight?: number;
  at: Span;
}

/**
 * VK0506: for each member of a sync group without `sync_group_tracking_weight`, each weighted
 * `track_interface`, `track_script` and `track_file` entry, with keepalived's treatment.
 *
 * @example
 * ```ts
 * import { syncGroupWeights } from "./sync_weights.ts";
 * import type { Model } from "../model.ts";
 * const m = { instances: [], syncGroups: [], scripts: [], trackFiles: [] };
 * if (syncGroupWeights(m as unknown as Model, {}).length !== 0) throw new Error();
 * ```
 */
export function syncGroupWeights(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Map(model.instances.map((i) => [i.name, i]));
  for (const group of model.syncGroups) {
    if (group.syncGroupTrackingWeight) continue;
    for (const member of group.group) {
      const inst = byName.get(member);
      if (inst === undefined) continue;
      for (const kind of Object.keys(KEYWORDS) as Kind[]) {
        for (const entry of entries(inst, kind, ctx)) {
          const d = judge(model, group, inst, kind, entry);
          if (d !== undefined) out.push(d);
        }
      }
    }
  }
  return out;
}

function judge(
  model: Model,
  group: SyncGroup,
  inst: VrrpInstance,
  kind: Kind,
  entry: Entry,
): Diagnostic | undefined {
  const hint =
    `move it into 'vrrp_sync_group ${group.name}' (weights there apply to every member), ` +
    `drop the weight, or add 'sync_group_tracking_weight' to the group`;
  const where = `in sync group '${group.name}'`;
  const warn = (message: string) => diagnostic(entry.at, "warning", "VK0506", message, hint);
  if (kind === "trackInterface") {
    if (!entry.weight) return undefined;
    return warn(
      `'${inst.name}' is ${where}, so keepalived forces the weight ${entry.weight} of tracked ` +
        `interface '${entry.name}' to 0: when '${entry.name}' fails, the whole group goes to ` +
        `FAULT instead of changing priority`,
    );
  }
  if (kind === "trackScript") {
    const script = model.scripts.find((s) => s.name === entry.name);
    const weight = entry.weight ?? script?.weight ?? 0;
    if (weight === 0) return undefined;
    return warn(
      `'${inst.name}' is ${where}, so keepalived removes tracked script '${entry.name}' ` +
        `(weight ${weight}): its result no longer affects '${inst.name}' at all`,
    );
  }
  const file = model.trackFiles.find((f) => f.name === entry.name);
  const explicit = entry.weight !== undefined || file?.keyAt?.["weight"] !== undefined;
  const weight = entry.weight ?? file?.weight ?? 1;
  if (weight === 0) return undefined;
  if (explicit) {
    return warn(
      `'${inst.name}' is ${where}, so keepalived removes tracked file '${entry.name}' ` +
        `(weight ${weight}): its value no longer affects '${inst.name}' at all`,
    );
  }
  return warn(
    `'${inst.name}' is ${where}, so keepalived forces the default weight 1 of tracked file ` +
      `'${entry.name}' to 0: any non-zero value in the file puts the whole group into FAULT`,
  );
}

/** The entries as written when the tree is known, else as the model holds them. */
function entries(inst: VrrpInstance, kind: Kind, ctx: LintContext): Entry[] {
  const kw = KEYWORDS[kind];
  const blockAt = inst.keyAt?.[kw];
  const statement = ctx.tree && blockAt ? statementAt(ctx.tree, blockAt) : undefined;
  if (statement?.block) {
    return statement.block.map((s) => {
      const e: Entry = { name: s.keyword.text, at: s.keyword.at };
      const i = s.args.findIndex((a) => a.text === "weight");
      const w = i >= 0 ? Number(s.args[i + 1]?.text) : NaN;
      if (Number.isInteger(w)) e.weight = w;
      return e;
    });
  }
  return inst[kind].map((ref: TrackRef) => {
    const e: Entry = { name: ref.name, at: ref.at ?? spanOf(inst, ctx, kw) };
    if (ref.weightGiven !== false || kind === "trackInterface") e.weight = ref.weight;
    return e;
  });
}
