/**
 * Events that involve every instance at once: start-up (spec §4.3, §5.2), shutdown (§7.4),
 * removal (§4.8, §5.7) and reload (§4.8: pairing by VRID, family, interface and
 * unicast/multicast, not by name).
 *
 * @module
 */

import type { VirtualAddress } from "../config/model.ts";
import type { Ctx } from "./_sm_ctx.ts";
import type { InstanceConfig } from "./engine_config.ts";
import {
  cancelAll,
  enterFault,
  type InstanceRt,
  isDown,
  masterDownOf,
  notifyInstance,
  recompute,
  removeVips,
  sendAdvert,
  setState,
} from "./instance.ts";
import {
  anyMemberDown,
  anyMemberPending,
  type GroupRt,
  setGroupState,
  syncToFault,
} from "./sync_group.ts";
import { skewTimeUs } from "./timers.ts";

/** One instance at start-up (spec §4.3 step 2); timers count from `t0` (after the startup delay). */
export function startInstance(ctx: Ctx, inst: InstanceRt, t0: number): void {
  recompute(inst);
  inst.reportedEffective = inst.effective;
  const g = inst.group;
  const up = !isDown(inst);
  const groupOk = g === undefined || g.state === "BACKUP";
  if (up && inst.cfg.wantMaster && inst.base === 255 && inst.pending === 0 && groupOk) {
    inst.wantMaster = true;
    setState(ctx, inst, "BACKUP");
    ctx.arm(inst, "Master_Down_Timer", t0 + 1);
    return;
  }
  removeVips(ctx, inst);
  if (!up || g?.state === "FAULT") {
    enterFault(ctx, inst, 1);
  } else if (inst.pending === 0 && groupOk) {
    const { cfg } = inst;
    const wait = cfg.wantMaster && g !== undefined
      ? cfg.advertIntUs + skewTimeUs(cfg.version, 255, cfg.advertIntUs)
      : masterDownOf(inst);
    ctx.arm(inst, "Master_Down_Timer", t0 + wait);
    setState(ctx, inst, "BACKUP");
    notifyInstance(ctx, inst, "BACKUP");
  }
}

/**
 * Start-up. A sync group with a member already down takes that fault first, in keepalived
 * 2.2.7's run-time order (it applies the fault while loading): the first faulty member, the other
 * members in `group{}` order, the group last. Other groups in BACKUP notify first; then every
 * instance starts in configuration order.
 */
export function startAll(ctx: Ctx, instances: InstanceRt[], groups: GroupRt[], t0: number): void {
  ctx.cause = "start";
  for (const inst of instances) recompute(inst);
  const faulted = new Set<InstanceRt>();
  for (const g of groups) {
    const trigger = anyMemberDown(g)
      ? instances.find((i) => i.group === g && isDown(i))
      : undefined;
    if (trigger === undefined) continue;
    for (const m of instances) {
      if (m.group !== g) continue;
      recompute(m);
      m.reportedEffective = m.effective;
      removeVips(ctx, m);
      faulted.add(m);
    }
    enterFault(ctx, trigger, 1);
    syncToFault(ctx, g, trigger);
  }
  for (const g of groups) {
    if (g.state !== "FAULT" && !anyMemberPending(g)) setGroupState(ctx, g, "BACKUP");
  }
  for (const inst of instances) if (!faulted.has(inst)) startInstance(ctx, inst, t0);
}

function release(ctx: Ctx, inst: InstanceRt): void {
  sendAdvert(ctx, inst, 0, true);
  removeVips(ctx, inst);
  inst.stats.releaseMaster++;
}

/** Shutdown: masters release in config order, then every instance STOPs, then every group. */
export function stopAll(
  ctx: Ctx,
  instances: InstanceRt[],
  groups: GroupRt[],
  dontRelease: boolean,
): void {
  ctx.cause = "stop";
  const live = instances.filter((i) => i.state !== "DELETED");
  if (!dontRelease) { for (const inst of live) if (inst.state === "MASTER") release(ctx, inst); }
  for (const inst of live) {
    cancelAll(ctx, inst);
    setState(ctx, inst, "STOP");
    notifyInstance(ctx, inst, "STOP");
  }
  for (const g of groups) setGroupState(ctx, g, "STOP");
}

/** Removal at reload: a master releases; DELETED (FAULT without notify_deleted) is notified. */
export function deleteInstance(ctx: Ctx, inst: InstanceRt): void {
  if (inst.state === "DELETED" || inst.state === "STOP") return;
  ctx.cause = "delete";
  const wasFault = inst.state === "FAULT";
  if (inst.state === "MASTER") release(ctx, inst);
  cancelAll(ctx, inst);
  setState(ctx, inst, "DELETED");
  if (!(wasFault && inst.cfg.notify.deleted === undefined)) notifyInstance(ctx, inst, "DELETED");
}

