/**
 * `track_interface` (and the implicit tracking of an instance's own interface, spec §3.6): the
 * state of each tracked interface comes from link events that the system layer's rtnetlink
 * listener produces (no polling). An interface is ok when it is IFF_UP **and** IFF_RUNNING; a
 * deleted interface is down. Each change is reported as `{ kind: "interface", name, ok }`, and the
 * first state of each tracked interface as soon as it is known.
 *
 * @module
 */

import type { Logger } from "../notify/logger.ts";
import { deliver } from "./_deliver.ts";
import type { Tracker, TrackerListener } from "./tracker.ts";

/** One link state from rtnetlink (RTM_NEWLINK / RTM_DELLINK, or the initial dump). */
export interface LinkEvent {
  /** Interface name. */
  ifname: string;
  /** IFF_UP: administratively up. */
  up: boolean;
  /** IFF_RUNNING: carrier / operationally up. */
  running: boolean;
  /** True when the interface was deleted (RTM_DELLINK). */
  deleted?: boolean;
}

/** What the interface tracker needs from the system layer: a stream of link events. */
export type LinkEvents = AsyncIterable<LinkEvent>;

/** Settings of the interface tracker. */
export interface InterfaceTrackerOptions {
  /** Names of the interfaces to track (events for others are ignored). */
  names: string[];
  /** Link events, starting with the current state of each interface (a netlink dump). */
  links: LinkEvents;
  /** Receives changes. */
  onChange: TrackerListener;
  /** Log lines. */
  logger: Logger;
}

/**
 * Tracks a set of interfaces from link events.
 *
 * @example
 * ```ts
 * import { InterfaceTracker, type LinkEvent } from "./interface.ts";
 * import { silentLogger } from "../notify/logger.ts";
 * async function* links(): AsyncGenerator<LinkEvent> {
 *   yield { ifname: "eth0", up: true, running: true };
 *   yield { ifname: "eth0", up: true, running: false };
 * }
 * const seen: string[] = [];
 * const t = new InterfaceTracker({
 *   names: ["eth0"], links: links(), logger: silentLogger,
 *   onChange: (e) => { if (e.kind === "interface") seen.push(`${e.name} ${e.ok}`); },
 * });
 * t.start();
 * await t.done;
 * if (seen.join() !== "eth0 true,eth0 false") throw new Error(seen.join());
 * ```
 */
export class InterfaceTracker implements Tracker {
  #o: InterfaceTrackerOptions;
  #names: Set<string>;
  #state = new Map<string, boolean>();
  #iterator: AsyncIterator<LinkEvent> | null = null;
  #stopped = false;
  /** Resolves when the event stream ends or the tracker is stopped. */
  done: Promise<void> = Promise.resolve();

  /** Create the tracker (no events are read until `start`). */
  constructor(options: InterfaceTrackerOptions) {
    this.#o = options;
    this.#names = new Set(options.names);
  }

  /** The last known state of `ifname` (undefined until its first event). */
  isUp(ifname: string): boolean | undefined {
    return this.#state.get(ifname);
  }

  /** Start consuming link events. */
  start(): void {
    this.#iterator = this.#o.links[Symbol.asyncIterator]();
    this.done = this.#consume(this.#iterator);
  }

  /** Stop consuming (ends the iterator). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#iterator?.return?.();
    await this.done;
  }

  async #consume(it: AsyncIterator<LinkEvent>): Promise<void> {
    try {
      while (!this.#stopped) {
        const r = await it.next();
        if (r.done || this.#stopped) break;
        this.#apply(r.value);
      }
    } catch (e) {
      if (!this.#stopped) this.#o.logger.error(`Interface tracking stopped: ${e}`);
    }
  }

  #apply(ev: LinkEvent): void {
    if (!this.#names.has(ev.ifname)) return;
    const ok = ev.deleted !== true && ev.up && ev.running;
    if (this.#state.get(ev.ifname) === ok) return;
    const first = !this.#state.has(ev.ifname);
    this.#state.set(ev.ifname, ok);
    if (!first || !ok) {
      this.#o.logger.info(`Netlink reports ${ev.ifname} ${ok ? "up" : "down"}`);
    }
    deliver(this.#o.onChange, { kind: "interface", name: ev.ifname, ok }, this.#o.logger);
  }
}
