/**
 * Sync groups: members move together (spec §4.4, §5.2). At run time the triggering instance
 * acts first, the other members follow in `group{}` order, and the group's own state change and
 * notifies come last.
 *
 * @module
 */

import type { VrrpState } from "./actions.ts";
import type { Ctx } from "./_sm_ctx.ts";
import type { GroupConfig } from "./engine_config.ts";
import {
  becomeMaster,
  enterBackup,
  enterFault,
  type InstanceRt,
  isDown,
  leaveMaster,
} from "./instance.ts";
import { transitionNotify, type TransitionWord } from "./_sm_notify.ts";

/**
 * The run-time record of a sync group.
 *
 * @example
 * ```ts
 * import { createGroupRt } from "./sync_group.ts";
 * const g = createGroupRt({ name: "G", members: [], notify: {} }, []);
 * if (g.state !== "INIT") throw new Error();
 * ```
 */
export interface GroupRt {
  /** Configuration. */
  cfg: GroupConfig;
  /** Current group state. */
  state: VrrpState;
  /** Member instances in `group{}` order. */
  members: InstanceRt[];
}

/**
 * Creates a group record in INIT and links its members to it.
 *
 * @param cfg Group configuration.
 * @param members The member instances in `group{}` order.
 * @returns The group record.
 *
 * @example
 * ```ts
 * import { createGroupRt } from "./sync_group.ts";
 * import { createInstanceRt } from "./instance.ts";
 * import { instanceConfig } from "./engine_config.ts";
 * const vi = createInstanceRt(instanceConfig({ name: "VI_1", vrid: 1 }), 0);
 * const g = createGroupRt({ name: "G", members: ["VI_1"], notify: {} }, [vi]);
 * if (vi.group !== g) throw new Error();
 * ```
 */
export function createGroupRt(cfg: GroupConfig, members: InstanceRt[]): GroupRt {
  const g: GroupRt = { cfg, state: "INIT", members };
  for (const m of members) m.group = g;
  return g;
}

/** Changes the group state and sends the group notifies (priority 0). */
export function setGroupState(ctx: Ctx, g: GroupRt, to: TransitionWord): void {
  const from = g.state;
  if (from === to) return;
  g.state = to;
  ctx.out.push({ type: "state", scope: "group", name: g.cfg.name, from, to, cause: ctx.cause });
  ctx.out.push(transitionNotify("group", g.cfg.name, g.cfg.notify, to, 0));
}

function live(g: GroupRt): InstanceRt[] {
  return g.members.filter((m) => m.state !== "DELETED" && m.state !== "STOP");
}

/** Every member other than `inst` is MASTER or wants to be (spec §4.4 step 1). */
export function othersWantMaster(g: GroupRt, inst: InstanceRt): boolean {
  return live(g).every((m) => m === inst || m.state === "MASTER" || m.wantMaster);
}

/** Some member other than `except` is faulty. */
export function anyMemberDown(g: GroupRt, except?: InstanceRt): boolean {
  return live(g).some((m) => m !== except && isDown(m));
}

/** Some member other than `except` waits for a weight-0 script's first result. */
export function anyMemberPending(g: GroupRt, except?: InstanceRt): boolean {
  return live(g).some((m) => m !== except && m.pending > 0);
}

function asSync(ctx: Ctx, fn: () => void): void {
  const cause = ctx.cause;
  ctx.cause = "sync";
  try {
    fn();
  } finally {
    ctx.cause = cause;
  }
}

/** After `trigger` became MASTER: the other BACKUP members follow, then the group. */
export function syncToMaster(ctx: Ctx, g: GroupRt, trigger: InstanceRt): void {
  asSync(ctx, () => {
    for (const m of live(g)) if (m !== trigger && m.state === "BACKUP") becomeMaster(ctx, m);
  });
  setGroupState(ctx, g, "MASTER");
}

/**
 * After `trigger` went to BACKUP: other MASTER members step down (no advert), healthy members in
 * FAULT or INIT come up to BACKUP, then the group.
 */
export function syncToBackup(ctx: Ctx, g: GroupRt, trigger: InstanceRt): void {
  asSync(ctx, () => {
    for (const m of live(g)) {
      if (m === trigger) continue;
      if (m.state === "MASTER") {
        // keepalived sets the wish of a member pulled out of MASTER to BACKUP: it must time out
        // again itself before the group goes back to MASTER.
        m.wantMaster = false;
        leaveMaster(ctx, m);
      } else if ((m.state === "FAULT" || m.state === "INIT") && !isDown(m) && m.pending === 0) {
        enterBackup(ctx, m);
      }
    }
  });
  setGroupState(ctx, g, "BACKUP");
}

/** After `trigger` went to FAULT: every other member follows (masters send one priority-0 advert). */
export function syncToFault(ctx: Ctx, g: GroupRt, trigger: InstanceRt): void {
  asSync(ctx, () => {
    for (const m of live(g)) if (m !== trigger && m.state !== "FAULT") enterFault(ctx, m, 1);
  });
  setGroupState(ctx, g, "FAULT");
}
