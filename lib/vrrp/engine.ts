/**
 * The sans-IO VRRP engine: feed it events with an explicit `now` (µs), execute the actions it
 * returns in order, and call it again with `{ type: "timer" }` at `nextDeadline()`. It never
 * reads a clock, opens a socket or sets a timer.
 *
 * @module
 */

import type { Action, TimerName, VrrpState } from "./actions.ts";
import type { EngineEvent } from "./events.ts";
import type { ReceivedAdvert } from "./advert.ts";
import type { Ctx, Input } from "./_sm_ctx.ts";
import type { EngineConfig } from "./engine_config.ts";
import {
  createInstanceRt,
  type InstanceRt,
  type InstanceStats,
  masterDownOf,
  recompute,
} from "./instance.ts";
import {
  anyMemberDown,
  anyMemberPending,
  createGroupRt,
  type GroupRt,
  setGroupState,
} from "./sync_group.ts";
import {
  carryOver,
  deleteInstance,
  reloadKey,
  resumeInstance,
  startAll,
  startInstance,
  stopAll,
} from "./_sm_lifecycle.ts";
import { handlerFor } from "./state_machine.ts";
import { TimerHeap } from "./_sm_heap.ts";

export type { InstanceStats } from "./instance.ts";

/**
 * What the engine reports about one instance.
 *
 * @example
 * ```ts
 * import { createEngine } from "./engine.ts";
 * import { instanceConfig } from "./engine_config.ts";
 * const e = createEngine({ instances: [instanceConfig({ name: "VI_1", vrid: 1 })], groups: [] });
 * e.handle({ type: "start" }, 0);
 * if (e.status().instances[0]?.masterDownTimerUs !== 3_609_375) throw new Error();
 * ```
 */
export interface InstanceStatus {
  /** Instance name. */
  name: string;
  /** Current state. */
  state: VrrpState;
  /** keepalived's `wantstate`. */
  wantState: "MASTER" | "BACKUP";
  /** Base priority. */
  basePriority: number;
  /** Effective priority. */
  effectivePriority: number;
  /** Last accepted master (own address when MASTER). */
  masterAddress?: string;
  /** Its priority. */
  masterPriority?: number;
  /** Master_Down_Interval now, µs (`Master down timer = N usecs` in keepalived's dump). */
  masterDownTimerUs: number;
  /** Armed timers and their deadlines. */
  timers: Partial<Record<TimerName, number>>;
  /** Counters. */
  stats: InstanceStats;
}

/**
 * What the engine reports about all instances and sync groups.
 *
 * @example
 * ```ts
 * import type { EngineStatus } from "./engine.ts";
 * const s: EngineStatus = { instances: [], groups: [{ name: "G", state: "BACKUP" }] };
 * ```
 */
export interface EngineStatus {
  /** Instances in configuration order. */
  instances: InstanceStatus[];
  /** Sync groups in configuration order. */
  groups: { name: string; state: VrrpState }[];
}

/**
 * A running set of VRRP instances and sync groups.
 *
 * @example
 * ```ts
 * import { createEngine } from "./engine.ts";
 * import { instanceConfig } from "./engine_config.ts";
 * const e = createEngine({ instances: [instanceConfig({ name: "VI_1", vrid: 51 })], groups: [] });
 * e.handle({ type: "start" }, 0);
 * const at = e.nextDeadline() ?? 0;
 * const actions = e.handle({ type: "timer" }, at);
 * if (!actions.some((a) => a.type === "state" && a.to === "MASTER")) throw new Error();
 * ```
 */
export interface Engine {
  /** Handles one event at `now` (µs) and returns the actions to execute, in order. */
  handle(event: EngineEvent, now: number): Action[];
  /** The earliest armed timer (µs), or undefined when nothing is armed. */
  nextDeadline(): number | undefined;
  /** A snapshot of every instance and group. */
  status(): EngineStatus;
}

interface TimerItem {
  inst: InstanceRt;
  timer: TimerName;
  gen: number;
}

class VrrpEngine implements Engine {
  #instances: InstanceRt[];
  #byName = new Map<string, InstanceRt>();
  #groups: GroupRt[];
  #heap = new TimerHeap<TimerItem>();
  #config: EngineConfig;
  #started = false;
  #stopped = false;
  #acceptFrom = 0;
  #ctx: Ctx;

