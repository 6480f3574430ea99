/**
 * A deterministic in-memory LAN for VRRP engines: N routers, each running one engine, joined by
 * segments named after their interfaces, with latency, jitter and loss drawn from a seeded
 * generator, and a virtual clock that steps to the earliest scripted event, delivery or engine
 * deadline. Every action any engine emits is recorded with its time.
 *
 * By default adverts travel as bytes: encoded with the real codec and passed through the real
 * receive checks (`checks.ts`) before the receiving engine sees them.
 *
 * @module
 */

import type { Action } from "../../../lib/vrrp/actions.ts";
import type { Advert, ReceivedAdvert } from "../../../lib/vrrp/advert.ts";
import { createEngine, type Engine } from "../../../lib/vrrp/engine.ts";
import type { EngineConfig, InstanceConfig } from "../../../lib/vrrp/engine_config.ts";
import type { EngineEvent } from "../../../lib/vrrp/events.ts";
import { TRANSITIONS } from "../../../lib/vrrp/state_machine.ts";
import { encodeAdvert } from "../../../lib/vrrp/packet.ts";
import { checkAdvert, type CheckView } from "../../../lib/vrrp/checks.ts";
import { TimerHeap } from "../../../lib/vrrp/_sm_heap.ts";
import { mulberry32 } from "../../_fixtures/random.ts";

/** One recorded action. */
export interface TraceEntry {
  /** Virtual time, µs. */
  t: number;
  /** Router that emitted it. */
  router: string;
  /** The action. */
  action: Action;
}

/** A dropped delivery, for stories about filters and checks. */
export interface DropEntry {
  /** Virtual time, µs. */
  t: number;
  /** Receiving router. */
  router: string;
  /** Receiving instance. */
  instance: string;
  /** Why. */
  reason: string;
}

/** LAN options. */
export interface LanOptions {
  /** Seed of the generator used for loss and jitter (default 1). */
  seed?: number;
  /** One-way latency, µs (default 0). */
  latencyUs?: number;
  /** Extra random latency 0..jitterUs, µs (default 0). */
  jitterUs?: number;
  /** Probability that one delivery is lost (default 0). */
  loss?: number;
  /** Pass adverts as bytes through the codec and the receive checks (default true). */
  wire?: boolean;
  /** Record every action (default true; the benchmark turns it off). */
  record?: boolean;
}

/** A router on the LAN. */
export interface Router {
  /** Name used in traces. */
  name: string;
  /** Its address: source of its adverts and its tie-break address. */
  address: string;
  /** Its configuration. */
  config: EngineConfig;
  /** Its engine (replaced by `restart`). */
  engine: Engine;
  /** Crashed routers neither send, receive nor run timers. */
  up: boolean;
  /** The configuration before the last reload (its instances may still release). */
  previous?: EngineConfig;
}

interface Delivery {
  kind: "deliver";
  at: number;
  to: Router;
  instance: InstanceConfig;
  rx: ReceivedAdvert;
  bytes?: Uint8Array;
}

type Item = { kind: "script"; fn: () => void } | Delivery;

function checkView(c: InstanceConfig, priority: number): CheckView {
  return {
    vrid: c.vrid,
    version: c.version,
    family: c.family,
    priority,
    advertIntervalCs: c.version === 2
      ? Math.max(1, Math.round(c.advertIntUs / 1_000_000)) * 100
      : Math.round(c.advertIntUs / 10_000),
    vips: c.vips.map((v) => v.address),
    unicastPeers: [],
    checkUnicastSrc: false,
    skipCheckAdvAddr: false,
    ownerIgnoreAdverts: c.ownerIgnoreAdverts,
    v3ChecksumAsV2: false,
    oldUnicastChecksum: "auto",
    mcastGroup4: "224.0.0.18",
    addressMismatch: "count",
  };
}

/** The simulated LAN. */
export class Lan {
  /** Current virtual time, µs. */
  now = 0;
  /** Every action, in order. */
  readonly trace: TraceEntry[] = [];
  /** Deliveries that were dropped by the receive checks. */
  readonly drops: DropEntry[] = [];
  /** Routers in the order they were added. */
  readonly routers: Router[] = [];
  /** Actions counted (also when not recorded). */
  actionCount = 0;
  #opts: Required<LanOptions>;
  #random: () => number;
  #queue = new TimerHeap<Item>();
  #partition: Map<string, number> | undefined;
  #masters = new Map<string, string>();
  #views = new Map<string, CheckView>();
  #index = new Map<Router, Map<string, InstanceConfig[]>>();
  #byName = new Map<Router, Map<string, InstanceConfig>>();
  #routes = new Map<InstanceConfig, Map<Router, InstanceConfig[]>>();
  /** Deliveries without jitter arrive in sending order: a plain queue. */
  #fifo: Delivery[] = [];
  #fifoHead = 0;

