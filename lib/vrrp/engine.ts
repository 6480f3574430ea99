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
  cancelAll,
  createInstanceRt,
  enterFault,
  type InstanceRt,
  type InstanceStats,
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
  createGroupRt,
  type GroupRt,
  setGroupState,
} from "./sync_group.ts";
import { handlerFor } from "./state_machine.ts";
import { skewTimeUs } from "./timers.ts";
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
    this.#groups = config.groups.map((g) =>
      createGroupRt(
        g,
        g.members.flatMap((n) => this.#byName.get(n) ?? []),
      )
    );
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
        if (inst !== undefined) inst.source = event.address;
        break;
      }
      case "stop":
        this.#stop();
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

  /** Start-up (spec §4.3, §5.2): groups in FAULT/BACKUP notify first, then instances in order. */
  #start(now: number): void {
    if (this.#started) return;
    this.#started = true;
    const ctx = this.#ctx;
    ctx.cause = "start";
    const t0 = now + (this.#config.startupDelayUs ?? 0);
    this.#acceptFrom = t0;
    for (const g of this.#groups) {
      if (anyMemberDown(g)) setGroupState(ctx, g, "FAULT");
      else if (!anyMemberPending(g)) setGroupState(ctx, g, "BACKUP");
    }
    for (const inst of this.#instances) {
      recompute(inst);
      inst.reportedEffective = inst.effective;
      const g = inst.group;
      const up = !isDown(inst);
      const groupOk = g === undefined || g.state === "BACKUP";
      if (up && inst.cfg.wantMaster && inst.base === 255 && inst.pending === 0 && groupOk) {
        inst.wantMaster = true;
        setState(ctx, inst, "BACKUP");
        ctx.arm(inst, "Master_Down_Timer", t0 + 1);
        continue;
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
  }

  /** Shutdown (spec §7.4): masters release in order, then every instance, then every group, STOP. */
  #stop(): void {
    this.#stopped = true;
    const ctx = this.#ctx;
    ctx.cause = "stop";
    const live = this.#instances.filter((i) => i.state !== "DELETED");
    if (!this.#config.dontReleaseVrrp) {
      for (const inst of live) {
        if (inst.state !== "MASTER") continue;
        sendAdvert(ctx, inst, 0, true);
        removeVips(ctx, inst);
        inst.stats.releaseMaster++;
      }
    }
    for (const inst of live) {
      cancelAll(ctx, inst);
      setState(ctx, inst, "STOP");
      notifyInstance(ctx, inst, "STOP");
    }
    for (const g of this.#groups) setGroupState(ctx, g, "STOP");
  }

  /** Removal at reload (spec §4.8, §5.7). */
  #delete(name: string): void {
    const inst = this.#byName.get(name);
    if (inst === undefined || inst.state === "DELETED") return;
    const ctx = this.#ctx;
    ctx.cause = "delete";
    const wasFault = inst.state === "FAULT";
    if (inst.state === "MASTER") {
      sendAdvert(ctx, inst, 0, true);
      removeVips(ctx, inst);
      inst.stats.releaseMaster++;
    }
    cancelAll(ctx, inst);
    setState(ctx, inst, "DELETED");
    if (!(wasFault && inst.cfg.notify.deleted === undefined)) {
      notifyInstance(ctx, inst, "DELETED");
    }
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
