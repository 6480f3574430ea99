/**
 * An instance's own source address, as keepalived picks it: the configured `mcast_src_ip` /
 * `unicast_src_ip`, else the interface's primary address of the family (IPv6: its link-local).
 * VIPs never count. With `track_src_ip`, a configured address that is not on the interface counts
 * as none. No address is keepalived's "no source IP" fault.
 *
 * @module
 */

import type { Model, VrrpInstance } from "../config/model.ts";
import type { Logger } from "../notify/logger.ts";
import type { EngineEvent } from "../vrrp/events.ts";
import type { InstanceIo } from "./_instance_io.ts";
import type { AddressChange, AddressNet, AgentClock } from "./ports.ts";

/** Why an instance has no source address, for the log line. */
export function noSourceReason(inst: VrrpInstance): string {
  const v = inst.family === "inet" ? "IPv4" : "IPv6";
  const configured = inst.unicastPeers.length > 0 ? inst.unicastSrcIp : inst.mcastSrcIp;
  if (configured !== undefined && inst.trackSrcIp && inst.interface !== undefined) {
    return `its source address ${configured} (track_src_ip) is not on ${inst.interface}`;
  }
  if (configured !== undefined) {
    return `its unicast_src_ip ${configured} is not an address of this host`;
  }
  if (inst.interface === undefined) return "no interface and no configured source address";
  return `no ${v} ${v === "IPv6" ? "link-local " : ""}address on ${inst.interface}`;
}

/**
 * Finds source addresses for a pass over instances, asking the system once per interface and
 * family (a pass at start-up covers hundreds of instances on a few interfaces).
 */
export class SourceFinder {
  #primary = new Map<string, Promise<string | undefined>>();
  #present = new Map<string, Promise<boolean>>();

  /** A finder over `addresses`; `vips` are never a source. */
  constructor(readonly addresses: AddressNet, readonly vips: ReadonlySet<string>) {}

  /** The instance's source address now, or undefined when it has none. */
  find(inst: VrrpInstance): Promise<string | undefined> {
    const configured = inst.unicastPeers.length > 0 ? inst.unicastSrcIp : inst.mcastSrcIp;
    const iface = inst.interface;
    if (configured !== undefined) {
      // track_src_ip: it must be on the instance's interface. A unicast source must be an
      // address of this host (keepalived binds its socket to it, and an instance whose bind
      // fails is FAULT: "src address not configured"). Otherwise it is used as configured.
      const where = inst.trackSrcIp && iface !== undefined
        ? iface
        : inst.unicastPeers.length > 0
        ? undefined
        : null;
      if (where === null) return Promise.resolve(configured);
      const key = `${where ?? "*"}|${inst.family}|${configured}`;
      let present = this.#present.get(key);
      if (present === undefined) {
        present = this.addresses.hasAddress(where, inst.family, configured);
        this.#present.set(key, present);
      }
      return present.then((yes) => yes ? configured : undefined);
    }
    if (iface === undefined) return Promise.resolve(undefined);
    const key = `${iface}|${inst.family}`;
    let primary = this.#primary.get(key);
    if (primary === undefined) {
      primary = this.addresses.primaryAddress(iface, inst.family, this.vips);
      this.#primary.set(key, primary);
    }
    return primary;
  }
}

/** What the source watch needs from the agent. */
export interface SourceWatchHost {
  /** Addresses (for the lookups). */
  addresses: AddressNet;
  /** Agent clock (the coalescing delay). */
  clock: AgentClock;
  /** Log lines. */
  logger: Logger;
  /** The instances' plumbing now. */
  ios(): ReadonlyMap<string, InstanceIo>;
  /** Hand an event to the engine (and execute its actions). */
  handle(event: EngineEvent): void;
}

/**
 * Keeps every instance's source address current: found at start-up and reload, found again
 * (2 ms after a burst of address events, once) on the interface and family an event names.
 * Losing the last one is keepalived's "no source IP" fault: the engine sends the instance to
 * FAULT (an IPv4 master still sends its priority-0 adverts from the old address; an IPv6 one
 * cannot, as in keepalived), and an address appearing brings it back.
 */
export class SourceWatch {
  /** Every VIP of the model: never a source address, and their events are our own. */
  #vips = new Set<string>();
  /** Per instance: its source address, or null while it has none (a fault). */
  #sourceOf = new Map<string, string | null>();
  #dirty = new Set<string>();
  #resolving: Promise<void> | undefined;
  #cancel: (() => void) | undefined;
  #stopped = false;

