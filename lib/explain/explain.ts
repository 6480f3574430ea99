/**
 * `explain`: what vipkeeper will do, transition by transition, for each standalone instance and
 * each sync group of a configuration. Everything is measured on a real engine
 * (`createEngine(engineConfigFromModel(model))`) driven through synthetic events at synthetic
 * times: start-up, the master-down timer, a better advert, a fault, its recovery, shutdown and
 * removal at reload. The hooks are the engine's own `notify` actions, which the agent hands to
 * the notify executor as they are (one at a time, in this order).
 *
 * @module
 */

import type { Diagnostic } from "../config/diagnostic.ts";
import type { Model } from "../config/model.ts";
import {
  type EngineConfig,
  engineConfigFromModel,
  type InstanceConfig,
} from "../vrrp/engine_config.ts";
import type { EngineEvent } from "../vrrp/events.ts";
import { betterAdvert, Driver, entered, startUp, type Step, toMaster } from "./_drive.ts";
import { explainTracking, type InstanceTracking } from "./tracking.ts";

export type { Step } from "./_drive.ts";
export type { InstanceTracking, TrackerEffect, WeightRuleChange } from "./tracking.ts";

/** The transitions explain walks through. */
export type TransitionName =
  | "start-up"
  | "to MASTER"
  | "to BACKUP"
  | "to FAULT"
  | "fault clears"
  | "stop"
  | "deleted by reload";

/** One transition: the synthetic inputs and the engine's actions for each. */
export interface TransitionExplanation {
  /** Which transition. */
  name: TransitionName;
  /** State of the triggering instance before it. */
  from: string;
  /** What sets it off, in words. */
  trigger: string;
  /** Inputs in order with the actions returned. */
  steps: Step[];
}

/** A standalone instance or a sync group, with its transitions. */
export interface SubjectExplanation {
  /** `instance` (not in a group) or `group`. */
  kind: "instance" | "group";
  /** Instance or group name. */
  name: string;
  /** The instances involved, in configuration (`group{}`) order. */
  members: string[];
  /** The member whose events trigger the run-time transitions. */
  trigger: string;
  /** How trackers move each member's priority. */
  tracking: InstanceTracking[];
  /** The transitions, in the order above. */
  transitions: TransitionExplanation[];
}

/** What explain found for a whole configuration. */
export interface Explanation {
  /** Who hooks run as when their line names no user (spec §5.6). */
  defaultUser: string;
  /** Standalone instances and sync groups, in configuration order. */
  subjects: SubjectExplanation[];
}

/** Options of {@linkcode explainModel}. */
export interface ExplainOptions {
  /** Only the instance of this name (or its sync group, with it as the trigger). */
  instance?: string;
  /** The load's diagnostics: weight-rule warnings (VK0411, VK0412) are shown per instance. */
  diagnostics?: readonly Diagnostic[];
}

/** The part of `config` one subject runs: its instances and its group, nothing else. */
function only(config: EngineConfig, members: string[], group?: string): EngineConfig {
  const out: EngineConfig = {
    instances: config.instances.filter((i) => members.includes(i.name)),
    groups: config.groups.filter((g) => g.name === group),
  };
  if (config.startupDelayUs !== undefined) out.startupDelayUs = config.startupDelayUs;
  if (config.dontReleaseVrrp !== undefined) out.dontReleaseVrrp = config.dontReleaseVrrp;
  return out;
}

/** The event that faults `inst`: its first weight-0 tracker failing, else its own link down. */
function faultOf(
  inst: InstanceConfig,
): { what: string; fail: EngineEvent; clear: EngineEvent } | undefined {
  for (const t of inst.trackers) {
    if (t.weight !== 0) continue;
    if (t.kind === "interface") {
      return {
        what: `tracked interface ${t.name} goes down`,
        fail: { type: "interface", name: t.name, up: false },
        clear: { type: "interface", name: t.name, up: true },
      };
    }
    if (t.kind === "file") continue;
    return {
      what: `${t.kind} ${t.name} (weight 0) ${t.reverse ? "succeeds (reverse)" : "fails"}`,
      fail: { type: "tracker", kind: t.kind, name: t.name, ok: t.reverse },
      clear: { type: "tracker", kind: t.kind, name: t.name, ok: !t.reverse },
    };
  }
  if (inst.interface !== undefined && !inst.dontTrackPrimary) {
    return {
      what: `own interface ${inst.interface} goes down`,
      fail: { type: "interface", name: inst.interface, up: false },
      clear: { type: "interface", name: inst.interface, up: true },
    };
  }
  return undefined;
}

const SETTLE_US = 100_000;

function stateOf(d: Driver, name: string): string {
  return d.engine.status().instances.find((i) => i.name === name)?.state ?? "?";
}

/** A fresh engine run up to MASTER (start-up, then the timers). */
function atMaster(config: EngineConfig): Driver {
  const d = new Driver(config);
  startUp(d);
  toMaster(d);
  return d;
}

