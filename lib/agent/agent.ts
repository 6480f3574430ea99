/**
 * The agent: composes the VRRP engine, the receive checks, the sockets, rtnetlink and the notify
 * executor at one small root. It sleeps until the engine's next deadline, feeds received adverts
 * and link events in, and executes the engine's actions out, in order.
 *
 * @module
 */

import type { Model } from "../config/model.ts";
import type { NotifyExecutor } from "../notify/executor.ts";
import type { Logger } from "../notify/logger.ts";
import type { Action } from "../vrrp/actions.ts";
import { type CheckView, checkViewFromInstance } from "../vrrp/checks.ts";
import { createEngine, type Engine, type EngineStatus } from "../vrrp/engine.ts";
import { engineConfigFromModel } from "../vrrp/engine_config.ts";
import type { EngineEvent } from "../vrrp/events.ts";
import type { KeepalivedStats } from "../vrrp/counters.ts";
import type { RiseFallState } from "../track/rise_fall.ts";
import { ScriptTracker } from "../track/script.ts";
import type { Tracker, TrackerListener } from "../track/tracker.ts";
import { toEngineEvent } from "../track/trackers.ts";
import type {
  AddressNet,
  AgentClock,
  Announcer,
  RawVrrpPacket,
  RouteNet,
  VmacNet,
  VrrpNet,
} from "./ports.ts";
import { InstanceIo } from "./_instance_io.ts";
import { DropLog } from "./_drop_log.ts";
import { SourceWatch } from "./_source.ts";
import {
  announceAll,
  changeHeld,
  type Gone,
  goneFrom,
  heldChanges,
  prepareRouteLines,
  primeHeld,
  removeLeftovers,
} from "./_held.ts";
import { VmacSet } from "./_vmacs.ts";
import { SocketTable } from "./_sockets.ts";
import { LinkDebounce } from "./_debounce.ts";
import { warmUp } from "./_warmup.ts";
import { WorkQueue } from "./_work_queue.ts";
import { arrivalTime } from "./clock.ts";

const PRIMED_BACKUPS = 4; // BACKUP instances whose VIP path is primed before a rare timer
let agentsMade = 0; // in this process: each agent has a primer slot of its own

/** Collaborators and settings of an agent. */
export interface AgentOptions {
  /** The resolved configuration. */
  model: Model;
  /** Monotonic time and timers. */
  clock: AgentClock;
  /** VRRP sockets. */
  net: VrrpNet;
  /** Addresses and links. */
  addresses: AddressNet;
  /** GARP / NA. */
  announcer: Announcer;
  /** `virtual_routes` / `virtual_rules`; without it they are logged as not installed. */
  routes?: RouteNet;
  /** `use_vmac`; without it such instances run on their interface (logged). */
  vmacs?: VmacNet;
  /** Runs notify hooks in order (and publishes the events). */
  notifier: Pick<NotifyExecutor, "submitPlanned" | "shutdown" | "events">;
  /** Log lines. */
  logger: Logger;
  /** keepalived's `-V`: leave VIPs in place and send no priority-0 advert at shutdown. */
  dontReleaseVrrp?: boolean;
  /**
   * Builds the script, file and process trackers (`createTrackers` of `lib/track/trackers.ts`);
   * their changes become engine events. Interfaces are tracked from `addresses.watchLinks`.
   */
  trackers?: (
    model: Model,
    onChange: TrackerListener,
    previousScripts?: ReadonlyMap<string, RiseFallState>,
  ) => Tracker[];
}

/** What `status()` reports: the engine's view plus the agent's packet counters. */
export interface AgentStatus extends EngineStatus {
  /** Per instance: packets dropped by reason, and send errors. */
  drops: Record<string, Record<string, number>>;
  /**
   * Per instance: keepalived's statistics as the receive checks counted them (the send-side
   * ones are the engine's, in `instances[].stats`).
   */
  received?: Record<string, KeepalivedStats>;
}

