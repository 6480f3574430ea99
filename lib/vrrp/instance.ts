/**
 * The run-time record of one VRRP instance and the building blocks of its transitions, each
 * emitting its actions in keepalived's order (spec §4.4). Which block runs when is decided by the
 * table in `state_machine.ts`.
 *
 * @module
 */

import type { Advert } from "./advert.ts";
import type { Action, VrrpState } from "./actions.ts";
import type { Ctx } from "./_sm_ctx.ts";
import type { InstanceConfig } from "./engine_config.ts";
import type { GroupRt } from "./sync_group.ts";
import { computePriority, type TrackerReading, type TrackerSpec } from "./priority.ts";
import { intervalCentis, masterDownIntervalUs, skewTimeUs } from "./timers.ts";
import { transitionNotify, type TransitionWord } from "./_sm_notify.ts";

/**
 * keepalived's per-instance counters that the engine owns (spec §7.2 stats). Packet errors are
 * counted by the receive checks, not here.
 *
 * @example
 * ```ts
 * import type { InstanceStats } from "./instance.ts";
 * const s: InstanceStats = { advertRcvd: 0, advertSent: 0, becomeMaster: 0, releaseMaster: 0,
 *   priZeroRcvd: 0, priZeroSent: 0 };
 * ```
 */
export interface InstanceStats {
  /** Adverts processed (already accepted by the checks). */
  advertRcvd: number;
  /** Adverts sent (priority-0 included). */
  advertSent: number;
  /** Times the instance became MASTER. */
  becomeMaster: number;
  /** Times it left MASTER. */
  releaseMaster: number;
  /** Priority-0 adverts received. */
  priZeroRcvd: number;
  /** Priority-0 adverts sent that keepalived counts (one per release). */
  priZeroSent: number;
}

/**
 * The state of one instance inside the engine.
 *
 * @example
 * ```ts
 * import { createInstanceRt } from "./instance.ts";
 * import { instanceConfig } from "./engine_config.ts";
 * const rt = createInstanceRt(instanceConfig({ name: "VI_1", vrid: 1 }), 0);
 * if (rt.state !== "INIT") throw new Error();
 * ```
 */
export interface InstanceRt {
  /** Configuration. */
  cfg: InstanceConfig;
  /** Position in configuration order. */
  index: number;
  /** Current state. */
  state: VrrpState;
  /** keepalived's `wantstate` is MASTER. */
  wantMaster: boolean;
  /** Base priority (configured, or changed by an event). */
  base: number;
  /** Effective priority. */
  effective: number;
  /** Effective priority as last reported by a `priority` action (or at creation). */
  reportedEffective: number;
  /** Trackers with their last readings (`undefined` = no result yet). */
  trackers: { spec: TrackerSpec; reading: TrackerReading | undefined }[];
  /** Number of trackers in FAULT. */
  faults: number;
  /** Weight-0 trackers waiting for a first result. */
  pending: number;
  /** Own interface is down. */
  ifDown: boolean;
  /**
   * No source address of the instance's family (keepalived's "no source IP" fault: the interface
   * has none and none is configured, or a tracked configured one is gone).
   */
  noSource: boolean;
  /** Master_Adver_Interval in µs (own, or adopted from the master in v3). */
  masterAdverIntUs: number;
  /** Address of the last accepted master. */
  masterAddress: string | undefined;
  /** Priority of the last accepted master. */
  masterPriority: number | undefined;
  /** End of the preempt-delay window once started. */
  preemptDelayUntil: number | undefined;
  /** An owner that lost an owner conflict runs at 254 until it is MASTER again (spec §3.3). */
  ownerLowered: boolean;
  /** End of the window after a first owner conflict, while MASTER. */
  ownerConflictUntil: number | undefined;
  /** When the last advert was sent (µs). */
  lastAdvertAt: number | undefined;
  /** Own source address for the tie-break. */
  source: string | undefined;
  /** Has sent a notify before (spec §5.1 step 1). */
  notified: boolean;
  /** Sync group, if a member. */
  group: GroupRt | undefined;
  /** Armed timers: deadline in µs. */
  timerAt: Record<string, number | undefined>;
  /** Generation per timer, to invalidate stale heap entries. */
  timerGen: Record<string, number>;
  /** Deadline of the timer's live heap entry (a later re-arm keeps it and moves it when due). */
  timerEntry: Record<string, number | undefined>;
  /** Arming order of each timer, the tie-break between equal deadlines. */
  timerSeq: Record<string, number>;
  /** Counters. */
  stats: InstanceStats;
  /** Everything of an advert but its priority. */
  advertTemplate: Omit<Advert, "priority">;
}

