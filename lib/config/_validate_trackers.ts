/**
 * Builds `vrrp_script`, `track_file` and `vrrp_track_process` objects (spec §2.2, §2.3, §2.6).
 *
 * @module
 */

import type { ScriptCommand, TrackFile, TrackProcess, VrrpScript } from "./model.ts";
import type { Block, Named } from "./_validate_block.ts";
import type { Ctx } from "./_validate_context.ts";
import { readBlockWeight } from "./_validate_weights.ts";

function located<T extends { at?: unknown; keyAt?: unknown }>(obj: T, n: Named): T {
  obj.at = n.at;
  if (Object.keys(n.block.keyAt).length > 0) obj.keyAt = n.block.keyAt;
  return obj;
}

/** Interval-like integers where keepalived turns 0 into 1. */
function positive(ctx: Ctx, b: Block, name: string, what: string): number | undefined {
  const v = b.get<number>(name);
  if (v === 0) {
    ctx.error(
      b.item(name)!.stmt.args[0]!.at,
      "VK0314",
      `${what} '${name}' must be greater than 0; keepalived uses 1`,
    );
    return 1;
  }
  return v;
}

/** Resolve one `vrrp_script` block; undefined when keepalived would remove it. */
export function buildScript(ctx: Ctx, n: Named): VrrpScript | undefined {
  const b = n.block;
  const what = `vrrp_script '${n.name}'`;
  const script = b.get<ScriptCommand>("script");
  if (script === undefined) {
    ctx.error(n.at, "VK0402", `No script set for ${what}; keepalived removes it`);
    return undefined;
  }
  const wItem = b.item("weight");
  const w = wItem
    ? readBlockWeight(ctx, wItem.stmt.args, what, "keepalived keeps the value", {
      keep: true,
      warn254: true,
    })
    : {};
  const interval = positive(ctx, b, "interval", what) ?? 1;
  const s: VrrpScript = {
    name: n.name,
    script,
    interval,
    timeout: positive(ctx, b, "timeout", what) ?? 0,
    weight: w.weight ?? 0,
    reverse: w.reverse ?? false,
    rise: b.get<number>("rise") ?? 1,
    fall: b.get<number>("fall") ?? 1,
    initFail: b.has("init_fail"),
  };
  const user = b.get<string[]>("user");
  if (user?.[0] !== undefined) {
    s.user = user[1] !== undefined
      ? { user: user[0], group: user[1].replace(/^:/, "") }
      : { user: user[0] };
  }
  return located(s, n);
}

/** Resolve one `track_file` block; undefined when it has no file. */
export function buildTrackFile(ctx: Ctx, n: Named): TrackFile | undefined {
  const b = n.block;
  const what = `track_file '${n.name}'`;
  const file = b.get<string>("file");
  if (file === undefined) {
    ctx.error(n.at, "VK0402", `No file set for ${what}; keepalived ignores it`);
    return undefined;
  }
  const wItem = b.item("weight");
  const w = wItem
    ? readBlockWeight(ctx, wItem.stmt.args, what, "keepalived uses weight 1", {})
    : {};
  const t: TrackFile = { name: n.name, file, weight: w.weight ?? 1, reverse: w.reverse ?? false };
  const init = b.item("init_file");
  if (init !== undefined) {
    let value = 0;
    let overwrite = false;
    for (const word of init.stmt.args) {
      if (word.text === "overwrite") overwrite = true;
      else if (/^[+-]?(0x[0-9a-fA-F]+|[0-9]+)$/.test(word.text)) {
        value = Number(word.text.replace(/^\+/, ""));
      } else {ctx.error(
          word.at,
          "VK0305",
          `Invalid init_file word '${word.text}' for ${what}; keepalived ignores it`,
        );}
    }
    t.initFile = { value, overwrite };
  }
  return located(t, n);
}

function paramMatch(ctx: Ctx, b: Block): TrackProcess["paramMatch"] {
  const w = b.item("param_match")?.stmt.args[0];
  if (w === undefined) return "exact";
  if (w.text === "initial" || w.text === "partial") return w.text;
  ctx.error(
    w.at,
    "VK0305",
    `Invalid param_match '${w.text}' (initial or partial); keepalived ignores it`,
  );
  return "exact";
}

/** Resolve one `vrrp_track_process` block; undefined when it has no process. */
export function buildTrackProcess(ctx: Ctx, n: Named): TrackProcess | undefined {
  const b = n.block;
  const what = `vrrp_track_process '${n.name}'`;
  const process = b.get<string[]>("process");
  if (process === undefined || process.length === 0) {
    ctx.error(n.at, "VK0402", `No process set for ${what}; keepalived ignores it`);
    return undefined;
  }
  const wItem = b.item("weight");
  const w = wItem
    ? readBlockWeight(ctx, wItem.stmt.args, what, "keepalived ignores the line", {})
    : {};
  const delay = b.get<number>("delay");
  const p: TrackProcess = {
    name: n.name,
    process,
    paramMatch: paramMatch(ctx, b),
    weight: w.weight ?? 0,
    reverse: w.reverse ?? false,
    quorum: b.get<number>("quorum") ?? 1,
    delay: delay ?? 0,
    terminateDelay: b.get<number>("terminate_delay") ?? delay ?? 0,
    forkDelay: b.get<number>("fork_delay") ?? delay ?? 0,
    fullCommand: b.has("full_command"),
  };
  const qmax = b.get<number>("quorum_max");
  if (qmax !== undefined) {
    if (qmax < p.quorum) {
      ctx.error(
        b.item("quorum_max")!.stmt.args[0]!.at,
        "VK0302",
        `quorum_max ${qmax} is below quorum ${p.quorum} for ${what}; keepalived ignores quorum_max`,
      );
    } else p.quorumMax = qmax;
  }
  return located(p, n);
}
