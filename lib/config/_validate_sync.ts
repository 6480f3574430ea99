/**
 * Sync groups (spec §2.5): membership checks, the tracker weight rules of §3.5 and the state rule
 * of §2.7 step 15.
 *
 * @module
 */

import type { SyncGroup, TrackRef, VrrpInstance } from "./model.ts";
import type { Named } from "./_validate_block.ts";
import type { Ctx } from "./_validate_context.ts";
import { type Objects, readNotifies, readTrackers } from "./_validate_shared.ts";

/** Read one sync group and attach its members (`syncGroup` set on each member instance). */
export function buildSyncGroup(
  ctx: Ctx,
  n: Named,
  instances: Map<string, VrrpInstance>,
  objs: Objects,
): SyncGroup | undefined {
  const b = n.block;
  const members: string[] = [];
  if (!b.has("group")) {
    ctx.error(
      n.at,
      "VK0402",
      `vrrp_sync_group '${n.name}' has no group block; keepalived removes it`,
    );
    return undefined;
  }
  for (const m of b.entries("group", "member")) {
    const inst = instances.get(m.name);
    if (inst === undefined) {
      ctx.error(
        m.at,
        "VK0413",
        `Sync group '${n.name}' member '${m.name}' is not a vrrp_instance; keepalived skips it`,
      );
    } else if (inst.syncGroup !== undefined) {
      ctx.error(
        m.at,
        "VK0413",
        `Instance '${m.name}' is already in sync group '${inst.syncGroup}'; keepalived skips it here`,
      );
    } else {
      inst.syncGroup = n.name;
      members.push(m.name);
    }
  }
  if (members.length === 0) {
    ctx.warn(n.at, "VK0414", `Sync group '${n.name}' has no valid member; keepalived removes it`);
    return undefined;
  }
  if (members.length === 1) {
    ctx.warn(
      n.at,
      "VK0414",
      `Sync group '${n.name}' has only 1 member; this is probably not what you want`,
    );
  }
  const g: SyncGroup = {
    name: n.name,
    group: members,
    ...readTrackers(ctx, b, objs),
    notify: readNotifies(ctx, b),
    syncGroupTrackingWeight: b.has("sync_group_tracking_weight") || b.has("global_tracking"),
    notifyPriorityChanges: b.get<boolean>("notify_priority_changes") ?? false,
    other: b.other,
    at: n.at,
  };
  if (Object.keys(b.keyAt).length > 0) g.keyAt = b.keyAt;
  return g;
}

/**
 * Apply §3.5 to the members of a group (unless it keeps tracking weights), zero the group's own
 * weights when a member is an address owner, and apply §2.7 step 15 to the members' states.
 */
export function applySyncRules(ctx: Ctx, g: SyncGroup, instances: Map<string, VrrpInstance>): void {
  const members = g.group.map((n) => instances.get(n)!).filter((i) => i !== undefined);
  const groupIfs = new Set(g.trackInterface.map((t) => t.name));
  for (const inst of members) {
    for (const t of inst.trackInterface) {
      if (groupIfs.has(t.name)) {
        ctx.warn(
          t.at ?? inst.at!,
          "VK0422",
          `(${inst.name}) interface '${t.name}' is tracked by the instance and by its sync group '${g.name}'; keep one of them`,
        );
      }
    }
  }
  if (!g.syncGroupTrackingWeight) {
    for (const inst of members) memberTrackers(ctx, inst, g.name);
  }
  if (members.some((i) => i.priority === 255)) {
    for (const list of [g.trackInterface, g.trackScript, g.trackFile, g.trackProcess, g.trackBfd]) {
      for (const t of list) {
        if (t.weight !== 0) {
          ctx.warn(
            t.at ?? g.at!,
            "VK0412",
            `Sync group '${g.name}' has an address owner member: keepalived sets the weight of tracked '${t.name}' to 0`,
          );
          t.weight = 0;
        }
      }
    }
  }
  const wantsMaster = members.some((i) => i.state === "MASTER");
  const allOwners = members.every((i) => i.state === "MASTER" && i.priority === 255);
  if (wantsMaster && !allOwners) {
    for (const i of members) {
      if (i.state === "MASTER") {
        ctx.warn(
          i.keyAt?.["state"] ?? i.at!,
          "VK0403",
          `(${i.name}) starts as BACKUP: in sync group '${g.name}' keepalived starts members as MASTER only when every member is an address owner (priority 255)`,
        );
        i.state = "BACKUP";
      }
    }
  }
}

function memberTrackers(ctx: Ctx, inst: VrrpInstance, group: string): void {
  const hint = "add sync_group_tracking_weight to the group to keep the weights";
  const msg = (what: string) => `(${inst.name}) is in sync group '${group}': keepalived ${what}`;
  for (const t of inst.trackInterface) {
    if (t.weight !== 0) {
      ctx.warn(
        t.at ?? inst.at!,
        "VK0411",
        msg(`ignores the weight of tracked interface '${t.name}' (uses 0)`),
        hint,
      );
      t.weight = 0;
    }
  }
  const remove = (list: TrackRef[], what: string) =>
    list.filter((t) => {
      if (t.weight === 0) return true;
      ctx.warn(
        t.at ?? inst.at!,
        "VK0411",
        msg(`removes tracked ${what} '${t.name}' with a weight`),
        hint,
      );
      return false;
    });
  inst.trackScript = remove(inst.trackScript, "script");
  inst.trackBfd = remove(inst.trackBfd, "bfd");
  inst.trackFile = inst.trackFile.filter((t) => {
    if (t.weight === 0) return true;
    if (t.weightGiven) {
      ctx.warn(
        t.at ?? inst.at!,
        "VK0411",
        msg(`removes tracked file '${t.name}' with a weight`),
        hint,
      );
      return false;
    }
    ctx.warn(
      t.at ?? inst.at!,
      "VK0411",
      msg(`sets the weight of tracked file '${t.name}' to 0`),
      hint,
    );
    t.weight = 0;
    return true;
  });
}
