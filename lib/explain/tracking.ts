/**
 * How trackers move one instance's priority, measured on a real engine: every tracked object is
 * put in its healthy state, then each one alone is flipped and the engine's answer (a new
 * effective priority, or FAULT) is recorded. The sync-group / address-owner weight rule (spec
 * §3.5) shows as the difference between the configured trackers and the engine's.
 *
 * @module
 */

import type { Diagnostic } from "../config/diagnostic.ts";
import type { Model, TrackRef } from "../config/model.ts";
import type { EngineConfig, InstanceConfig } from "../vrrp/engine_config.ts";
import type { EngineEvent } from "../vrrp/events.ts";
import type { TrackerKind, TrackerSpec } from "../vrrp/priority.ts";
import { Driver, entered, healthyFirstResults } from "./_drive.ts";

/** What flipping one tracked object does to an instance. */
export interface TrackerEffect {
  /** `interface`, `script`, `file`, `process`, `bfd`, or `own-interface` (implicit). */
  kind: TrackerKind | "own-interface";
  /** Name of the tracked object. */
  name: string;
  /** Weight the engine applies (after the weight rule). */
  weight: number;
  /** `reverse`. */
  reverse: boolean;
  /** Where it is configured: `instance`, `sync group NAME`, `virtual_ipaddress dev`, `implicit`. */
  from: string;
  /** The healthy reading (`up`, `success`, `value 0`). */
  healthy: string;
  /** The other reading (`down`, `failure`, `value 1`). */
  flipped: string;
  /** Effective priority of the instance with the other reading, or `FAULT`. */
  result: number | "FAULT";
  /** Effective priority after the reading returns to healthy, or the state word. */
  recovered: number | string;
}

/**
 * A configured tracker the weight rule (spec §3.5) changed: reported by validation (VK0411,
 * VK0412, which already applied it to the model) or found by comparing the model with the
 * engine's trackers.
 */
export interface WeightRuleChange {
  /** Diagnostic code, or `engine` when found by the comparison. */
  code: string;
  /** What changed and why. */
  message: string;
}

/** Tracking of one instance. */
export interface InstanceTracking {
  /** Instance name. */
  instance: string;
  /** Configured base priority. */
  base: number;
  /** Effective priority when every tracked object is healthy. */
  effective: number;
  /** One entry per tracked object. */
  trackers: TrackerEffect[];
  /** Configured trackers that the weight rule removed or zeroed. */
  weightRule: WeightRuleChange[];
}

function readings(
  spec: TrackerSpec,
): { healthy: EngineEvent; flipped: EngineEvent; words: [string, string] } {
  const { kind, name } = spec;
  if (kind === "interface") {
    return {
      healthy: { type: "interface", name, up: true },
      flipped: { type: "interface", name, up: false },
      words: ["up", "down"],
    };
  }
  if (kind === "file") {
    const start = spec.weight === 0 && spec.reverse ? 1 : 0;
    return {
      healthy: { type: "tracker", kind, name, value: start },
      flipped: { type: "tracker", kind, name, value: 1 - start },
      words: [`value ${start}`, `value ${1 - start}`],
    };
  }
  const ok = !(spec.weight === 0 && spec.reverse);
  return {
    healthy: { type: "tracker", kind, name, ok },
    flipped: { type: "tracker", kind, name, ok: !ok },
    words: ok ? ["success", "failure"] : ["failure", "success"],
  };
}

function healthyDriver(config: EngineConfig): Driver {
  const d = new Driver(config);
  // Events before `start` only set the initial readings (no actions).
  for (const e of healthyFirstResults(config)) d.engine.handle(e, 0);
  d.feed("start", { type: "start" }, 0);
  return d;
}

function effectiveOf(d: Driver, name: string): number {
  return d.engine.status().instances.find((i) => i.name === name)?.effectivePriority ?? 0;
}

function stateOf(d: Driver, name: string): string {
  return d.engine.status().instances.find((i) => i.name === name)?.state ?? "?";
}

function measure(
  config: EngineConfig,
  inst: InstanceConfig,
  flip: EngineEvent,
  back: EngineEvent,
): { result: number | "FAULT"; recovered: number | string } {
  const d = healthyDriver(config);
  const down = d.feed("flip", flip, 1_000_000);
  const result = entered(down.actions, "FAULT", inst.name) || stateOf(d, inst.name) === "FAULT"
    ? "FAULT"
    : effectiveOf(d, inst.name);
  d.feed("back", back, 2_000_000);
  const recovered = stateOf(d, inst.name) === "FAULT" || result === "FAULT"
    ? stateOf(d, inst.name)
    : effectiveOf(d, inst.name);
  return { result, recovered };
}

const KEYS = [
  ["trackInterface", "interface"],
  ["trackScript", "script"],
  ["trackFile", "file"],
  ["trackProcess", "process"],
  ["trackBfd", "bfd"],
] as const;