/**
 * A running vipkeeper: one engine for all instances and sync groups of a model.
 *
 * @example
 * ```ts
 * import { Agent } from "./agent.ts";
 * // Built by `createLinuxAgent` (lib/agent/linux.ts) or with fakes in tests:
 * function states(a: Agent): string[] {
 *   return a.status().instances.map((i) => `${i.name}=${i.state}`);
 * }
 * ```
 */
export class Agent {
  #o: AgentOptions;
  #engine: Engine;
  #io = new Map<string, InstanceIo>();
  /** Instances removed by a reload, kept until their release actions have run. */
  #retired = new Map<string, InstanceIo>();
  #sockets: SocketTable;
  #cancelTimer: (() => void) | undefined;
  #unwatch: (() => void) | undefined;
  #unwatchAddresses: (() => void) | undefined;
  #unwatchRoutes: (() => void) | undefined;
  #sources: SourceWatch;
  #links: LinkDebounce;
  /** The state of each instance, from the engine's state actions. */
  #states = new Map<string, string>();
  readonly #primerSlot = `agent ${++agentsMade}`;
  #vmacs: VmacSet;
  #drops: DropLog;
  #stopped = false;
  #started = false;
  #trackers: Tracker[] = [];
  /** VIP changes, GARPs, notify hand-offs and log lines, in order; an advert is sent at once when idle. */
  #work: WorkQueue;
  /** The latest time handed to the engine (it must never go back). */
  #lastNow = 0;