/** A record with every timer name as a key, in one fixed order (keeps V8's shapes stable). */
function timerRecord<T>(value: T): Record<string, T> {
  return {
    Adver_Timer: value,
    Master_Down_Timer: value,
    Garp_Delay_Timer: value,
    Garp_Refresh_Timer: value,
    Lower_Prio_Garp_Timer: value,
  };
}

/**
 * A fresh instance in INIT with interfaces up, files at 0 and scripts without results.
 *
 * @param cfg Instance configuration.
 * @param index Position in configuration order.
 * @returns The run-time record.
 *
 * @example
 * ```ts
 * import { createInstanceRt } from "./instance.ts";
 * import { instanceConfig } from "./engine_config.ts";
 * const rt = createInstanceRt(instanceConfig({ name: "VI_1", vrid: 1, priority: 150 }), 0);
 * if (rt.effective !== 150) throw new Error();
 * ```
 */
export function createInstanceRt(cfg: InstanceConfig, index: number): InstanceRt {
  const template: Omit<Advert, "priority"> = {
    version: cfg.version,
    vrid: cfg.vrid,
    intervalCs: cfg.version === 2
      ? Math.max(1, Math.round(cfg.advertIntUs / 1_000_000)) * 100
      : intervalCentis(cfg.advertIntUs),
    family: cfg.family,
    addresses: cfg.vips.map((v) => v.address),
  };
  if (cfg.version === 2 && cfg.authentication !== undefined) {
    const data = new Uint8Array(8);
    data.set(new TextEncoder().encode(cfg.authentication.password).subarray(0, 8));
    template.auth = { type: cfg.authentication.type === "PASS" ? 1 : 2, data };
  }
  const rt: InstanceRt = {
    cfg,
    index,
    state: "INIT",
    wantMaster: cfg.wantMaster,
    base: cfg.priority,
    effective: cfg.priority,
    reportedEffective: cfg.priority,
    trackers: cfg.trackers.map((spec) => ({
      spec,
      reading: spec.kind === "interface"
        ? { ok: true }
        : spec.kind === "file"
        ? { value: 0 }
        : undefined,
    })),
    faults: 0,
    pending: 0,
    ifDown: false,
    noSource: false,
    masterAdverIntUs: cfg.advertIntUs,
    masterAddress: undefined,
    masterPriority: undefined,
    preemptDelayUntil: undefined,
    ownerLowered: false,
    ownerConflictUntil: undefined,
    lastAdvertAt: undefined,
    source: cfg.sourceAddress,
    notified: false,
    group: undefined,
    timerAt: timerRecord(undefined),
    timerGen: timerRecord(0),
    timerEntry: timerRecord(undefined),
    timerSeq: timerRecord(0),
    stats: {
      advertRcvd: 0,
      advertSent: 0,
      becomeMaster: 0,
      releaseMaster: 0,
      priZeroRcvd: 0,
      priZeroSent: 0,
    },
    advertTemplate: template,
  };
  recompute(rt);
  rt.reportedEffective = rt.effective;
  return rt;
}

/** Recomputes effective priority, fault and pending counts from the trackers. */
export function recompute(inst: InstanceRt): void {
  const p = computePriority(inst.base, inst.trackers);
  inst.effective = inst.ownerLowered ? Math.min(254, p.effective) : p.effective;
  inst.faults = p.faults;
  inst.pending = p.pending;
}

/**
 * The instance has a fault: a tracker, its own interface (unless `dont_track_primary`), or no
 * source address.
 */
export function isDown(inst: InstanceRt): boolean {
  return inst.faults > 0 || (inst.ifDown && !inst.cfg.dontTrackPrimary) || inst.noSource;
}

/** Skew_Time of the instance now. */
export function skewOf(inst: InstanceRt): number {
  return skewTimeUs(inst.cfg.version, inst.effective, inst.masterAdverIntUs);
}

