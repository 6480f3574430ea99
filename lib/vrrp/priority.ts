/**
 * Effective priority from a base priority and tracker states, with keepalived's weight rules
 * (spec §3.2–3.3), and the sync-group / address-owner weight rule (spec §3.5) as pure functions.
 *
 * @module
 */

/** Kinds of tracked objects. Interfaces, scripts, processes and BFD are up/down; files carry a value. */
export type TrackerKind = "interface" | "script" | "file" | "process" | "bfd";

/**
 * One tracker as an instance sees it: what it tracks and with which weight.
 *
 * @example
 * ```ts
 * import type { TrackerSpec } from "./priority.ts";
 * const chk: TrackerSpec = { kind: "script", name: "chk_nginx", weight: -20, reverse: false };
 * ```
 */
export interface TrackerSpec {
  /** What is tracked. */
  kind: TrackerKind;
  /** Name of the interface, vrrp_script, track_file, track_process or bfd_instance. */
  name: string;
  /** Weight −254..254; 0 means FAULT on failure. Out-of-range script weights are kept (spec §2.2). */
  weight: number;
  /** `reverse`: success counts as failure and the weight's sign flips. */
  reverse: boolean;
  /** True when the weight was written on the tracking line (matters for track files, §3.5). */
  weightGiven?: boolean;
}

/** The last known state of a tracked object: up/down, or a track file's value. */
export type TrackerReading = { ok: boolean } | { value: number };

/**
 * What one tracker does to an instance.
 *
 * @example
 * ```ts
 * import { trackerContribution } from "./priority.ts";
 * const c = trackerContribution({ kind: "interface", name: "lo", weight: 7, reverse: false }, { ok: true });
 * if (c.delta !== 7 || c.fault) throw new Error("+7 while up");
 * ```
 */
export interface Contribution {
  /** Amount added to the priority (may be negative). */
  delta: number;
  /** The tracker puts the instance in FAULT. */
  fault: boolean;
  /** A weight-0 tracker without a first result: the instance waits (spec §3.4, §4.3). */
  pending: boolean;
}

function isOk(reading: TrackerReading): boolean {
  return "ok" in reading ? reading.ok : reading.value === 0;
}

function fileValue(reading: TrackerReading): number {
  return "value" in reading ? reading.value : reading.ok ? 0 : 1;
}

/**
 * The contribution of one tracker (spec §3.2). An unknown reading contributes nothing; for a
 * weight-0 tracker it is `pending`.
 *
 * @param spec The tracker and its weight.
 * @param reading Its last known state, or `undefined` before the first result.
 * @returns Priority delta, fault and pending flags.
 *
 * @example
 * ```ts
 * import { trackerContribution } from "./priority.ts";
 * const down = trackerContribution({ kind: "script", name: "chk", weight: -20, reverse: false }, { ok: false });
 * if (down.delta !== -20) throw new Error("negative weight subtracted while down");
 * const file = trackerContribution({ kind: "file", name: "f", weight: 10, reverse: false }, { value: -30 });
 * if (!file.fault) throw new Error("value × weight ≤ −254 is FAULT");
 * ```
 */
export function trackerContribution(
  spec: TrackerSpec,
  reading: TrackerReading | undefined,
): Contribution {
  if (reading === undefined) return { delta: 0, fault: false, pending: spec.weight === 0 };
  const m = spec.reverse ? -1 : 1;
  if (spec.kind === "file") {
    const value = fileValue(reading);
    if (spec.weight === 0) {
      const fault = spec.reverse ? value === 0 : value !== 0;
      return { delta: 0, fault, pending: false };
    }
    const s = Math.min(253, Math.max(-254, value * spec.weight * m));
    if (s <= -254) return { delta: 0, fault: true, pending: false };
    return { delta: s, fault: false, pending: false };
  }
  const ok = isOk(reading);
  if (spec.weight === 0) {
    return { delta: 0, fault: spec.reverse ? ok : !ok, pending: false };
  }
  if (spec.weight > 0) return { delta: ok ? spec.weight * m : 0, fault: false, pending: false };
  return { delta: ok ? 0 : spec.weight * m, fault: false, pending: false };
}

/**
 * The result of combining all trackers of an instance.
 *
 * @example
 * ```ts
 * import { computePriority } from "./priority.ts";
 * const p = computePriority(100, []);
 * if (p.effective !== 100 || p.faults !== 0) throw new Error();
 * ```
 */
export interface PriorityResult {
  /** base + Σ deltas, unbounded. */
  total: number;
  /** The priority advertised: clamped to 1..254, or 255 for an owner. */
  effective: number;
  /** Number of trackers putting the instance in FAULT. */
  faults: number;
  /** Number of weight-0 trackers still waiting for their first result. */
  pending: number;
}