  /** Build the agent (nothing is opened until `start`). */
  constructor(options: AgentOptions) {
    this.#o = options;
    const config = engineConfigFromModel(options.model);
    if (options.dontReleaseVrrp) config.dontReleaseVrrp = true;
    this.#engine = createEngine(config);
    this.#drops = new DropLog(options.logger);
    this.#work = new WorkQueue(options.logger);
    this.#vmacs = new VmacSet(options.vmacs, options.logger);
    this.#links = new LinkDebounce(options.clock, (name, up) => {
      if (!this.#stopped) this.#handle({ type: "interface", name, up });
    });
    this.#sockets = new SocketTable(
      options.net,
      options.logger,
      (p, ios) => this.#onPacket(p, ios),
    );
    this.#sources = new SourceWatch({
      addresses: options.addresses,
      clock: options.clock,
      logger: options.logger,
      ios: () => this.#io,
      handle: (event) => this.#handle(event),
    });
  }

  /** The ordered notify events (for library users). */
  get events(): AgentOptions["notifier"]["events"] {
    return this.#o.notifier.events;
  }

  /**
   * Open sockets, learn source addresses and link states, remove VIPs left behind by an earlier
   * run, then start the engine.
   */
  async start(): Promise<void> {
    const { model, addresses } = this.#o;
    this.#buildIo(model);
    await this.#vmacs.sync(model);
    await this.#openSockets();
    // Leftover VIPs go first: they must not be mistaken for the interface's own address.
    for (const io of this.#io.values()) {
      await removeLeftovers(io.inst, this.#vmacs.heldInterface(io.inst), this.#o);
    }
    await this.#sources.learnAll();
    for (const name of this.#linkNames(model)) {
      const up = await addresses.linkUp(name);
      if (up !== true) this.#handle({ type: "interface", name, up: false });
    }
    this.#unwatch = await addresses.watchLinks((c) => {
      if (!this.#stopped) this.#links.change(c.interface, c.up);
    });
    this.#unwatchAddresses = await addresses.watchAddresses((c) => {
      if (c.kind === "address" && !c.present) {
        this.#heldGone({ kind: "address", address: c.address, iface: c.interface });
      }
      this.#sources.onChange(c);
    });
    this.#unwatchRoutes = await this.#o.routes?.watch?.((kind, words) =>
      this.#heldGone({ kind, words })
    );
    this.#startTrackers(model);
    // Compile the takeover path now (and prime it before rare timers), not at the first takeover.
    warmUp(model);
    this.#o.clock.primer?.(this.#primerSlot, () => this.#prime());
    this.#started = true;
    this.#handle({ type: "start" });
  }

  /**
   * Take a new configuration while running (SIGHUP), as keepalived does (spec §4.8): the engine
   * pairs old and new instances by VRID, family, interface and uni/multicast; a paired MASTER
   * stays MASTER (VIPs diffed), removed instances release and notify, new ones start. Sockets
   * are opened and closed to match, script trackers keep their results.
   */
  async reload(model: Model): Promise<void> {
    if (this.#stopped || !this.#started) throw new Error("reload needs a started agent");
    const previous = new Map<string, RiseFallState>();
    for (const t of this.#trackers) if (t instanceof ScriptTracker) previous.set(t.name, t.state);
    await Promise.all(this.#trackers.map((t) => t.stop()));
    this.#o = { ...this.#o, model };
    this.#buildIo(model);
    await this.#vmacs.sync(model);
    await this.#openSockets();
    const sources = await this.#sources.forReload();
    const config = engineConfigFromModel(model);
    if (this.#o.dontReleaseVrrp) config.dontReleaseVrrp = true;
    this.#handle({ type: "reload", config, sources });
    // Removed instances sent their priority-0 advert and dropped their VIPs through their old
    // plumbing; only then are it and their sockets let go.
    await this.#work.settled();
    this.#retired.clear();
    await this.#sockets.prune(new Set([...this.#io.values()].map((io) => this.#socketKey(io))));
    await this.#vmacs.prune(model);
    this.#startTrackers(model, previous);
    warmUp(model);
  }

  #buildIo(model: Model): void {
    const group4 = model.globalDefs.mcastGroup4;
    const old = this.#io;
    this.#io = new Map();
    this.#sources.setModel(model);
    this.#links.setModel(model);
    prepareRouteLines(model, this.#o);
    // Every old one is kept until the reload's release actions ran: an unpaired instance may
    // share its name with a new one, and its actions (marked `retired`) use the old plumbing.
    for (const [name, io] of old) this.#retired.set(name, io);
    for (const inst of model.instances) {
      // keepalived 2.2.7 drops adverts whose VIP list differs (and counts addr_list_err), as
      // RFC 3768 §7.1 says; the checks' default does the same (docs/packets.md).
      const view: CheckView = checkViewFromInstance(inst, group4);
      // Its source address comes from the source watch (start-up and reload find it for all).
      this.#io.set(inst.name, new InstanceIo(inst, model.globalDefs, view));
    }
  }

  #startTrackers(model: Model, previous?: ReadonlyMap<string, RiseFallState>): void {
    this.#trackers = this.#o.trackers?.(
      model,
      (e) => this.inject(toEngineEvent(e)),
      previous,
    ) ?? [];
    for (const t of this.#trackers) t.start();
  }

  /** Feed an engine event from outside (trackers, admin commands). */
  inject(event: EngineEvent): void {
    if (!this.#stopped) this.#handle(event);
  }

  /**
   * Shut down as keepalived does (spec §7.4): priority-0 adverts from masters, VIPs removed,
   * STOP notifies handed to the executor; then sockets closed and the hooks awaited.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    if (this.#started) this.#handle({ type: "stop" });
    this.#stopped = true;
    this.#o.clock.primer?.(this.#primerSlot, undefined);
    await Promise.all(this.#trackers.map((t) => t.stop()));
    this.#cancelTimer?.();
    this.#unwatch?.();
    this.#links.stop();
    this.#unwatchAddresses?.();
    this.#unwatchRoutes?.();
    await this.#sources.stop();
    await this.#work.settled();
    await this.#sockets.close();
    await this.#vmacs.close(this.#o.dontReleaseVrrp ?? false);
    await this.#o.notifier.shutdown();
  }

  /** A snapshot of every instance, group and counter. */
  status(): AgentStatus {
    const received: Record<string, KeepalivedStats> = {};
    for (const [name, io] of this.#io) received[name] = { ...io.counters.stats };
    return { ...this.#engine.status(), drops: this.#drops.snapshot(), received };
  }

  /** Resolves when every action handed out so far has been executed. */
  settled(): Promise<void> {
    return this.#work.settled();
  }

  /** Every interface whose link state matters: own ones and every tracked one (engine's view). */
  #linkNames(model: Model): Set<string> {
    const names = new Set<string>();
    for (const inst of model.instances) {
      if (inst.interface !== undefined && !inst.dontTrackPrimary) names.add(inst.interface);
    }
    for (const inst of engineConfigFromModel(model).instances) {
      for (const t of inst.trackers) if (t.kind === "interface") names.add(t.name);
    }
    return names;
  }

  /** Give every instance its socket, then the VMAC send sockets (`vmac_xmit_base`). */
  async #openSockets(): Promise<void> {
    await this.#sockets.open(
      this.#io.values(),
      (io) => this.#socketKey(io),
      (io) => this.#vmacs.socketInterface(io.inst),
    );
    await this.#vmacs.attachSockets(this.#io.values(), this.#o.net);
  }

  #onPacket(packet: RawVrrpPacket, ios: readonly InstanceIo[]): void {
    if (this.#stopped) return;
    for (const io of ios) {
      const r = io.check(packet, this.#engine);
      if ("dropped" in r) this.#drops.drop(io.inst.name, r.dropped, packet.interface);
      else if (r.accepted) {
        const event = { type: "advert" as const, instance: io.inst.name, received: r.accepted };
        this.#handle(event, arrivalTime(this.#o.clock.now(), packet.receivedAtMs));
      }
    }
  }

  /**
   * Something a MASTER holds went away without us: a tracked VIP (`address` on `iface`) or a
   * tracked route or rule line. keepalived's answer is to step down and come back
   * (`address-lost`). The agent's own removals never match: the engine has left MASTER before it
   * removes anything, a reload's removed lines are no longer in the model, and a stopping agent
   * ignores events.
   */
  #heldGone(gone: Gone): void {
    if (this.#stopped || !this.#started) return;
    for (const io of this.#io.values()) {
      if (this.#states.get(io.inst.name) !== "MASTER") continue;
      const what = goneFrom(io.inst, this.#vmacs.heldInterface(io.inst), gone);
      if (what === undefined) continue;
      this.#o.logger.warn(`(${io.inst.name}) ${what} was deleted from outside`);
      this.#handle({ type: "address-lost", instance: io.inst.name });
    }
  }

  /** Just before a rare timer (a backup's Master_Down?): the first BACKUP instances' VIP path. */
  #prime(): void {
    const backups = [...this.#io.values()].filter((io) =>
      this.#states.get(io.inst.name) === "BACKUP"
    );
    for (const io of backups.slice(0, PRIMED_BACKUPS)) {
      primeHeld(io.inst, this.#vmacs.heldInterface(io.inst), this.#o);
    }
  }

  /** Instances with the same key share one socket: interface (its VMAC if any) and family. */
  #socketKey(io: InstanceIo): string {
    return `${this.#vmacs.socketInterface(io.inst) ?? ""}|${io.inst.family}`;
  }

  #handle(event: EngineEvent, at?: number): void {
    const now = Math.max(this.#lastNow, at ?? this.#o.clock.now());
    this.#lastNow = now;
    const actions = this.#engine.handle(event, now);
    this.#execute(actions);
    this.#reschedule();
  }

  #reschedule(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#stopped) return;
    const at = this.#engine.nextDeadline();
    if (at === undefined) return;
    this.#cancelTimer = this.#o.clock.at(at, () => {
      this.#cancelTimer = undefined;
      if (!this.#stopped) this.#handle({ type: "timer" });
    });
  }

  #execute(actions: Action[]): void {
    // Log lines wait behind what is queued (a takeover's VIPs and GARPs): writing them is not
    // free, and the GARP should follow the advert as closely as keepalived's does.
    const lines: string[] = [];
    // While everything before an action is done, or (VIP changes) already in the kernel, the
    // action is carried out now instead of queued: a takeover's advert, VIPs and first GARP go
    // out back to back, before the rest of this turn; the VIPs' acknowledgements are read after.
    let direct = this.#work.idle;
    for (const action of actions) {
      if (action.type === "notify") {
        // After the VIPs and GARPs queued before it, as keepalived does: spawning the hook
        // blocks the event loop for a few milliseconds, which must not delay them.
        if (this.#work.idle) this.#notify(action);
        else this.#work.enqueue("notify", () => Promise.resolve(this.#notify(action)));
      } else if (action.type === "state") {
        if (action.scope === "instance") this.#states.set(action.name, action.to);
        lines.push(stateLine(action));
      } else if (action.type === "log") {
        lines.push(`(${action.instance}) ${action.message}`);
      } else if (action.type === "priority") {
        lines.push(
          `(${action.instance}) Changing effective priority from ${action.from} to ${action.to}`,
        );
      } else if (action.type === "advert" && direct) {
        // Ahead of the log lines and notify spawns that follow in the same batch (a takeover's
        // first advert must not wait for them).
        this.#sendAdvert(action);
      } else if (direct && this.#atOnce(action)) {
        this.#work.track(action.type, this.#perform(action));
      } else if (action.type !== "schedule") {
        this.#work.enqueue(action.type, () => this.#perform(action));
        direct = false;
      }
    }
    if (lines.length === 0) return;
    const write = () => {
      for (const l of lines) this.#o.logger.info(l);
    };
    if (this.#work.idle) write();
    else this.#work.enqueue("log", () => Promise.resolve(write()));
  }

  /**
   * Whether `action` is done by the time its start returns: a GARP burst's first frame is sent,
   * and VIP changes without route lines reach the kernel when the address port has room.
   */
  #atOnce(action: Action): boolean {
    if (action.type === "garp") return true;
    if (action.type !== "add-vips" && action.type !== "remove-vips") return false;
    const n = heldChanges(action);
    return n !== undefined && n <= (this.#o.addresses.immediate?.() ?? 0);
  }

  #sendAdvert(action: Extract<Action, { type: "advert" }>): void {
    const io = this.#ioFor(action);
    if (io === undefined) return;
    for (const packet of io.outgoing(action.advert)) {
      try {
        const sent = io.socket?.send(packet);
        if (sent instanceof Promise) {
          this.#work.enqueue(
            "advert",
            () => sent.catch((e) => this.#drops.sendError(io.inst.name, packet.destination, e)),
          );
        }
      } catch (e) {
        this.#drops.sendError(io.inst.name, packet.destination, e);
      }
    }
  }

  /** The plumbing of the instance an action is for (a removed instance's when it is marked). */
  #ioFor(a: { instance: string; retired?: true }): InstanceIo | undefined {
    return a.retired
      ? this.#retired.get(a.instance) ?? this.#io.get(a.instance)
      : this.#io.get(a.instance) ?? this.#retired.get(a.instance);
  }

  #notify(a: Extract<Action, { type: "notify" }>): void {
    // The engine planned the hooks (state script, then generic notify, DELETED/FAULT rule);
    // the executor runs them one at a time, in this order.
    this.#o.notifier.submitPlanned(a);
  }

  async #perform(action: Action): Promise<void> {
    if (!("instance" in action)) return;
    const io = this.#ioFor(action);
    if (io === undefined) return;
    switch (action.type) {
      case "advert":
        for (const packet of io.outgoing(action.advert)) {
          try {
            await io.socket?.send(packet);
          } catch (e) {
            this.#drops.sendError(io.inst.name, packet.destination, e);
          }
        }
        return;
      case "add-vips":
      case "remove-vips":
        return changeHeld(action, io.inst, this.#vmacs.heldInterface(io.inst), this.#o);
      case "garp":
        return announceAll(action, this.#vmacs.heldInterface(io.inst), this.#o.announcer);
      default:
        return;
    }
  }
}

function stateLine(a: Extract<Action, { type: "state" }>): string {
  const who = a.scope === "group" ? `VRRP_Group(${a.name})` : `(${a.name})`;
  return `${who} Entering ${a.to} STATE (${a.cause})`;
}