/** Master_Down_Interval of the instance now. */
export function masterDownOf(inst: InstanceRt): number {
  return masterDownIntervalUs(
    inst.cfg.version,
    inst.effective,
    inst.masterAdverIntUs,
    inst.cfg.downTimerAdverts,
  );
}

/**
 * Emits a `priority` action when the effective priority differs from the one last reported.
 *
 * @returns Whether it changed.
 */
export function reportPriority(ctx: Ctx, inst: InstanceRt): boolean {
  const before = inst.reportedEffective;
  if (inst.effective === before) return false;
  inst.reportedEffective = inst.effective;
  ctx.out.push({ type: "priority", instance: inst.cfg.name, from: before, to: inst.effective });
  return true;
}

/** An owner lowered to 254 by an owner conflict goes back to 255 (spec §3.3). */
export function restoreOwner(ctx: Ctx, inst: InstanceRt): void {
  if (!inst.ownerLowered) return;
  inst.ownerLowered = false;
  recompute(inst);
  reportPriority(ctx, inst);
}

/** Changes the state and records it. */
export function setState(ctx: Ctx, inst: InstanceRt, to: VrrpState): void {
  const from = inst.state;
  if (from === to) return;
  inst.state = to;
  ctx.out.push({
    type: "state",
    scope: "instance",
    name: inst.cfg.name,
    from,
    to,
    cause: ctx.cause,
  });
}

/** Sends the instance's notifies for a transition, unless suppressed (spec §5.1 step 1). */
export function notifyInstance(ctx: Ctx, inst: InstanceRt, word: TransitionWord): void {
  if (inst.group !== undefined && inst.notified && inst.group.state === word) return;
  inst.notified = true;
  ctx.out.push(transitionNotify("instance", inst.cfg.name, inst.cfg.notify, word, inst.effective));
}

/** Sends an advert with `priority`. */
export function sendAdvert(ctx: Ctx, inst: InstanceRt, priority: number, counted = false): void {
  inst.stats.advertSent++;
  inst.lastAdvertAt = ctx.now;
  const t = inst.advertTemplate;
  const advert: Advert = {
    version: t.version,
    vrid: t.vrid,
    priority,
    intervalCs: t.intervalCs,
    family: t.family,
    addresses: t.addresses,
  };
  if (t.auth !== undefined) advert.auth = t.auth;
  if (counted) {
    inst.stats.priZeroSent++;
    ctx.out.push({ type: "advert", instance: inst.cfg.name, advert, priZeroCounted: true });
  } else {
    ctx.out.push({ type: "advert", instance: inst.cfg.name, advert });
  }
}

/** A GARP / NA burst over all VIPs then all excluded VIPs. */
export function garpBurst(
  ctx: Ctx,
  inst: InstanceRt,
  repeat: number,
  reason: "master" | "master-delay" | "refresh" | "lower-prio",
): void {
  if (repeat <= 0) return;
  const addresses = [...inst.cfg.vips, ...inst.cfg.excludedVips];
  if (addresses.length === 0) return;
  ctx.out.push({ type: "garp", instance: inst.cfg.name, addresses, repeat, reason });
}

/** Removes the VIPs, excluded VIPs, routes and rules (nothing when the instance has none). */
export function removeVips(ctx: Ctx, inst: InstanceRt): void {
  const a = addressAction("remove-vips", inst.cfg);
  if (a !== undefined) ctx.out.push(a);
}

/**
 * The action that installs or removes everything of `cfg` a MASTER holds (VIPs, excluded VIPs,
 * routes, rules), or undefined when it holds nothing.
 */
export function addressAction(
  type: "add-vips" | "remove-vips",
  cfg: InstanceConfig,
): Extract<Action, { type: "add-vips" | "remove-vips" }> | undefined {
  const { vips, excludedVips, routes, rules } = cfg;
  if (vips.length + excludedVips.length + routes.length + rules.length === 0) return undefined;
  return {
    type,
    instance: cfg.name,
    vips,
    excluded: excludedVips,
    ...(routes.length > 0 ? { routes } : {}),
    ...(rules.length > 0 ? { rules } : {}),
  };
}

const MASTER_ONLY_TIMERS = [
  "Adver_Timer",
  "Garp_Delay_Timer",
  "Garp_Refresh_Timer",
  "Lower_Prio_Garp_Timer",
] as const;