  constructor(config: EngineConfig) {
    this.#config = config;
    this.#instances = config.instances.map((c, i) => createInstanceRt(c, i));
    for (const inst of this.#instances) this.#byName.set(inst.cfg.name, inst);
    this.#groups = this.#makeGroups(config);
    const heap = this.#heap;
    this.#ctx = {
      now: 0,
      out: [],
      cause: "start",
      arm(inst, timer, at) {
        if (at === undefined && inst.timerAt[timer] === undefined) return;
        inst.timerAt[timer] = at;
        const entry = inst.timerEntry[timer];
        if (at === undefined || entry === undefined || at < entry) {
          const gen = (inst.timerGen[timer] ?? 0) + 1;
          inst.timerGen[timer] = gen;
          inst.timerEntry[timer] = at;
          if (at !== undefined) {
            const seq = heap.nextSeq();
            inst.timerSeq[timer] = seq;
            heap.push(at, { inst, timer, gen }, seq);
          }
        } else {
          // A later deadline keeps the live entry, which moves when it comes up (#settle).
          inst.timerSeq[timer] = heap.nextSeq();
        }
        this.out.push({ type: "schedule", instance: inst.cfg.name, timer, at });
      },
    };
  }

  handle(event: EngineEvent, now: number): Action[] {
    const ctx = this.#ctx;
    const out: Action[] = [];
    ctx.now = now;
    ctx.out = out;
    if (this.#stopped) return out;
    switch (event.type) {
      case "start":
        this.#start(now);
        break;
      case "advert": {
        const inst = this.#byName.get(event.instance);
        if (!this.#started || now < this.#acceptFrom || inst === undefined) break;
        if (inst.state !== "BACKUP" && inst.state !== "MASTER") break;
        inst.stats.advertRcvd++;
        if (event.received.advert.priority === 0) inst.stats.priZeroRcvd++;
        this.#dispatch(inst, "advert", event.received);
        break;
      }
      case "timer":
        this.#fireTimers(now);
        break;
      case "tracker":
        this.#health(this.#instances.filter((inst) => {
          let hit = false;
          for (const t of inst.trackers) {
            if (t.spec.kind !== event.kind || t.spec.name !== event.name) continue;
            t.reading = event.kind === "file" ? { value: event.value } : { ok: event.ok };
            hit = true;
          }
          return hit;
        }));
        break;
      case "interface":
        this.#health(this.#instances.filter((inst) => {
          let hit = false;
          if (inst.cfg.interface === event.name) {
            inst.ifDown = !event.up;
            hit = true;
          }
          for (const t of inst.trackers) {
            if (t.spec.kind !== "interface" || t.spec.name !== event.name) continue;
            t.reading = { ok: event.up };
            hit = true;
          }
          return hit;
        }));
        break;
      case "priority": {
        const inst = this.#byName.get(event.instance);
        if (inst === undefined) break;
        inst.base = event.priority;
        this.#health([inst]);
        break;
      }
      case "source-address": {
        const inst = this.#byName.get(event.instance);
        if (inst === undefined) break;
        const missing = event.address === undefined;
        if (event.address !== undefined) inst.source = event.address;
        if (inst.noSource !== missing) {
          inst.noSource = missing;
          this.#health([inst]);
        }
        break;
      }
      case "address-lost": {
        const inst = this.#byName.get(event.instance);
        if (inst !== undefined && this.#started) this.#dispatch(inst, "address-lost");
        break;
      }
      case "stop":
        this.#stopped = true;
        stopAll(ctx, this.#instances, this.#groups, this.#config.dontReleaseVrrp ?? false);
        break;
      case "reload":
        this.#reload(event.config, now, event.sources);
        break;
      case "delete":
        this.#delete(event.instance);
        break;
    }
    return out;
  }

  nextDeadline(): number | undefined {
    return this.#settle()?.at;
  }

  /** Drops stale heap entries and moves deferred ones until the top is a real deadline. */
  #settle(): { at: number; item: TimerItem } | undefined {
    const heap = this.#heap;
    for (;;) {
      const top = heap.peek();
      if (top === undefined) return undefined;
      const { inst, timer, gen } = top.item;
      if (inst.timerGen[timer] !== gen) {
        heap.pop();
        continue;
      }
      const real = inst.timerAt[timer];
      if (real === undefined) {
        heap.pop();
        inst.timerEntry[timer] = undefined;
        continue;
      }
      if (real > top.at) {
        heap.pop();
        inst.timerEntry[timer] = real;
        heap.push(real, top.item, inst.timerSeq[timer]);
        continue;
      }
      return top;
    }
  }

  status(): EngineStatus {
    return {
      instances: this.#instances.map((inst) => {
        const timers: Partial<Record<TimerName, number>> = {};
        for (const [k, v] of Object.entries(inst.timerAt)) {
          if (v !== undefined) timers[k as TimerName] = v;
        }
        const s: InstanceStatus = {
          name: inst.cfg.name,
          state: inst.state,
          wantState: inst.wantMaster ? "MASTER" : "BACKUP",
          basePriority: inst.base,
          effectivePriority: inst.effective,
          masterDownTimerUs: masterDownOf(inst),
          timers,
          stats: { ...inst.stats },
        };
        if (inst.masterAddress !== undefined) s.masterAddress = inst.masterAddress;
        if (inst.masterPriority !== undefined) s.masterPriority = inst.masterPriority;
        return s;
      }),
      groups: this.#groups.map((g) => ({ name: g.cfg.name, state: g.state })),
    };
  }

  #dispatch(inst: InstanceRt, input: Input, rx?: ReceivedAdvert) {
    const handler = handlerFor(inst.state, input);
    if (handler === undefined) return;
    this.#ctx.cause = input;
    handler(this.#ctx, inst, rx);
  }

  #fireTimers(now: number): void {
    for (;;) {
      const top = this.#settle();
      if (top === undefined || top.at > now) return;
      this.#heap.pop();
      const { inst, timer } = top.item;
      inst.timerAt[timer] = undefined;
      inst.timerEntry[timer] = undefined;
      this.#dispatch(inst, timer);
    }
  }

  #health(affected: InstanceRt[]): void {
    for (const inst of affected) recompute(inst);
    if (!this.#started) {
      for (const inst of affected) inst.reportedEffective = inst.effective;
      return;
    }
    for (const inst of affected) this.#dispatch(inst, "health");
  }

  #start(now: number): void {
    if (this.#started) return;
    this.#started = true;
    const t0 = now + (this.#config.startupDelayUs ?? 0);
    this.#acceptFrom = t0;
    startAll(this.#ctx, this.#instances, this.#groups, t0);
  }

  #delete(name: string): void {
    const inst = this.#byName.get(name);
    if (inst !== undefined) deleteInstance(this.#ctx, inst);
  }

  /** Reload (spec §4.8): pair by VRID/family/interface/mode, carry state on, start the new ones. */
  #reload(
    config: EngineConfig,
    now: number,
    sources: ReadonlyMap<string, string | undefined> | undefined,
  ): void {
    const ctx = this.#ctx;
    const old = new Map<string, InstanceRt>();
    for (const inst of this.#instances) {
      if (inst.state !== "DELETED" && inst.state !== "STOP") old.set(reloadKey(inst.cfg), inst);
    }
    const instances = config.instances.map((c, i) => createInstanceRt(c, i));
    const pairs = new Map<InstanceRt, InstanceRt>();
    for (const inst of instances) {
      const key = reloadKey(inst.cfg);
      const before = old.get(key);
      if (before === undefined) continue;
      pairs.set(inst, before);
      old.delete(key);
    }
    if (this.#started) {
      const mark = ctx.out.length;
      for (const gone of old.values()) deleteInstance(ctx, gone);
      // A new instance may carry a removed one's name (another VRID, interface or VMAC):
      // what the removed one sends and releases is marked, so it goes through its own plumbing.
      for (let i = mark; i < ctx.out.length; i++) {
        const a = ctx.out[i]!;
        if (a.type === "advert" || a.type === "remove-vips") a.retired = true;
      }
    }
    for (const [inst, before] of pairs) carryOver(before, inst);
    for (const inst of instances) {
      if (sources === undefined || !sources.has(inst.cfg.name)) continue;
      const address = sources.get(inst.cfg.name);
      inst.noSource = address === undefined;
      if (address !== undefined) inst.source = address;
    }
    const oldGroups = new Map(this.#groups.map((g) => [g.cfg.name, g.state]));
    this.#config = config;
    this.#instances = instances;
    this.#byName = new Map(instances.map((i) => [i.cfg.name, i]));
    this.#groups = this.#makeGroups(config);
    if (!this.#started) return;
    ctx.cause = "start";
    for (const g of this.#groups) {
      const state = oldGroups.get(g.cfg.name);
      if (state !== undefined) g.state = state;
      else if (anyMemberDown(g)) setGroupState(ctx, g, "FAULT");
      else if (!anyMemberPending(g)) setGroupState(ctx, g, "BACKUP");
    }
    for (const inst of instances) {
      const before = pairs.get(inst);
      if (before === undefined) {
        ctx.cause = "start";
        startInstance(ctx, inst, now);
        continue;
      }
      resumeInstance(ctx, inst, before.cfg);
      this.#dispatch(inst, "health");
    }
  }

  #makeGroups(config: EngineConfig): GroupRt[] {
    return config.groups.map((g) =>
      createGroupRt(g, g.members.flatMap((n) => this.#byName.get(n) ?? []))
    );
  }
}

/**
 * Creates an engine for a configuration. Nothing happens until `{ type: "start" }`; tracker and
 * interface events before it set the initial state of the tracked objects.
 *
 * @param config Instances and sync groups (see `engineConfigFromModel`).
 * @returns The engine.
 *
 * @example
 * ```ts
 * import { createEngine } from "./engine.ts";
 * import { instanceConfig } from "./engine_config.ts";
 * const e = createEngine({
 *   instances: [instanceConfig({ name: "VI_1", vrid: 1, priority: 255, wantMaster: true })],
 *   groups: [],
 * });
 * e.handle({ type: "start" }, 0);
 * if (e.nextDeadline() !== 1) throw new Error("an owner takes over after 1 µs");
 * ```
 */
export function createEngine(config: EngineConfig): Engine {
  return new VrrpEngine(config);
}