/**
 * Clamps a total priority to keepalived's effective range (spec §3.3): 1..254, and an owner
 * (base 255) is never adjusted.
 *
 * @param base Configured priority 1..255.
 * @param total base + Σ contributions.
 * @returns The effective priority.
 *
 * @example
 * ```ts
 * import { clampPriority } from "./priority.ts";
 * if (clampPriority(200, 300) !== 254 || clampPriority(100, -5) !== 1) throw new Error();
 * if (clampPriority(255, 100) !== 255) throw new Error("owner unchanged");
 * ```
 */
export function clampPriority(base: number, total: number): number {
  if (base >= 255) return 255;
  if (total < 1) return 1;
  if (total >= 255) return 254;
  return total;
}

/**
 * Effective priority, fault and pending counts from a base priority and tracker states.
 *
 * @param base Configured priority 1..255.
 * @param trackers Each tracker with its last reading (`undefined` = no result yet).
 * @returns Total, effective priority, fault and pending counts.
 *
 * @example
 * ```ts
 * import { computePriority } from "./priority.ts";
 * const p = computePriority(100, [
 *   { spec: { kind: "interface", name: "lo", weight: 7, reverse: false }, reading: { ok: true } },
 * ]);
 * if (p.effective !== 107) throw new Error("spec §3.2: lo weight 7 up gives 107");
 * ```
 */
export function computePriority(
  base: number,
  trackers: readonly { spec: TrackerSpec; reading: TrackerReading | undefined }[],
): PriorityResult {
  let total = base;
  let faults = 0;
  let pending = 0;
  for (const t of trackers) {
    const c = trackerContribution(t.spec, t.reading);
    total += c.delta;
    if (c.fault) faults++;
    if (c.pending) pending++;
  }
  return { total, effective: clampPriority(base, total), faults, pending };
}

/**
 * Where an instance's own trackers stand for the weight rule of spec §3.5.
 *
 * @example
 * ```ts
 * import type { WeightRuleContext } from "./priority.ts";
 * const ctx: WeightRuleContext = { syncGroupMember: true, syncGroupTrackingWeight: false, owner: false };
 * ```
 */
export interface WeightRuleContext {
  /** The instance belongs to a sync group. */
  syncGroupMember: boolean;
  /** The group has `sync_group_tracking_weight`. */
  syncGroupTrackingWeight: boolean;
  /** The instance's base priority is 255. */
  owner: boolean;
}

/**
 * Applies keepalived's weight rule to an instance's own trackers (spec §3.5): in a sync group
 * without `sync_group_tracking_weight`, and for every owner, weighted interfaces become
 * fault-on-down (an owner drops them), weighted scripts and BFD trackers are removed, track files
 * with the default weight become weight 0 and those with an explicit weight are removed; process
 * trackers are kept. Idempotent: applying it to its own result changes nothing.
 *
 * @param trackers The instance's own trackers (not the sync group's).
 * @param ctx Group membership and ownership.
 * @returns The trackers keepalived keeps, with their weights.
 *
 * @example
 * ```ts
 * import { applyWeightRule } from "./priority.ts";
 * const kept = applyWeightRule(
 *   [{ kind: "interface", name: "eth1", weight: -10, reverse: false },
 *    { kind: "script", name: "chk", weight: 20, reverse: false }],
 *   { syncGroupMember: true, syncGroupTrackingWeight: false, owner: false },
 * );
 * if (kept.length !== 1 || kept[0]?.weight !== 0) throw new Error("interface zeroed, script removed");
 * ```
 */
export function applyWeightRule(
  trackers: readonly TrackerSpec[],
  ctx: WeightRuleContext,
): TrackerSpec[] {
  const applies = ctx.owner || (ctx.syncGroupMember && !ctx.syncGroupTrackingWeight);
  if (!applies) return trackers.map((t) => ({ ...t }));
  const out: TrackerSpec[] = [];
  for (const t of trackers) {
    if (t.weight === 0 || t.kind === "process") {
      out.push({ ...t });
      continue;
    }
    switch (t.kind) {
      case "interface":
        if (!ctx.owner) out.push({ ...t, weight: 0 });
        break;
      case "file":
        if (!t.weightGiven && t.weight === 1) out.push({ ...t, weight: 0 });
        break;
      case "script":
      case "bfd":
        break;
    }
  }
  return out;
}

/**
 * Weights of trackers configured on a sync group itself (spec §3.5): applied to every member with
 * their weights, cleared to 0 only when some member is an address owner.
 *
 * @param trackers The group's trackers.
 * @param anyMemberOwner Some member has base priority 255.
 * @returns The trackers every member gets.
 *
 * @example
 * ```ts
 * import { groupTrackers } from "./priority.ts";
 * const t = groupTrackers([{ kind: "script", name: "chk", weight: 10, reverse: false }], true);
 * if (t[0]?.weight !== 0) throw new Error("owner in group zeroes group weights");
 * ```
 */
export function groupTrackers(
  trackers: readonly TrackerSpec[],
  anyMemberOwner: boolean,
): TrackerSpec[] {
  return trackers.map((t) => anyMemberOwner ? { ...t, weight: 0 } : { ...t });
}