function transitions(config: EngineConfig, inst: InstanceConfig): TransitionExplanation[] {
  const name = inst.name;
  const out: TransitionExplanation[] = [];
  const start = new Driver(config);
  out.push({ name: "start-up", from: "INIT", trigger: "vipkeeper starts", steps: startUp(start) });
  const master = new Driver(config);
  startUp(master);
  const from = stateOf(master, name);
  const steps = toMaster(master);
  out.push({
    name: "to MASTER",
    from,
    trigger: "no advert is heard until the master-down timer expires",
    steps,
  });
  const reached = steps.some((s) => entered(s.actions, "MASTER"));
  const running = reached ? "MASTER" : stateOf(master, name);

  const better = atMaster(config);
  const effective = better.engine.status().instances.find((i) => i.name === name)
    ?.effectivePriority ?? inst.priority;
  const advert = betterAdvert(inst, effective);
  const prio = advert.type === "advert" ? advert.received.advert.priority : 0;
  out.push({
    name: "to BACKUP",
    from: running,
    trigger: `an advert with priority ${prio} arrives`,
    steps: [better.feed(`advert priority ${prio} received`, advert, better.now + SETTLE_US)],
  });

  const fault = faultOf(inst);
  if (fault !== undefined) {
    const f = atMaster(config);
    out.push({
      name: "to FAULT",
      from: running,
      trigger: fault.what,
      steps: [f.feed(fault.what, fault.fail, f.now + SETTLE_US)],
    });
    const clear = f.feed("the fault clears", fault.clear, f.now + 1_000_000);
    out.push({
      name: "fault clears",
      from: "FAULT",
      trigger: "the fault clears (then no advert is heard)",
      steps: [clear, ...toMaster(f)],
    });
  }

  const stop = atMaster(config);
  out.push({
    name: "stop",
    from: running,
    trigger: "SIGTERM",
    steps: [stop.feed("stop", { type: "stop" }, stop.now + SETTLE_US)],
  });
  const del = atMaster(config);
  out.push({
    name: "deleted by reload",
    from: running,
    trigger: `a reload removes ${name}`,
    steps: [del.feed(`delete ${name}`, { type: "delete", instance: name }, del.now + SETTLE_US)],
  });
  return out;
}

function defaultUser(model: Model): string {
  const su = model.globalDefs.scriptUser;
  if (su !== undefined) return su.group ? `${su.user}:${su.group}` : su.user;
  return model.globalDefs.enableScriptSecurity
    ? "keepalived_script (refused if that account does not exist)"
    : "keepalived_script if that account exists, else vipkeeper's own user";
}

/**
 * Explains a configuration: for each sync group and each instance outside a group, the actions
 * of every transition, in order, as the engine returns them.
 *
 * @param model The resolved configuration.
 * @param options Restrict to one instance (and its group).
 * @returns The explanation; no subjects when `options.instance` names no instance.
 *
 * @example
 * ```ts
 * import { explainModel } from "./explain.ts";
 * import type { Model } from "../config/model.ts";
 * function hooksAtStartUp(m: Model): string[][] {
 *   const start = explainModel(m).subjects[0]?.transitions.find((t) => t.name === "start-up");
 *   return (start?.steps ?? []).flatMap((s) =>
 *     s.actions.flatMap((a) => a.type === "notify" ? a.hooks.map((h) => h.argv) : [])
 *   );
 * }
 * ```
 */
export function explainModel(model: Model, options: ExplainOptions = {}): Explanation {
  const config = engineConfigFromModel(model);
  const byName = new Map(config.instances.map((i) => [i.name, i]));
  const subjects: SubjectExplanation[] = [];
  const wanted = options.instance;
  const diagnostics = options.diagnostics ?? [];
  for (const g of config.groups) {
    if (wanted !== undefined && !g.members.includes(wanted)) continue;
    const trigger = byName.get(wanted ?? g.members[0] ?? "");
    if (trigger === undefined) continue;
    const sub = only(config, g.members, g.name);
    subjects.push({
      kind: "group",
      name: g.name,
      members: [...g.members],
      trigger: trigger.name,
      tracking: g.members.flatMap((m) => explainTracking(model, sub, m, diagnostics) ?? []),
      transitions: transitions(sub, trigger),
    });
  }
  for (const inst of config.instances) {
    if (inst.syncGroup !== undefined && config.groups.some((g) => g.name === inst.syncGroup)) {
      continue;
    }
    if (wanted !== undefined && inst.name !== wanted) continue;
    const sub = only(config, [inst.name]);
    subjects.push({
      kind: "instance",
      name: inst.name,
      members: [inst.name],
      trigger: inst.name,
      tracking: [explainTracking(model, sub, inst.name, diagnostics)].flatMap((t) => t ?? []),
      transitions: transitions(sub, inst),
    });
  }
  subjects.sort((a, b) => firstIndex(config, a) - firstIndex(config, b));
  return { defaultUser: defaultUser(model), subjects };
}

function firstIndex(config: EngineConfig, s: SubjectExplanation): number {
  return Math.min(...s.members.map((m) => config.instances.findIndex((i) => i.name === m)));
}
