/**
 * The bodies of the per-state handlers that `state_machine.ts` lists in its `HANDLERS` table
 * (spec §4.4–4.6): what BACKUP and MASTER do with an advert, a timer or a health change.
 *
 * @module
 */

import type { ReceivedAdvert } from "./advert.ts";
import type { Ctx } from "./_sm_ctx.ts";
import {
  becomeMaster,
  enterBackup,
  enterFault,
  garpBurst,
  type InstanceRt,
  isDown,
  leaveMaster,
  masterDownOf,
  recompute,
  reportPriority,
  restoreOwner,
  sendAdvert,
  skewOf,
} from "./instance.ts";
import {
  anyMemberDown,
  anyMemberPending,
  othersWantMaster,
  setGroupState,
  syncToBackup,
  syncToFault,
  syncToMaster,
} from "./sync_group.ts";
import { instanceEventNotify } from "./_sm_notify.ts";
import { compareAddresses } from "./_sm_addr.ts";
import { skewTimeUs, US_PER_CENTISECOND } from "./timers.ts";

/** A per-state handler: `rx` is set for the `advert` input. */
export type Handler = (ctx: Ctx, inst: InstanceRt, rx?: ReceivedAdvert) => void;

function priorityChanged(ctx: Ctx, inst: InstanceRt): boolean {
  return reportPriority(ctx, inst);
}

function goFault(ctx: Ctx, inst: InstanceRt, zeros: 1 | 2): void {
  enterFault(ctx, inst, zeros);
  const g = inst.group;
  if (g !== undefined && g.state !== "FAULT") syncToFault(ctx, g, inst);
}

function tryUp(ctx: Ctx, inst: InstanceRt): void {
  if (isDown(inst) || inst.pending > 0) return;
  const g = inst.group;
  if (g !== undefined && (anyMemberDown(g, inst) || anyMemberPending(g, inst))) return;
  enterBackup(ctx, inst);
  if (g !== undefined) syncToBackup(ctx, g, inst);
}

function adopt(inst: InstanceRt, rx: ReceivedAdvert): void {
  if (inst.cfg.version === 3) inst.masterAdverIntUs = rx.advert.intervalCs * US_PER_CENTISECOND;
  inst.masterAddress = rx.source;
  inst.masterPriority = rx.advert.priority;
  inst.wantMaster = false;
}

export const backupAdvert: Handler = (ctx, inst, rx) => {
  if (rx === undefined) return;
  const prio = rx.advert.priority;
  if (prio === 0) {
    ctx.arm(inst, "Master_Down_Timer", ctx.now + skewOf(inst));
    return;
  }
  const { cfg } = inst;
  if (inst.ownerLowered && (prio < 255 || rx.source !== inst.masterAddress)) {
    restoreOwner(ctx, inst);
  }
  const windowOpen = cfg.preemptDelayUs > 0 &&
    (inst.preemptDelayUntil === undefined || ctx.now < inst.preemptDelayUntil);
  if (!(cfg.nopreempt || prio >= inst.effective || windowOpen)) {
    ctx.out.push({
      type: "log",
      instance: cfg.name,
      message: `received lower priority (${prio}) advert from ${rx.source} - discarding`,
    });
    return;
  }
  adopt(inst, rx);
  if (prio >= inst.effective) inst.preemptDelayUntil = undefined;
  else if (cfg.preemptDelayUs > 0 && inst.preemptDelayUntil === undefined) {
    inst.preemptDelayUntil = ctx.now + cfg.preemptDelayUs;
    ctx.out.push({ type: "log", instance: cfg.name, message: "start preempt delay" });
  }
  ctx.arm(inst, "Master_Down_Timer", ctx.now + masterDownOf(inst));
};

export const backupTimeout: Handler = (ctx, inst) => {
  const g = inst.group;
  if (g !== undefined && g.state !== "MASTER" && !othersWantMaster(g, inst)) {
    inst.wantMaster = true;
    ctx.arm(inst, "Master_Down_Timer", ctx.now + masterDownOf(inst));
    return;
  }
  becomeMaster(ctx, inst);
  if (g !== undefined) syncToMaster(ctx, g, inst);
};

