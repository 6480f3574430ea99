/**
 * Drives a real engine through synthetic events at synthetic times and records what it returns.
 * Every scenario of `explain` is a replay on a fresh engine, so each transition starts from a
 * known state and nothing in explain's output is written by hand.
 *
 * @module
 */

import type { Action } from "../vrrp/actions.ts";
import { createEngine, type Engine } from "../vrrp/engine.ts";
import type { EngineConfig, InstanceConfig } from "../vrrp/engine_config.ts";
import type { EngineEvent } from "../vrrp/events.ts";

/** One synthetic input and the actions the engine returned for it. */
export interface Step {
  /** What happened, in words (`start`, `Master_Down_Timer expires`, ...). */
  what: string;
  /** The event given to the engine. */
  event: EngineEvent;
  /** Synthetic time, µs after start-up. */
  at: number;
  /** The actions, in the order the engine returned them. */
  actions: Action[];
}

/** A fresh engine and the steps recorded on it. */
export class Driver {
  readonly engine: Engine;
  #now = 0;

  constructor(readonly config: EngineConfig) {
    this.engine = createEngine(config);
  }

  /** Current synthetic time (µs). */
  get now(): number {
    return this.#now;
  }

  /** Feed `event` at `at` (default: now) and record it. */
  feed(what: string, event: EngineEvent, at = this.#now): Step {
    this.#now = Math.max(this.#now, at);
    return { what, event, at: this.#now, actions: this.engine.handle(event, this.#now) };
  }

  /**
   * Fire timers at each next deadline until `until` holds for a step's actions (or `limit`
   * deadlines passed); returns the steps, the last one satisfying `until` when it was reached.
   */
  fireUntil(until: (actions: Action[]) => boolean, limit = 16): Step[] {
    const steps: Step[] = [];
    for (let i = 0; i < limit; i++) {
      const at = this.engine.nextDeadline();
      if (at === undefined) break;
      const due = timersDue(this.engine, at);
      const step = this.feed(`${due.join(", ")} expire${due.length === 1 ? "s" : ""}`, {
        type: "timer",
      }, at);
      steps.push(step);
      if (until(step.actions)) break;
    }
    return steps;
  }
}

function timersDue(engine: Engine, at: number): string[] {
  const names: string[] = [];
  for (const i of engine.status().instances) {
    for (const [timer, t] of Object.entries(i.timers)) {
      if (t === at) names.push(`${i.name} ${timer}`);
    }
  }
  return names.length > 0 ? names : ["a timer"];
}

/** True when the actions include a state change of `name` (any scope) to `to`. */
export function entered(actions: Action[], to: string, name?: string): boolean {
  return actions.some((a) =>
    a.type === "state" && a.to === to && (name === undefined || a.name === name)
  );
}

/**
 * The tracker results keepalived's trackers report first at start-up when everything is
 * healthy: every script and process succeeds (a weight-0 `reverse` one fails, since success
 * would mean FAULT). Files and interfaces already start healthy in the engine (value 0, up).
 */
export function healthyFirstResults(config: EngineConfig): EngineEvent[] {
  const seen = new Set<string>();
  const out: EngineEvent[] = [];
  for (const inst of config.instances) {
    for (const t of inst.trackers) {
      if (t.kind !== "script" && t.kind !== "process" && t.kind !== "bfd") continue;
      const key = `${t.kind}\0${t.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ type: "tracker", kind: t.kind, name: t.name, ok: !(t.weight === 0 && t.reverse) });
    }
  }
  return out;
}

/** Start-up as the agent does it: `start`, then each script's first (healthy) result. */
export function startUp(d: Driver): Step[] {
  const steps = [d.feed("start", { type: "start" }, 0)];
  for (const e of healthyFirstResults(d.config)) {
    if (e.type !== "tracker") continue;
    const what = `${e.kind} ${e.name} reports its first result (${
      "ok" in e && e.ok ? "success" : "failure"
    })`;
    steps.push(d.feed(what, e, 1_000));
  }
  return steps;
}

/** Runs start-up and the timers until an instance becomes MASTER; the steps to MASTER. */
export function toMaster(d: Driver): Step[] {
  return d.fireUntil((a) => entered(a, "MASTER"));
}

/** The advert a better master sends to `inst` (priority above its effective priority). */
export function betterAdvert(inst: InstanceConfig, effective: number): EngineEvent {
  const inet = inst.family === "inet";
  const priority = Math.min(255, effective + 1);
  return {
    type: "advert",
    instance: inst.name,
    received: {
      advert: {
        version: inst.version,
        vrid: inst.vrid,
        priority,
        intervalCs: Math.max(1, Math.round(inst.advertIntUs / 10_000)),
        family: inst.family,
        addresses: inst.vips.map((v) => v.address),
      },
      // The highest address of the family wins an equal-priority tie-break (an owner at 255).
      source: inet ? "255.255.255.254" : "fe80::ffff:ffff:ffff:fffe",
      destination: inst.unicast ? "" : inet ? "224.0.0.18" : "ff02::12",
      ttl: 255,
      interface: inst.interface ?? "",
    },
  };
}
