/**
 * Validation: walks a `SyntaxTree` with the keyword table, checks every value with keepalived's
 * rules, applies keepalived's derivations (spec §2.7, §3.1, §3.5) and returns the resolved
 * `Model` with a diagnostic for every line keepalived would reject, ignore or silently change.
 *
 * Both front ends end here: the keepalived.conf parser and the YAML reader produce a
 * `SyntaxTree` and call `validateTree`.
 *
 * @module
 */

import type { Diagnostic, Span } from "./diagnostic.ts";
import type { Model, TrackFile, TrackProcess, VrrpInstance, VrrpScript } from "./model.ts";
import type { SyntaxTree } from "./syntax.ts";
import { Block, type Named, readBlock } from "./_validate_block.ts";
import { Ctx } from "./_validate_context.ts";
import { deriveInstance } from "./_validate_derive.ts";
import { buildGlobalDefs } from "./_validate_global.ts";
import { buildInstance, type Objects } from "./_validate_instance.ts";
import { applySyncRules, buildSyncGroup } from "./_validate_sync.ts";
import { buildScript, buildTrackFile, buildTrackProcess } from "./_validate_trackers.ts";
import { buildInterfaceDelays, capInterfaceDelays } from "./_validate_delays.ts";

/** The result of validating a syntax tree. */
export interface Validated {
  /** The resolved model (always present; check the diagnostics for errors). */
  model: Model;
  /** Diagnostics in the order found (sort with `sortDiagnostics`). */
  diagnostics: Diagnostic[];
}

/**
 * Validate a syntax tree into the resolved model.
 *
 * @example
 * ```ts
 * import { validateTree } from "./validate.ts";
 * const at = { file: "k.conf", line: 1, column: 1 };
 * const w = (text: string) => ({ text, quoted: false, at });
 * const { model, diagnostics } = validateTree({
 *   files: ["k.conf"],
 *   statements: [{
 *     keyword: w("vrrp_instance"), args: [w("VI_1")], raw: "vrrp_instance VI_1", at,
 *     block: [
 *       { keyword: w("interface"), args: [w("eth0")], raw: "interface eth0", at },
 *       { keyword: w("virtual_router_id"), args: [w("51")], raw: "virtual_router_id 51", at },
 *       { keyword: w("virtual_ipaddress"), args: [], raw: "virtual_ipaddress", at,
 *         block: [{ keyword: w("192.0.2.10/24"), args: [], raw: "192.0.2.10/24", at }] },
 *     ],
 *   }],
 * });
 * if (model.instances[0]?.priority !== 100 || diagnostics.length !== 0) throw new Error();
 * ```
 */
export function validateTree(tree: SyntaxTree): Validated {
  const ctx = new Ctx();
  const top = readBlock(ctx, tree.statements, "top");
  const globals = mergeBlocks(top.all("global_defs").map((i) => i.value as Block));
  const globalDefs = buildGlobalDefs(ctx, globals);

  const named = (kws: string[], strict: boolean): Named[] => {
    const seen = new Map<string, Span>();
    const out: Named[] = [];
    for (const it of top.items) {
      if (!kws.includes(it.spec.name) || it.value === undefined) continue;
      const nameWord = it.stmt.args[0]!;
      const at = headerSpan(it.stmt.keyword.at, nameWord.at);
      const prev = seen.get(nameWord.text);
      if (prev !== undefined) {
        ctx.add(
          at,
          strict ? "error" : "warning",
          "VK0401",
          `${it.spec.name} '${nameWord.text}' is already defined at line ${prev.line}; this block is skipped`,
        );
        continue;
      }
      seen.set(nameWord.text, at);
      out.push({ name: nameWord.text, at, block: it.value as Block });
    }
    return out;
  };

  const scripts = named(["vrrp_script"], false).flatMap((n) => buildScript(ctx, n) ?? []);
  const trackFiles = named(["track_file", "vrrp_track_file"], false).flatMap((n) =>
    buildTrackFile(ctx, n) ?? []
  );
  const trackProcesses = named(["vrrp_track_process"], false).flatMap((n) =>
    buildTrackProcess(ctx, n) ?? []
  );
  const objs: Objects = {
    scripts: byName(scripts),
    files: byName(trackFiles),
    processes: byName(trackProcesses),
  };

  const instances: VrrpInstance[] = [];
  for (const n of named(["vrrp_instance"], true)) {
    const { inst, w } = buildInstance(ctx, n, globalDefs, objs);
    if (!n.block.has("virtual_router_id") || n.block.get("virtual_router_id") === undefined) {
      ctx.error(
        n.at,
        "VK0402",
        `(${n.name}) the virtual router id must be set; keepalived refuses the configuration`,
      );
    }
    deriveInstance(ctx, inst, w);
    instances.push(inst);
  }
  const byInst = new Map(instances.map((i) => [i.name, i]));
  const syncGroups = named(["vrrp_sync_group"], true).flatMap((n) =>
    buildSyncGroup(ctx, n, byInst, objs) ?? []
  );
  for (const g of syncGroups) applySyncRules(ctx, g, byInst);

  const used = new Set(
    [...instances, ...syncGroups].flatMap((o) => o.trackScript.map((t) => t.name)),
  );
  for (const s of scripts) {
    if (!used.has(s.name)) {
      ctx.warn(
        s.at!,
        "VK0415",
        `vrrp_script '${s.name}' is not used by any instance or sync group; keepalived removes it`,
      );
    }
  }

  const model: Model = { globalDefs, scripts, trackFiles, trackProcesses, instances, syncGroups };
  const delays = buildInterfaceDelays(ctx, top);
  if (delays.length > 0) {
    capInterfaceDelays(ctx, delays, instances);
    model.interfaceDelays = delays;
  }
  return { model, diagnostics: ctx.diagnostics };
}

function byName<T extends VrrpScript | TrackFile | TrackProcess>(list: T[]): Map<string, T> {
  return new Map(list.map((o) => [o.name, o]));
}

function headerSpan(kw: Span, name: Span): Span {
  const s: Span = { file: kw.file, line: kw.line, column: kw.column };
  const endLine = name.endLine ?? name.line;
  if (name.endColumn !== undefined) {
    s.endLine = endLine;
    s.endColumn = name.endColumn;
  }
  return s;
}

function mergeBlocks(blocks: Block[]): Block {
  const out = new Block();
  for (const b of blocks) {
    for (const it of b.items) out.add(it);
    for (const [k, v] of Object.entries(b.keyAt)) out.keyAt[k] ??= v;
    for (const [k, v] of Object.entries(b.other)) (out.other[k] ??= []).push(...v);
  }
  return out;
}
