/**
 * What the agent needs from the world, as small interfaces ("ports"). `lib/agent/linux.ts` builds
 * them from the FFI system layer; tests build them from an in-memory network.
 *
 * @module
 */

import type { Family, Model, VrrpInstance } from "../config/model.ts";

/** Monotonic time in microseconds and one-shot timers. */
export interface AgentClock {
  /** Monotonic now, µs. */
  now(): number;
  /** Call `fn` at (or just after) `at` µs; returns a cancel function. */
  at(at: number, fn: () => void): () => void;
  /**
   * Optional: run `fn` (quick, without effects) shortly before a rare timer fires, so that the
   * code and data its callback uses are in the CPU caches; one `fn` per `slot`, `undefined`
   * removes it.
   */
  primer?(slot: string, fn: (() => void) | undefined): void;
}

/** A VRRP packet as it arrived on a socket, before any check. */
export interface RawVrrpPacket {
  /** Family of the socket. */
  family: Family;
  /** Interface it arrived on. */
  interface: string;
  /**
   * IPv4: the whole datagram, IP header included (as a raw socket gives it). IPv6: the VRRP
   * message only.
   */
  bytes: Uint8Array;
  /** IPv6 only: source address. */
  source?: string;
  /** IPv6 only: destination address. */
  destination?: string;
  /** IPv6 only: hop limit (-1 when unknown). */
  hopLimit?: number;
  /** When the kernel received it (wall clock, epoch ms, sub-ms precision), if known. */
  receivedAtMs?: number;
}

/** What to send: a VRRP message, the IP layer fields, and where. */
export interface OutgoingVrrp {
  /** Family. */
  family: Family;
  /** Interface to send on. */
  interface: string;
  /** IP source address. */
  source: string;
  /** IP destination (multicast group or unicast peer). */
  destination: string;
  /** TTL / hop limit. */
  ttl: number;
  /** The VRRP message (header, addresses, v2 auth data), checksum filled. */
  message: Uint8Array;
}

/** One socket for VRRP on one interface and family (multicast joined or unicast). */
export interface VrrpSocket {
  /** Send one advertisement. Errors are thrown (the agent counts and logs them). */
  send(packet: OutgoingVrrp): void | Promise<void>;
  /** Close the socket; the receive callback is not called afterwards. */
  close(): void | Promise<void>;
}

/** Opens VRRP sockets. */
export interface VrrpNet {
  /**
   * Open a socket on `iface` for `family`, joined to `groups` (empty for unicast), calling
   * `onPacket` for each packet received (never blocking the event loop).
   */
  open(
    iface: string,
    family: Family,
    groups: string[],
    onPacket: (packet: RawVrrpPacket) => void,
  ): Promise<VrrpSocket>;
}

/** An address to install, with the options `ip addr add` would take. */
export interface AddressSpec {
  /** Address text. */
  address: string;
  /** Prefix length. */
  prefix: number;
  /** Family. */
  family: Family;
  /** Interface name. */
  interface: string;
  /** Label (IPv4). */
  label?: string;
  /** Scope name or number. */
  scope?: string;
  /** Broadcast (IPv4). */
  broadcast?: string;
  /** IPv6: skip duplicate address detection. */
  nodad?: boolean;
  /** Do not add the prefix route. */
  noprefixroute?: boolean;
}

/** A link changed state. */
export interface LinkChange {
  /** Interface name. */
  interface: string;
  /** IFF_UP and IFF_RUNNING both set. */
  up: boolean;
}

/**
 * An address appeared on an interface or went from it; or `resync`: events were lost (netlink
 * overrun) and any interface's addresses may have changed.
 */
export type AddressChange =
  | { kind: "address"; interface: string; family: Family; address: string; present: boolean }
  | { kind: "resync" };

/** Addresses and links (rtnetlink). */
export interface AddressNet {
  /** Add an address; adding one that is present is not an error. */
  add(spec: AddressSpec): Promise<void>;
  /** Remove an address; removing one that is absent is not an error. */
  remove(spec: AddressSpec): Promise<void>;
  /**
   * How many address changes requested now reach the kernel before `add` / `remove` returns
   * (only their acknowledgements are read later). When all of a takeover's VIPs fit, the agent
   * sends the GARPs right behind them, without waiting for the acknowledgements. Absent: 0.
   */
  immediate?(): number;
  /**
   * Optional: everything `add(spec)` does before its request leaves, without sending it (see
   * `AgentClock.primer`). Must not throw or change anything.
   */
  prime?(spec: AddressSpec): void;
  /**
   * The interface's primary address of `family` (IPv6: its link-local), if any, leaving out the
   * addresses in `exclude` (the VIPs: a VIP is never a source address).
   */
  primaryAddress(
    iface: string,
    family: Family,
    exclude?: ReadonlySet<string>,
  ): Promise<string | undefined>;
  /**
   * Whether `address` is on the interface (`track_src_ip`), or on any interface of the host when
   * `iface` is undefined (a unicast source).
   */
  hasAddress(iface: string | undefined, family: Family, address: string): Promise<boolean>;
  /** Whether the link is up and running (undefined when it does not exist). */
  linkUp(iface: string): Promise<boolean | undefined>;
  /** Subscribe to link changes; returns an unsubscribe function. */
  watchLinks(onChange: (change: LinkChange) => void): Promise<() => void>;
  /** Subscribe to address changes; returns an unsubscribe function. */
  watchAddresses(onChange: (change: AddressChange) => void): Promise<() => void>;
}

/**
 * `virtual_routes` and `virtual_rules` (rtnetlink), each given as the words of its line.
 * Installing one that is there already, or removing one that is not, is not an error.
 */
export interface RouteNet {
  /** Install a route; `iface` is the instance's interface. */
  addRoute(words: string[], iface: string | undefined): Promise<void>;
  /** Remove a route. */
  removeRoute(words: string[], iface: string | undefined): Promise<void>;
  /** Install a rule. */
  addRule(words: string[], iface: string | undefined): Promise<void>;
  /** Remove a rule. */
  removeRule(words: string[], iface: string | undefined): Promise<void>;
  /** Check a line without installing it: throws on an error, returns warnings. */
  check?(words: string[], kind: "route" | "rule"): string[];
  /** A configuration was loaded (start-up, reload): fix what depends on all of it. */
  configure?(model: Model): void;
  /**
   * Watch for tracked lines of the configuration (no `no_track`) deleted from outside: `onGone`
   * gets the kind and the line's words. Returns an unsubscribe function.
   */
  watch?(onGone: (kind: "route" | "rule", words: string[]) => void): Promise<() => void>;
}

/** Virtual MAC interfaces (`use_vmac`). */
export interface VmacNet {
  /**
   * Create the instance's VMAC (or take over one an earlier run left behind), set it up and
   * return its name; `prefix` is `vmac_prefix`.
   */
  ensure(inst: VrrpInstance, prefix?: string): Promise<string>;
  /** Delete a VMAC that `ensure` returned. */
  remove(name: string): Promise<void>;
  /** Delete every VMAC still there and put back the kernel settings changed for them. */
  close(): Promise<void>;
}

/** Gratuitous ARP and unsolicited neighbour advertisements. */
export interface Announcer {
  /**
   * Send one gratuitous ARP (IPv4) or unsolicited NA (IPv6) for `address` on `iface`; the frame
   * should be on its way when this returns (the agent sends a takeover's first one right behind
   * its VIPs).
   */
  announce(iface: string, family: Family, address: string): Promise<void>;
  /** Optional: `announce` without sending (see `AgentClock.primer`). Must not throw. */
  prime?(iface: string, family: Family, address: string): void;
}
