/**
 * An in-memory world for agent tests: a virtual clock, one shared link, and hosts that implement
 * the agent's ports (sockets, addresses, GARP). Deterministic: packets arrive after a fixed
 * latency on the virtual clock, timers fire in order.
 */

import type { Family } from "../../lib/config/model.ts";
import type {
  AddressChange,
  AddressNet,
  AddressSpec,
  AgentClock,
  Announcer,
  LinkChange,
  OutgoingVrrp,
  RawVrrpPacket,
  VrrpNet,
  VrrpSocket,
} from "../../lib/agent/ports.ts";
import { encodeIpv4Header } from "../../lib/vrrp/ipv4.ts";

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A virtual µs clock; `runUntil` fires timers in order, letting promises settle in between. */
export class VirtualClock implements AgentClock {
  #now = 0;
  #seq = 0;
  #timers: Timer[] = [];

  now(): number {
    return this.#now;
  }

  /** What `primer` registered, by slot (tests run them). */
  readonly primers = new Map<string, () => void>();

  primer(slot: string, fn: (() => void) | undefined): void {
    if (fn === undefined) this.primers.delete(slot);
    else this.primers.set(slot, fn);
  }

  at(at: number, fn: () => void): () => void {
    const t = { at: Math.max(at, this.#now), seq: this.#seq++, fn };
    this.#timers.push(t);
    return () => void (this.#timers = this.#timers.filter((x) => x !== t));
  }

  /** Fire every timer due up to `until` µs (and the ones they arm), then set now to `until`. */
  async runUntil(until: number): Promise<void> {
    for (;;) {
      await settle();
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (next === undefined || next.at > until) break;
      this.#timers.shift();
      this.#now = next.at;
      next.fn();
    }
    this.#now = until;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/** One packet seen on the link. */
export interface WirePacket {
  time: number;
  from: string;
  packet: OutgoingVrrp;
}

/** The shared link. */
export class FakeLink {
  readonly wire: WirePacket[] = [];
  readonly hosts: FakeHost[] = [];
  constructor(readonly clock: VirtualClock, readonly latencyUs = 100) {}

  host(name: string, iface: string, address: string | undefined): FakeHost {
    const h = new FakeHost(this, name, iface, address);
    this.hosts.push(h);
    return h;
  }

  send(from: FakeHost, packet: OutgoingVrrp): void {
    if (from.down) return;
    this.wire.push({ time: this.clock.now(), from: from.name, packet });
    let bytes = packet.message;
    if (packet.family === "inet") {
      const header = encodeIpv4Header({
        source: packet.source,
        destination: packet.destination,
        id: this.wire.length & 0xffff || 1,
        payloadLength: packet.message.length,
        ttl: packet.ttl,
      });
      bytes = new Uint8Array([...header, ...packet.message]);
    }
    for (const h of this.hosts) {
      if (h === from || h.down) continue;
      this.clock.at(this.clock.now() + this.latencyUs, () => h.receive(packet, bytes));
    }
  }
}

/** A host: one interface, its addresses, its sockets and what it announced. */
export class FakeHost implements VrrpNet, AddressNet, Announcer {
  readonly addresses = new Set<string>();
  readonly announced: { time: number; address: string }[] = [];
  /** Every socket opened, with its groups, and whether it was closed. */
  readonly sockets: {
    iface: string;
    family: Family;
    groups: string[];
    closed: boolean;
    sent: number;
  }[] = [];
  down = false;
  #sockets: ((p: RawVrrpPacket) => void)[] = [];
  #linkWatchers: ((c: LinkChange) => void)[] = [];
  #addressWatchers: ((c: AddressChange) => void)[] = [];

  constructor(
    readonly link: FakeLink,
    readonly name: string,
    readonly iface: string,
    public primary: string | undefined,
  ) {}

  open(
    iface: string,
    family: Family,
    groups: string[],
    onPacket: (packet: RawVrrpPacket) => void,
  ): Promise<VrrpSocket> {
    const record = { iface, family, groups: [...groups], closed: false, sent: 0 };
    this.sockets.push(record);
    const handler = (p: RawVrrpPacket) => {
      if (p.interface === iface && p.family === family) onPacket(p);
    };
    this.#sockets.push(handler);
    const socket: VrrpSocket = {
      send: (packet) => {
        record.sent++;
        this.link.send(this, packet);
      },
      close: () => {
        record.closed = true;
        this.#sockets = this.#sockets.filter((s) => s !== handler);
      },
    };
    return Promise.resolve(socket);
  }

  receive(packet: OutgoingVrrp, bytes: Uint8Array): void {
    const raw: RawVrrpPacket = packet.family === "inet"
      ? { family: "inet", interface: this.iface, bytes }
      : {
        family: "inet6",
        interface: this.iface,
        bytes,
        source: packet.source,
        destination: packet.destination,
        hopLimit: packet.ttl,
      };
    for (const s of this.#sockets) s(raw);
  }

  add(spec: AddressSpec): Promise<void> {
    this.addresses.add(`${spec.address}/${spec.prefix}`);
    return Promise.resolve();
  }

  remove(spec: AddressSpec): Promise<void> {
    this.addresses.delete(`${spec.address}/${spec.prefix}`);
    return Promise.resolve();
  }

  primaryAddress(
    iface: string,
    _family: Family,
    exclude?: ReadonlySet<string>,
  ): Promise<string | undefined> {
    const p = this.primary;
    return Promise.resolve(
      iface === this.iface && p !== undefined && !exclude?.has(p) ? p : undefined,
    );
  }

  hasAddress(iface: string | undefined, _family: Family, address: string): Promise<boolean> {
    return Promise.resolve(
      (iface === undefined || iface === this.iface) &&
        (address === this.primary || [...this.addresses].some((a) => a.startsWith(`${address}/`))),
    );
  }

  watchAddresses(onChange: (change: AddressChange) => void): Promise<() => void> {
    this.#addressWatchers.push(onChange);
    return Promise.resolve(() => {
      this.#addressWatchers = this.#addressWatchers.filter((w) => w !== onChange);
    });
  }

  /** Someone else deletes `address` (a VIP the host holds): gone, with an address event. */
  dropAddress(address: string): void {
    for (const a of [...this.addresses]) if (a.startsWith(`${address}/`)) this.addresses.delete(a);
    for (const w of this.#addressWatchers) {
      w({ kind: "address", interface: this.iface, family: "inet", address, present: false });
    }
  }

  /** The host's own address is removed (undefined) or replaced, with an address event. */
  setPrimary(address: string | undefined): void {
    const old = this.primary;
    this.primary = address;
    const family = "inet" as const;
    for (const w of this.#addressWatchers) {
      if (old !== undefined) {
        w({ kind: "address", interface: this.iface, family, address: old, present: false });
      }
      if (address !== undefined) {
        w({ kind: "address", interface: this.iface, family, address, present: true });
      }
    }
  }

  linkUp(iface: string): Promise<boolean | undefined> {
    return Promise.resolve(iface === this.iface ? true : undefined);
  }

  watchLinks(onChange: (change: LinkChange) => void): Promise<() => void> {
    this.#linkWatchers.push(onChange);
    return Promise.resolve(() => {
      this.#linkWatchers = this.#linkWatchers.filter((w) => w !== onChange);
    });
  }

  setLink(up: boolean): void {
    for (const w of this.#linkWatchers) w({ interface: this.iface, up });
  }

  announce(_iface: string, _family: Family, address: string): Promise<void> {
    this.announced.push({ time: this.link.clock.now(), address });
    return Promise.resolve();
  }
}

/** `host`'s addresses, with every add and remove written to `seq` as "add|remove ADDR on IF". */
export function loggedAddresses(host: FakeHost, seq: string[]): AddressNet {
  return {
    primaryAddress: (i, f, x) => host.primaryAddress(i, f, x),
    hasAddress: (i, f, a) => host.hasAddress(i, f, a),
    watchLinks: (f) => host.watchLinks(f),
    watchAddresses: (f) => host.watchAddresses(f),
    linkUp: (i) => host.linkUp(i),
    add: (s) => (seq.push(`add ${s.address} on ${s.interface}`), host.add(s)),
    remove: (s) => (seq.push(`remove ${s.address} on ${s.interface}`), host.remove(s)),
  };
}