/** Cancels every timer of the instance. */
export function cancelAll(ctx: Ctx, inst: InstanceRt): void {
  for (const t of MASTER_ONLY_TIMERS) ctx.arm(inst, t, undefined);
  ctx.arm(inst, "Master_Down_Timer", undefined);
}

/**
 * BACKUP → MASTER, steps 2–8 of spec §4.4: advert first, then VIPs, then GARP, then notifies.
 */
export function becomeMaster(ctx: Ctx, inst: InstanceRt): void {
  const { cfg } = inst;
  ctx.arm(inst, "Master_Down_Timer", undefined);
  inst.wantMaster = true;
  ctx.arm(inst, "Adver_Timer", ctx.now + cfg.advertIntUs);
  sendAdvert(ctx, inst, inst.effective);
  setState(ctx, inst, "MASTER");
  inst.stats.becomeMaster++;
  inst.ownerConflictUntil = undefined;
  restoreOwner(ctx, inst);
  inst.masterAdverIntUs = cfg.advertIntUs;
  inst.masterAddress = inst.source;
  inst.masterPriority = inst.effective;
  const add = addressAction("add-vips", cfg);
  if (add !== undefined) ctx.out.push(add);
  garpBurst(ctx, inst, cfg.garp.masterRepeat, "master");
  if (cfg.garp.masterDelayUs > 0) {
    ctx.arm(inst, "Garp_Delay_Timer", ctx.now + cfg.garp.masterDelayUs);
  }
  if (cfg.garp.masterRefreshUs > 0) {
    ctx.arm(
      inst,
      "Garp_Refresh_Timer",
      ctx.now + cfg.garp.masterDelayUs + cfg.garp.masterRefreshUs,
    );
  }
  notifyInstance(ctx, inst, "MASTER");
}

/** MASTER → BACKUP without a priority-0 advert (spec §4.4 "better advert received"). */
export function leaveMaster(ctx: Ctx, inst: InstanceRt): void {
  inst.preemptDelayUntil = undefined;
  for (const t of MASTER_ONLY_TIMERS) ctx.arm(inst, t, undefined);
  removeVips(ctx, inst);
  setState(ctx, inst, "BACKUP");
  notifyInstance(ctx, inst, "BACKUP");
  ctx.arm(inst, "Master_Down_Timer", ctx.now + masterDownOf(inst));
  inst.stats.releaseMaster++;
}

/**
 * → FAULT (spec §4.4). From MASTER: `zeros` priority-0 adverts (2 for the faulty instance itself,
 * 1 for a sync-group peer; the last one is the counted one), then VIP removal; then the state
 * change and notifies. Timers are disabled.
 */
export function enterFault(ctx: Ctx, inst: InstanceRt, zeros: 1 | 2): void {
  const wasMaster = inst.state === "MASTER";
  cancelAll(ctx, inst);
  if (wasMaster) {
    if (zeros === 2) sendAdvert(ctx, inst, 0);
    sendAdvert(ctx, inst, 0, true);
    removeVips(ctx, inst);
    inst.stats.releaseMaster++;
  }
  inst.wantMaster = false;
  setState(ctx, inst, "FAULT");
  notifyInstance(ctx, inst, "FAULT");
}

/**
 * INIT/FAULT → BACKUP (spec §4.4 `try_up_instance`): Master_Down armed (an owner that wants
 * MASTER uses one interval + skew), notifies, preempt delay cleared, and a unicast instance sends
 * one GARP/NA for its own source address.
 */
export function enterBackup(ctx: Ctx, inst: InstanceRt): void {
  const { cfg } = inst;
  inst.masterAdverIntUs = cfg.advertIntUs;
  inst.wantMaster = cfg.wantMaster && inst.base === 255;
  const wait = inst.wantMaster ? cfg.advertIntUs + skewOf(inst) : masterDownOf(inst);
  ctx.arm(inst, "Master_Down_Timer", ctx.now + wait);
  setState(ctx, inst, "BACKUP");
  notifyInstance(ctx, inst, "BACKUP");
  inst.preemptDelayUntil = undefined;
  if (cfg.unicast && inst.source !== undefined) {
    ctx.out.push({
      type: "garp",
      instance: cfg.name,
      addresses: [{
        address: inst.source,
        prefix: cfg.family === "inet" ? 32 : 128,
        family: cfg.family,
      }],
      repeat: 1,
      reason: "source",
    });
  }
}
