/**
 * Pieces shared by instances and sync groups: tracked-object references (with the weight rules)
 * and notify hooks.
 *
 * @module
 */

import type { Notifies, ScriptCommand, TrackRef, VrrpInstance } from "./model.ts";
import { splitCommandChecked } from "./command.ts";
import type { Block } from "./_validate_block.ts";
import type { Ctx } from "./_validate_context.ts";
import type { RawTrack } from "./_validate_entries.ts";
import { reportCommandProblems } from "./_validate_read.ts";
import { resolveTrack, type TrackKind, type Weighted } from "./_validate_weights.ts";

/** Tracked objects by name, for weights of references. */
export interface Objects {
  /** vrrp_script blocks. */
  scripts: Map<string, Weighted>;
  /** track_file blocks. */
  files: Map<string, Weighted>;
  /** vrrp_track_process blocks. */
  processes: Map<string, Weighted>;
}

function tracks(
  ctx: Ctx,
  b: Block,
  key: string,
  kind: TrackKind,
  objs: Map<string, Weighted> | undefined,
): TrackRef[] {
  return b.entries(key, "track").map((raw: RawTrack) =>
    resolveTrack(ctx, raw, kind, objs?.get(raw.name))
  );
}

/** Resolve the trackers of an instance or sync group block. */
export function readTrackers(
  ctx: Ctx,
  b: Block,
  objs: Objects,
): Pick<
  VrrpInstance,
  "trackInterface" | "trackScript" | "trackFile" | "trackProcess" | "trackBfd"
> {
  return {
    trackInterface: tracks(ctx, b, "track_interface", "interface", undefined),
    trackScript: tracks(ctx, b, "track_script", "script", objs.scripts),
    trackFile: tracks(ctx, b, "track_file", "file", objs.files),
    trackProcess: tracks(ctx, b, "track_process", "process", objs.processes),
    trackBfd: tracks(ctx, b, "track_bfd", "bfd", undefined),
  };
}

/** Read the notify hooks of an instance or sync group block. */
export function readNotifies(ctx: Ctx, b: Block): Notifies {
  const n: Notifies = {};
  const set = (key: keyof Notifies, kw: string) => {
    const c = b.get<ScriptCommand>(kw);
    if (c !== undefined) (n as Record<string, ScriptCommand>)[key] = c;
  };
  set("master", "notify_master");
  set("backup", "notify_backup");
  set("fault", "notify_fault");
  set("stop", "notify_stop");
  set("generic", "notify");
  set("masterRxLowerPri", "notify_master_rx_lower_pri");
  const del = b.item("notify_deleted");
  if (del !== undefined) {
    if (del.stmt.args.length === 0) n.deleted = true;
    else {
      const { command, problems } = splitCommandChecked(del.stmt.raw);
      reportCommandProblems(ctx, del.stmt, problems);
      n.deleted = command;
    }
  }
  return n;
}