  /** A watch for `host`. */
  constructor(readonly host: SourceWatchHost) {}

  /** The VIPs of `model` (call on every new model). */
  setModel(model: Model): void {
    this.#vips = new Set(
      model.instances.flatMap((i) => [...i.vips, ...i.excludedVips].map((v) => v.address)),
    );
  }

  /** Start-up: find and hand over every instance's source. */
  async learnAll(): Promise<void> {
    const finder = new SourceFinder(this.host.addresses, this.#vips);
    for (const io of this.host.ios().values()) this.#apply(io, await finder.find(io.inst));
  }

  /**
   * Reload: find every instance's source again (a configured one may have changed) and return
   * them for the engine's reload event, so a new instance without one starts in FAULT.
   */
  async forReload(): Promise<Map<string, string | undefined>> {
    const finder = new SourceFinder(this.host.addresses, this.#vips);
    const sources = new Map<string, string | undefined>();
    const ios = this.host.ios();
    for (const io of ios.values()) {
      const found = await finder.find(io.inst);
      sources.set(io.inst.name, found);
      this.#note(io, this.#sourceOf.get(io.inst.name), found);
      io.source = found;
    }
    for (const name of [...this.#sourceOf.keys()]) if (!ios.has(name)) this.#sourceOf.delete(name);
    return sources;
  }

  /** An address event. */
  onChange(c: AddressChange): void {
    if (this.#stopped || (c.kind === "address" && this.#vips.has(c.address))) return;
    this.#soon(c.kind === "address" ? `${c.interface}|${c.family}` : "*");
  }

  /** Stop watching; resolves when a pass under way is over. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancel?.();
    await this.#resolving;
  }

  #apply(io: InstanceIo, found: string | undefined): void {
    const name = io.inst.name;
    const before = this.#sourceOf.get(name);
    if (before !== undefined && before === (found ?? null)) return;
    this.#note(io, before, found);
    if (found === undefined) {
      if (io.inst.family === "inet6") io.source = undefined;
      this.host.handle({ type: "source-address", instance: name });
      io.source = undefined;
    } else {
      io.source = found;
      this.host.handle({ type: "source-address", instance: name, address: found });
    }
  }

  /** Record and log a change (`before`: undefined = not known yet, null = none). */
  #note(io: InstanceIo, before: string | null | undefined, found: string | undefined): void {
    const name = io.inst.name;
    const { logger } = this.host;
    this.#sourceOf.set(name, found ?? null);
    if (found === undefined && before !== null) {
      logger.warn(`(${name}) no source address: ${noSourceReason(io.inst)}; FAULT`);
    } else if (found !== undefined && before === null) {
      logger.info(`(${name}) source address ${found}: the no-source fault is cleared`);
    } else if (found !== undefined && before !== undefined && before !== found) {
      logger.info(`(${name}) source address changed from ${before} to ${found}`);
    }
  }

  #soon(key: string): void {
    this.#dirty.add(key);
    if (this.#cancel !== undefined || this.#resolving !== undefined) return;
    const { clock } = this.host;
    this.#cancel = clock.at(clock.now() + 2_000, () => {
      this.#cancel = undefined;
      this.#resolving = this.#pass().finally(() => {
        this.#resolving = undefined;
        const next = [...this.#dirty][0];
        if (next !== undefined && !this.#stopped) this.#soon(next);
      });
    });
  }

  async #pass(): Promise<void> {
    const keys = new Set(this.#dirty);
    this.#dirty.clear();
    const finder = new SourceFinder(this.host.addresses, this.#vips);
    for (const io of [...this.host.ios().values()]) {
      if (!keys.has("*") && !keys.has(`${io.inst.interface ?? ""}|${io.inst.family}`)) {
        // A unicast source may live on any interface of the host.
        const anywhere = io.inst.unicastPeers.length > 0 && io.inst.unicastSrcIp !== undefined;
        if (!anywhere || ![...keys].some((k) => k.endsWith(`|${io.inst.family}`))) continue;
      }
      let found: string | undefined;
      try {
        found = await finder.find(io.inst);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        this.host.logger.warn(`(${io.inst.name}) could not read addresses: ${why}`);
        continue;
      }
      if (this.#stopped) return;
      if (this.host.ios().get(io.inst.name) === io) this.#apply(io, found);
    }
  }
}