export const masterAdvert: Handler = (ctx, inst, rx) => {
  if (rx === undefined) return;
  const { cfg } = inst;
  if (cfg.ownerIgnoreAdverts && inst.base === 255) return;
  const prio = rx.advert.priority;
  const own = inst.effective;
  const cmp = prio === own ? compareAddresses(rx.source, inst.source ?? "0.0.0.0") : 0;
  if (prio === 255 && own === 255 && cmp !== 0) {
    ctx.out.push({
      type: "log",
      instance: cfg.name,
      message: "CONFIGURATION ERROR: local instance and a remote instance are both configured " +
        "as address owner",
    });
    const until = inst.ownerConflictUntil;
    if (cmp < 0 && until !== undefined && ctx.now < until) {
      // The other owner did not step down: lower ourselves to 254 and let it be master.
      inst.ownerLowered = true;
      recompute(inst);
      reportPriority(ctx, inst);
      adopt(inst, rx);
      leaveMaster(ctx, inst);
      if (inst.group !== undefined) syncToBackup(ctx, inst.group, inst);
      return;
    }
    if (cmp < 0) {
      const peer = rx.advert.intervalCs * US_PER_CENTISECOND;
      inst.ownerConflictUntil = ctx.now + Math.floor(Math.max(cfg.advertIntUs, peer) * 1.2);
    }
  }
  if (prio === 0) {
    sendAdvert(ctx, inst, own);
  } else if (prio > own || cmp > 0) {
    if (cfg.higherPrioSendAdvert) sendAdvert(ctx, inst, own);
    adopt(inst, rx);
    leaveMaster(ctx, inst);
    if (inst.group !== undefined) syncToBackup(ctx, inst.group, inst);
    return;
  } else if (prio < own || cmp < 0) {
    ctx.out.push({
      type: "log",
      instance: cfg.name,
      message: `Received advert from ${rx.source} with lower priority ${prio}, ours ${own}` +
        (cfg.lowerPrioNoAdvert ? "" : ", forcing new election"),
    });
    if (!cfg.lowerPrioNoAdvert) sendAdvert(ctx, inst, own);
    const peers = inst.group?.members.filter((m) => m.state === "MASTER") ?? [inst];
    for (const m of peers) {
      garpBurst(ctx, m, m.cfg.garp.lowerPrioRepeat, "lower-prio");
      if (m.cfg.garp.lowerPrioRepeat > 0 && m.cfg.garp.lowerPrioDelayUs > 0) {
        ctx.arm(m, "Lower_Prio_Garp_Timer", ctx.now + m.cfg.garp.lowerPrioDelayUs);
      }
    }
    ctx.out.push(instanceEventNotify(cfg.name, cfg.notify, "MASTER_RX_LOWER_PRI", own));
  } else {
    ctx.out.push({
      type: "log",
      instance: cfg.name,
      message: "equal priority advert received from remote host with our IP address",
    });
  }
  if (!cfg.lowerPrioNoAdvert) ctx.arm(inst, "Adver_Timer", ctx.now + cfg.advertIntUs);
};

export const masterTx: Handler = (ctx, inst) => {
  const { cfg } = inst;
  const prio = cfg.timerExpiredBackup;
  if (prio !== undefined && inst.lastAdvertAt !== undefined) {
    const limit = 3 * cfg.advertIntUs + skewTimeUs(cfg.version, prio, cfg.advertIntUs);
    if (ctx.now - inst.lastAdvertAt > limit) {
      // timer_expired_backup: we were not scheduled for too long, a backup has taken over.
      ctx.out.push({ type: "log", instance: cfg.name, message: "timer expired - becoming BACKUP" });
      leaveMaster(ctx, inst);
      if (inst.group !== undefined) syncToBackup(ctx, inst.group, inst);
      return;
    }
  }
  sendAdvert(ctx, inst, inst.effective);
  ctx.arm(inst, "Adver_Timer", ctx.now + cfg.advertIntUs);
};

export function health(state: "INIT" | "BACKUP" | "MASTER" | "FAULT"): Handler {
  return (ctx, inst) => {
    const before = inst.reportedEffective;
    const changed = priorityChanged(ctx, inst);
    if (state === "INIT" || state === "FAULT") {
      if (isDown(inst)) {
        if (state === "INIT") goFault(ctx, inst, 1);
        return;
      }
      tryUp(ctx, inst);
      return;
    }
    if (isDown(inst)) {
      goFault(ctx, inst, state === "MASTER" ? 2 : 1);
      return;
    }
    if (!changed) return;
    if (state === "BACKUP") {
      const at = inst.timerAt["Master_Down_Timer"];
      if (at !== undefined) {
        const { version } = inst.cfg;
        const oldSkew = skewTimeUs(version, before, inst.masterAdverIntUs);
        ctx.arm(inst, "Master_Down_Timer", at + skewOf(inst) - oldSkew);
      }
    }
    if (inst.cfg.notifyPriorityChanges) {
      const word = state === "MASTER" ? "MASTER_PRIORITY" : "BACKUP_PRIORITY";
      ctx.out.push(instanceEventNotify(inst.cfg.name, inst.cfg.notify, word, inst.effective));
    }
  };
}

/** MASTER: the second burst after garp_master_delay. */
/**
 * A tracked VIP of a MASTER was deleted from outside (keepalived's `set_vrrp_backup`): a
 * priority-0 advert (the counted one), the rest released, BACKUP with a notify, and
 * Master_Down_Timer set to Skew_Time, so the instance comes back at once and puts everything back
 * unless a better router answers the priority 0 first. Sync-group peers that are MASTER step down
 * the same way, then the group goes BACKUP.
 */
export const masterAddressLost: Handler = (ctx, inst) => {
  const bounce = (m: InstanceRt) => {
    sendAdvert(ctx, m, 0, true);
    m.wantMaster = false;
    leaveMaster(ctx, m);
    ctx.arm(m, "Master_Down_Timer", ctx.now + skewOf(m));
  };
  bounce(inst);
  const g = inst.group;
  if (g === undefined) return;
  for (const m of g.members) if (m !== inst && m.state === "MASTER") bounce(m);
  setGroupState(ctx, g, "BACKUP");
};

export const garpDelay: Handler = (ctx, inst) =>
  garpBurst(ctx, inst, inst.cfg.garp.masterRepeat, "master-delay");

/** MASTER: a refresh burst, re-armed every garp_master_refresh. */
export const garpRefresh: Handler = (ctx, inst) => {
  garpBurst(ctx, inst, inst.cfg.garp.masterRefreshRepeat, "refresh");
  ctx.arm(inst, "Garp_Refresh_Timer", ctx.now + inst.cfg.garp.masterRefreshUs);
};

/** MASTER: the second burst after garp_lower_prio_delay. */
export const lowerPrioGarp: Handler = (ctx, inst) =>
  garpBurst(ctx, inst, inst.cfg.garp.lowerPrioRepeat, "lower-prio");