/** The key keepalived pairs old and new instances by at reload (spec §4.8). */
export function reloadKey(cfg: InstanceConfig): string {
  const mode = cfg.unicast ? `unicast ${cfg.sourceAddress ?? ""}` : "multicast";
  return `${cfg.vrid} ${cfg.family} ${cfg.interface ?? ""} ${mode}${cfg.vmac ? " vmac" : ""}`;
}

/**
 * Moves the run-time state of `old` into its reloaded successor `nu` (same state, wish, master
 * seen, counters, interface state and the readings of trackers that still exist). The old
 * record's timers are invalidated silently.
 */
export function carryOver(old: InstanceRt, nu: InstanceRt): void {
  nu.state = old.state;
  nu.wantMaster = old.wantMaster;
  nu.ifDown = old.ifDown;
  nu.noSource = old.noSource;
  nu.masterAddress = old.masterAddress;
  nu.masterPriority = old.masterPriority;
  if (old.state === "BACKUP") nu.masterAdverIntUs = old.masterAdverIntUs;
  nu.preemptDelayUntil = old.preemptDelayUntil;
  if (nu.cfg.sourceAddress === undefined) nu.source = old.source;
  nu.notified = old.notified;
  nu.stats = { ...old.stats };
  for (const t of nu.trackers) {
    const before = old.trackers.find((o) =>
      o.spec.kind === t.spec.kind && o.spec.name === t.spec.name
    );
    if (before !== undefined) t.reading = before.reading;
  }
  recompute(nu);
  nu.reportedEffective = old.reportedEffective;
  for (const timer of Object.keys(old.timerAt)) {
    old.timerGen[timer] = (old.timerGen[timer] ?? 0) + 1;
    old.timerAt[timer] = undefined;
  }
}

function vipKey(v: VirtualAddress): string {
  return `${v.address}/${v.prefix} ${v.dev ?? ""}`;
}

/** The routes or rules of `a` not in `b` (compared word for word). */
function minusWords(a: string[][], b: string[][]): string[][] {
  const keys = new Set(b.map((w) => w.join(" ")));
  return a.filter((w) => !keys.has(w.join(" ")));
}

function minus(a: VirtualAddress[], b: VirtualAddress[]): VirtualAddress[] {
  const keys = new Set(b.map(vipKey));
  return a.filter((v) => !keys.has(vipKey(v)));
}

/**
 * A reloaded instance carries on (spec §4.8): a MASTER advertises at once, removes the VIPs that
 * are gone, adds and GARPs the new ones; a BACKUP gets a fresh Master_Down_Timer. No notifies;
 * FAULT and INIT are re-evaluated by the caller.
 */
export function resumeInstance(ctx: Ctx, inst: InstanceRt, before: InstanceConfig): void {
  const { cfg } = inst;
  if (inst.state === "MASTER") {
    sendAdvert(ctx, inst, inst.effective);
    ctx.arm(inst, "Adver_Timer", ctx.now + cfg.advertIntUs);
    const gone = minus(before.vips, cfg.vips);
    const goneEx = minus(before.excludedVips, cfg.excludedVips);
    const goneRoutes = minusWords(before.routes, cfg.routes);
    const goneRules = minusWords(before.rules, cfg.rules);
    if (gone.length + goneEx.length + goneRoutes.length + goneRules.length > 0) {
      ctx.out.push({
        type: "remove-vips",
        instance: cfg.name,
        vips: gone,
        excluded: goneEx,
        ...(goneRoutes.length > 0 ? { routes: goneRoutes } : {}),
        ...(goneRules.length > 0 ? { rules: goneRules } : {}),
      });
    }
    const added = minus(cfg.vips, before.vips);
    const addedEx = minus(cfg.excludedVips, before.excludedVips);
    const newRoutes = minusWords(cfg.routes, before.routes);
    const newRules = minusWords(cfg.rules, before.rules);
    if (added.length + addedEx.length + newRoutes.length + newRules.length > 0) {
      ctx.out.push({
        type: "add-vips",
        instance: cfg.name,
        vips: added,
        excluded: addedEx,
        ...(newRoutes.length > 0 ? { routes: newRoutes } : {}),
        ...(newRules.length > 0 ? { rules: newRules } : {}),
      });
    }
    if (added.length + addedEx.length > 0) {
      ctx.out.push({
        type: "garp",
        instance: cfg.name,
        addresses: [...added, ...addedEx],
        repeat: cfg.garp.masterRepeat,
        reason: "master",
      });
    }
  } else if (inst.state === "BACKUP") {
    ctx.arm(inst, "Master_Down_Timer", ctx.now + masterDownOf(inst));
  }
}