function refs(t: Record<(typeof KEYS)[number][0], TrackRef[]>): [TrackerKind, TrackRef][] {
  return KEYS.flatMap(([key, kind]) => t[key].map((r) => [kind, r] as [TrackerKind, TrackRef]));
}

function weightRule(
  model: Model,
  inst: InstanceConfig,
  diagnostics: readonly Diagnostic[],
): WeightRuleChange[] {
  const out: WeightRuleChange[] = diagnostics
    .filter((d) =>
      (d.code === "VK0411" || d.code === "VK0412") && d.message.includes(`(${inst.name})`)
    )
    .map((d) => ({ code: d.code, message: d.message }));
  const vi = model.instances.find((i) => i.name === inst.name);
  if (vi === undefined) return out;
  const reason = vi.priority === 255
    ? "address owner (priority 255)"
    : `member of sync group ${inst.syncGroup} without sync_group_tracking_weight`;
  const g = model.syncGroups.find((s) => s.name === inst.syncGroup);
  const configured = [...refs(vi), ...(g ? refs(g) : [])];
  for (const [kind, r] of configured) {
    if (r.weight === 0) continue;
    const kept = inst.trackers.find((t) => t.kind === kind && t.name === r.name);
    const what = `${kind} ${r.name} weight ${r.weight}`;
    if (kept === undefined) out.push({ code: "engine", message: `${what} removed (${reason})` });
    else if (kept.weight === 0) {
      out.push({ code: "engine", message: `${what} used with weight 0 (${reason})` });
    }
  }
  return out;
}

function origin(model: Model, inst: InstanceConfig, spec: TrackerSpec): string {
  const vi = model.instances.find((i) => i.name === inst.name);
  if (vi && refs(vi).some(([k, r]) => k === spec.kind && r.name === spec.name)) return "instance";
  if (inst.syncGroup !== undefined) {
    const g = model.syncGroups.find((s) => s.name === inst.syncGroup);
    if (g && refs(g).some(([k, r]) => k === spec.kind && r.name === spec.name)) {
      return `sync group ${g.name}`;
    }
  }
  return spec.kind === "interface" ? "virtual_ipaddress dev" : "implicit";
}

/**
 * Measures how each tracked object of `instance` moves its effective priority, on a real engine.
 *
 * @param model The resolved configuration (for where trackers were configured).
 * @param config The engine configuration built from it (`engineConfigFromModel`).
 * @param instance Instance name.
 * @param diagnostics The load's diagnostics (the weight-rule warnings VK0411/VK0412 are shown).
 * @returns The instance's tracking, or undefined for an unknown instance.
 *
 * @example
 * ```ts
 * import { explainTracking } from "./tracking.ts";
 * import { instanceConfig } from "../vrrp/engine_config.ts";
 * import type { Model } from "../config/model.ts";
 * const vi = instanceConfig({ name: "VI_1", vrid: 1, interface: "eth0",
 *   trackers: [{ kind: "interface", name: "lo", weight: 7, reverse: false }] });
 * const model = { instances: [], syncGroups: [] } as unknown as Model;
 * const t = explainTracking(model, { instances: [vi], groups: [] }, "VI_1");
 * if (t?.effective !== 107 || t.trackers[0]?.result !== 100) throw new Error();
 * ```
 */
export function explainTracking(
  model: Model,
  config: EngineConfig,
  instance: string,
  diagnostics: readonly Diagnostic[] = [],
): InstanceTracking | undefined {
  const inst = config.instances.find((i) => i.name === instance);
  if (inst === undefined) return undefined;
  const trackers: TrackerEffect[] = [];
  const seen = new Set<string>();
  for (const spec of inst.trackers) {
    const key = `${spec.kind}\0${spec.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = readings(spec);
    trackers.push({
      kind: spec.kind,
      name: spec.name,
      weight: spec.weight,
      reverse: spec.reverse,
      from: origin(model, inst, spec),
      healthy: r.words[0],
      flipped: r.words[1],
      ...measure(config, inst, r.flipped, r.healthy),
    });
  }
  if (
    inst.interface !== undefined && !inst.dontTrackPrimary &&
    !seen.has(`interface\0${inst.interface}`)
  ) {
    const name = inst.interface;
    trackers.push({
      kind: "own-interface",
      name,
      weight: 0,
      reverse: false,
      from: "implicit",
      healthy: "up",
      flipped: "down",
      ...measure(
        config,
        inst,
        { type: "interface", name, up: false },
        { type: "interface", name, up: true },
      ),
    });
  }
  const base = healthyDriver(config);
  return {
    instance,
    base: inst.priority,
    effective: effectiveOf(base, instance),
    trackers,
    weightRule: weightRule(model, inst, diagnostics),
  };
}