  constructor(opts: LanOptions = {}) {
    this.#opts = {
      seed: 1,
      latencyUs: 0,
      jitterUs: 0,
      loss: 0,
      wire: true,
      record: true,
      ...opts,
    };
    this.#random = mulberry32(this.#opts.seed);
  }

  /** Adds a router; its instances learn `address` as their source address. */
  add(name: string, address: string, config: EngineConfig): Router {
    const r: Router = { name, address, config, engine: createEngine(config), up: true };
    this.routers.push(r);
    this.#introduce(r);
    return r;
  }

  /** The router called `name`. */
  router(name: string): Router {
    const r = this.routers.find((x) => x.name === name);
    if (r === undefined) throw new Error(`no router ${name}`);
    return r;
  }

  /** Sets the loss probability from now on. */
  set loss(p: number) {
    this.#opts.loss = p;
  }

  /** Runs `fn` at virtual time `t` (scripted events run before deliveries and timers). */
  at(t: number, fn: () => void): void {
    this.#queue.push(t, { kind: "script", fn });
  }

  /** Hands an event to a router's engine now and records the actions. */
  send(name: string, event: EngineEvent): Action[] {
    const r = this.router(name);
    if (!r.up) return [];
    const actions = r.engine.handle(event, this.now);
    this.#execute(r, actions);
    return actions;
  }

  /** Starts every router now. */
  startAll(): void {
    for (const r of this.routers) this.send(r.name, { type: "start" });
  }

  /** The router dies silently: no priority-0 advert, nothing more from it. */
  crash(name: string): void {
    this.router(name).up = false;
  }

  /** The router comes back with a fresh engine and starts. */
  restart(name: string): void {
    const r = this.router(name);
    r.engine = createEngine(r.config);
    r.up = true;
    this.#introduce(r);
    this.send(name, { type: "start" });
  }

  /** Hands the router a new configuration (SIGHUP), as a `reload` event, now. */
  reload(name: string, config: EngineConfig): Action[] {
    const r = this.router(name);
    r.previous = r.config;
    r.config = config;
    this.#index.clear();
    this.#byName.clear();
    this.#routes.clear();
    this.#views.clear();
    const actions = this.send(name, { type: "reload", config });
    this.#introduce(r);
    return actions;
  }

  /** Only routers in the same set hear each other. */
  partition(sets: string[][]): void {
    this.#partition = new Map();
    sets.forEach((s, i) => s.forEach((n) => this.#partition?.set(n, i)));
  }

  /** Everyone hears everyone again. */
  heal(): void {
    this.#partition = undefined;
  }

  /** Steps until virtual time `end` (inclusive). */
  runUntil(end: number): void {
    for (;;) {
      const next = this.#nextTime();
      if (next === undefined || next > end) break;
      this.#stepAt(next);
    }
    this.now = end;
  }

  /** Steps for `us` more microseconds. */
  runFor(us: number): void {
    this.runUntil(this.now + us);
  }

  /** Actions of one type, with time and router. */
  actions<T extends Action["type"]>(
    type: T,
    router?: string,
  ): { t: number; router: string; action: Extract<Action, { type: T }> }[] {
    return this.trace.filter((e) => e.action.type === type && (router ?? e.router) === e.router)
      .map((e) => ({ t: e.t, router: e.router, action: e.action as Extract<Action, { type: T }> }));
  }

  /** State changes as compact strings `t router name from→to`. */
  transitions(scope: "instance" | "group" = "instance"): string[] {
    return this.actions("state").filter((e) => e.action.scope === scope).map((e) =>
      `${e.t} ${e.router} ${e.action.name} ${e.action.from}→${e.action.to}`
    );
  }

  /** FIFO lines in order, prefixed with the router. */
  fifo(router?: string): string[] {
    return this.actions("notify", router).map((e) => `${e.router} ${e.action.fifo}`);
  }

  /** Current state of an instance on a router. */
  stateOf(router: string, instance: string): string | undefined {
    return this.router(router).engine.status().instances.find((i) => i.name === instance)?.state;
  }

  /** Routers whose instance `instance` is MASTER now. */
  mastersOf(instance: string): string[] {
    return this.routers.filter((r) => r.up && this.stateOf(r.name, instance) === "MASTER")
      .map((r) => r.name);
  }

  #introduce(r: Router): void {
    for (const i of r.config.instances) {
      if (i.sourceAddress === undefined) {
        r.engine.handle({ type: "source-address", instance: i.name, address: r.address }, this.now);
      }
    }
  }

  #nextTime(): number | undefined {
    let best = this.#queue.peek()?.at;
    const f = this.#fifo[this.#fifoHead];
    if (f !== undefined && (best === undefined || f.at < best)) best = f.at;
    for (const r of this.routers) {
      if (!r.up) continue;
      const d = r.engine.nextDeadline();
      if (d !== undefined && (best === undefined || d < best)) best = d;
    }
    return best;
  }

  #stepAt(t: number): void {
    this.now = t;
    const top = this.#queue.peek();
    if (top !== undefined && top.at <= t && top.item.kind === "script") {
      this.#queue.pop();
      top.item.fn();
      return;
    }
    const f = this.#fifo[this.#fifoHead];
    if (f !== undefined && f.at <= t) {
      this.#fifoHead++;
      if (this.#fifoHead > 4096 && this.#fifoHead * 2 > this.#fifo.length) {
        this.#fifo = this.#fifo.slice(this.#fifoHead);
        this.#fifoHead = 0;
      }
      this.#deliver(f);
      return;
    }
    if (top !== undefined && top.at <= t) {
      this.#queue.pop();
      const item = top.item;
      if (item.kind === "script") item.fn();
      else this.#deliver(item);
      return;
    }
    for (const r of this.routers) {
      const d = r.up ? r.engine.nextDeadline() : undefined;
      if (d !== undefined && d <= t) {
        this.#execute(r, r.engine.handle({ type: "timer" }, t));
        return;
      }
    }
  }

  #execute(r: Router, actions: Action[]): void {
    this.actionCount += actions.length;
    for (const a of actions) {
      if (this.#opts.record) this.trace.push({ t: this.now, router: r.name, action: a });
      if (a.type === "state" && a.scope === "instance") this.#checkTable(a.from, a.cause, a.to);
      if (a.type === "advert") this.#broadcast(r, a.instance, a.advert);
    }
  }

  #checkTable(from: string, cause: string, to: string): void {
    if (TRANSITIONS.some((x) => x.from === from && x.on === cause && x.to === to)) return;
    throw new Error(`transition ${from} --${cause}--> ${to} is not in the table`);
  }

  #broadcast(from: Router, instanceName: string, advert: Advert): void {
    let byName = this.#byName.get(from);
    if (byName === undefined) {
      const all = [...(from.previous?.instances ?? []), ...from.config.instances];
      byName = new Map(all.map((i) => [i.name, i]));
      this.#byName.set(from, byName);
    }
    const sender = byName.get(instanceName);
    const source = sender?.sourceAddress ?? from.address;
    const destination = advert.family === "inet6" ? "ff02::12" : "224.0.0.18";
    const bytes = this.#opts.wire ? encodeAdvert(advert, { source, destination }) : undefined;
    for (const to of this.routers) {
      if (to === from || !to.up) continue;
      if (this.#partition && this.#partition.get(to.name) !== this.#partition.get(from.name)) {
        continue;
      }
      const rx: ReceivedAdvert = {
        advert,
        source,
        destination,
        ttl: 255,
        interface: sender?.interface ?? "eth0",
      };
      for (const inst of this.#listeners(to, sender, advert)) {
        if (this.#opts.loss > 0 && this.#random() < this.#opts.loss) continue;
        const jitter = this.#opts.jitterUs > 0
          ? Math.floor(this.#random() * this.#opts.jitterUs)
          : 0;
        const at = this.now + this.#opts.latencyUs + jitter;
        const item: Delivery = { kind: "deliver", at, to, instance: inst, rx };
        if (bytes !== undefined) item.bytes = bytes;
        if (this.#opts.jitterUs === 0) this.#fifo.push(item);
        else this.#queue.push(at, item);
      }
    }
  }

  #listeners(to: Router, sender: InstanceConfig | undefined, advert: Advert): InstanceConfig[] {
    let cached = sender === undefined ? undefined : this.#routes.get(sender);
    if (cached === undefined) {
      cached = new Map();
      if (sender !== undefined) this.#routes.set(sender, cached);
    }
    const hit = cached.get(to);
    if (hit !== undefined) return hit;
    const found = this.#lookup(to, sender?.interface, advert);
    cached.set(to, found);
    return found;
  }

  #lookup(to: Router, ifname: string | undefined, advert: Advert): InstanceConfig[] {
    let index = this.#index.get(to);
    if (index === undefined) {
      index = new Map();
      for (const i of to.config.instances) {
        const k = `${i.interface ?? ""}/${i.family}/${i.vrid}`;
        index.set(k, [...(index.get(k) ?? []), i]);
      }
      this.#index.set(to, index);
    }
    return index.get(`${ifname ?? ""}/${advert.family}/${advert.vrid}`) ?? [];
  }

  #deliver(item: Delivery): void {
    const { to, instance } = item;
    if (!to.up) return;
    let rx = item.rx;
    if (item.bytes !== undefined) {
      const key = `${to.name}/${instance.name}`;
      let view = this.#views.get(key);
      if (view === undefined) {
        view = checkView(instance, instance.priority);
        this.#views.set(key, view);
      }
      const ctx: { currentMaster?: string } = {};
      const m = this.#masters.get(key);
      if (m !== undefined) ctx.currentMaster = m;
      const r = checkAdvert(
        {
          family: instance.family,
          message: item.bytes,
          source: rx.source,
          destination: rx.destination,
          ttl: rx.ttl,
          interface: rx.interface,
        },
        view,
        ctx,
      );
      if ("dropped" in r) {
        this.drops.push({
          t: this.now,
          router: to.name,
          instance: instance.name,
          reason: r.dropped,
        });
        return;
      }
      rx = r.accepted;
      this.#masters.set(key, rx.source);
    }
    this.#execute(
      to,
      to.engine.handle({ type: "advert", instance: instance.name, received: rx }, this.now),
    );
  }
}
