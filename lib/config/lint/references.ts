/**
 * Lint rules for names that point nowhere: trackers (VK0504) and sync-group members (VK0505).
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Located, Model, SyncGroup, TrackRef, VrrpInstance } from "../model.ts";
import { type LintContext, spanOf } from "./context.ts";
import { closest } from "../closest.ts";

/**
 * VK0504: `track_script`, `track_file` and `track_process` entries naming undefined blocks.
 *
 * @example
 * ```ts
 * import { undefinedTrackers } from "./references.ts";
 * import type { Model } from "../model.ts";
 * const m = { instances: [], syncGroups: [], scripts: [], trackFiles: [], trackProcesses: [] };
 * if (undefinedTrackers(m as unknown as Model, {}).length !== 0) throw new Error();
 * ```
 */
export function undefinedTrackers(model: Model, ctx: LintContext): Diagnostic[] {
  const kinds: {
    key: "trackScript" | "trackFile" | "trackProcess";
    kw: string;
    block: string;
    names: string[];
  }[] = [
    {
      key: "trackScript",
      kw: "track_script",
      block: "vrrp_script",
      names: model.scripts.map((s) => s.name),
    },
    {
      key: "trackFile",
      kw: "track_file",
      block: "track_file",
      names: model.trackFiles.map((f) => f.name),
    },
    {
      key: "trackProcess",
      kw: "track_process",
      block: "vrrp_track_process",
      names: model.trackProcesses.map((p) => p.name),
    },
  ];
  const owners: (VrrpInstance | SyncGroup)[] = [...model.instances, ...model.syncGroups];
  const known = kinds.map((k) => new Set(k.names));
  const out: Diagnostic[] = [];
  for (const owner of owners) {
    for (const [i, { key, kw, block, names }] of kinds.entries()) {
      for (const ref of owner[key]) {
        if (known[i]?.has(ref.name)) continue;
        out.push(unknownRef(owner, ref, kw, block, names, ctx));
      }
    }
  }
  return out;
}

function unknownRef(
  owner: Located & { name: string },
  ref: TrackRef,
  kw: string,
  block: string,
  names: string[],
  ctx: LintContext,
): Diagnostic {
  const guess = closest(ref.name, names);
  return diagnostic(
    ref.at ?? spanOf(owner, ctx, kw),
    "error",
    "VK0504",
    `'${owner.name}' tracks ${block} '${ref.name}' (in ${kw}), which is not defined`,
    guess !== undefined
      ? `did you mean '${guess}'? keepalived ignores this entry`
      : `define '${block} ${ref.name} { ... }'; keepalived ignores this entry`,
  );
}

/**
 * VK0505: sync-group members that are not instances.
 *
 * @example
 * ```ts
 * import { undefinedSyncMembers } from "./references.ts";
 * import type { Model } from "../model.ts";
 * const m = { instances: [], syncGroups: [{ name: "G", group: ["VI_9"], notify: {} }] };
 * if (undefinedSyncMembers(m as unknown as Model, {}).length !== 1) throw new Error();
 * ```
 */
export function undefinedSyncMembers(model: Model, ctx: LintContext): Diagnostic[] {
  const names = model.instances.map((i) => i.name);
  const known = new Set(names);
  const out: Diagnostic[] = [];
  for (const group of model.syncGroups) {
    for (const member of group.group) {
      if (known.has(member)) continue;
      const guess = closest(member, names);
      out.push(diagnostic(
        spanOf(group, ctx, "group"),
        "error",
        "VK0505",
        `Sync group '${group.name}' lists '${member}', which is not a vrrp_instance`,
        guess !== undefined ? `did you mean '${guess}'?` : "keepalived skips unknown members",
      ));
    }
  }
  return out;
}
