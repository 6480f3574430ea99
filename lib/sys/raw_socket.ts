/**
 * Raw VRRP sockets (IP protocol 112) for IPv4 and IPv6 (spec §6.1, §6.6).
 *
 * - IPv4: `IP_HDRINCL` — `send` takes a whole datagram whose IPv4 header the caller built
 *   (`encodeIpv4Header` in `lib/vrrp/ipv4.ts`: TOS 0xC0, TTL 255 or `unicast_ttl`, id per
 *   advert); received datagrams include the header, and the TTL is read from it.
 * - IPv6: `send` takes the VRRP message; the kernel builds the header with hop limit 255
 *   (`IPV6_MULTICAST_HOPS`, `IPV6_UNICAST_HOPS` = `unicast_ttl`) and fills the checksum
 *   (`IPV6_CHECKSUM` offset 6). The hop limit and destination come from control messages.
 * - Bound to the interface (`SO_BINDTODEVICE`), member of 224.0.0.18 / ff02::12 (or the given
 *   groups) on it, multicast loop off, interface index from `IP_PKTINFO`/`IPV6_PKTINFO`.
 * - Receiving never blocks the event loop: the socket is non-blocking and waits in `poll` on
 *   another thread; after a burst of packets the iterator yields to timers. `close()` wakes
 *   the poll, waits for it and closes the descriptors.
 *
 * @module
 */

import { SOCK } from "./constants.ts";
import type { Libc } from "./ffi.ts";
import { FdWaiter } from "./_fd_waiter.ts";
import { Ipv4Datagrams, type Ipv4SendHeader } from "./_ipv4_datagram.ts";
import { formatIp, parseIp } from "./_ip.ts";
import { configureVrrpSocket } from "./_raw_socket_setup.ts";
import { parseCmsgs, sockaddrAddress, sockaddrIn, sockaddrIn6 } from "./_sockaddr.ts";

/** Options for `openVrrpSocket`. */
export interface VrrpSocketOptions {
  family: "inet" | "inet6";
  /** Interface to bind to and join groups on (may be omitted for unicast with `source`). */
  interface?: string;
  /** Groups to join; default `["224.0.0.18"]` or `["ff02::12"]`; `[]` for unicast only. */
  groups?: string[];
  /** IPv6: bind to this source address (a link-local one is scoped to `interface`). */
  source?: string;
  /** IPv6: hop limit for unicast sends (`unicast_ttl`); default 255. */
  unicastHops?: number;
  /** IPv6: let the kernel fill the VRRP checksum at offset 6 (VRRPv3); default true. */
  kernelChecksum?: boolean;
  /** SO_RCVBUF in bytes. */
  receiveBuffer?: number;
}

/** A packet as received, with what the IP layer said about it. */
export interface RawVrrpPacket {
  family: "inet" | "inet6";
  /** IPv4: the whole datagram, IP header included. IPv6: the VRRP message. */
  data: Uint8Array;
  /** IP source address. */
  source: string;
  /** IP destination address (the group, or our unicast address). */
  destination: string;
  /** TTL (IPv4 header) or hop limit (IPV6_HOPLIMIT); -1 when unknown. */
  ttl: number;
  /** Interface name it arrived on. */
  interface: string;
  /** Interface index it arrived on (0 when unknown). */
  ifindex: number;
  /** When the kernel received it (SO_TIMESTAMPNS, CLOCK_REALTIME), epoch ms; NaN when unknown. */
  receivedAtMs: number;
}

export type { Ipv4SendHeader } from "./_ipv4_datagram.ts";

const BURST = 32;
/** Destinations whose sockaddr is kept (groups and unicast peers; more are rebuilt per send). */
const MAX_CACHED_ADDRESSES = 256;
/** Sends to an invalid descriptor at open (`warmSend`). */
const WARM_SENDS = 20;
const IPV4_DEFAULT_GROUP = "224.0.0.18";
const IPV6_DEFAULT_GROUP = "ff02::12";

/**
 * A raw VRRP socket. Create with `openVrrpSocket`.
 */
export class VrrpSocket implements AsyncDisposable, Disposable {
  /** The family. */
  readonly family: "inet" | "inet6";
  /** The interface it is bound to ("" when unbound). */
  readonly interface: string;
  /** That interface's index (0 when unbound). */
  readonly ifindex: number;
  readonly #libc: Libc;
  readonly #fd: number;
  readonly #waiter: FdWaiter;
  readonly #data = new Uint8Array(65536);
  readonly #name = new Uint8Array(28);
  readonly #control = new Uint8Array(256);
  readonly #names = new Map<number, string>();
  /** sockaddr of each destination sent to (a group, or the unicast peers). */
  readonly #addresses = new Map<string, Uint8Array>();
  /** IPv4: where `sendIpv4` assembles its datagrams. */
  readonly #datagrams = new Ipv4Datagrams();

  /** Use `openVrrpSocket`. */
  constructor(libc: Libc, fd: number, family: "inet" | "inet6", iface: string, ifindex: number) {
    this.#libc = libc;
    this.#fd = fd;
    this.family = family;
    this.interface = iface;
    this.ifindex = ifindex;
    this.#waiter = new FdWaiter(libc, fd);
    if (ifindex) this.#names.set(ifindex, iface);
  }

  /** The socket descriptor (for diagnostics; owned by this object). */
  get fd(): number {
    return this.#fd;
  }

  /**
   * Sends one packet to `destination` (a group or a unicast peer). IPv4: `packet` starts with
   * the IPv4 header. IPv6: `packet` is the VRRP message. Throws `SyscallError` on failure.
   */
  send(packet: Uint8Array, destination: string): void {
    this.#sendOn(this.#fd, packet, destination);
  }

  #sendOn(fd: number, packet: Uint8Array, destination: string): void {
    let to = this.#addresses.get(destination);
    if (to === undefined) {
      to = this.family === "inet"
        ? sockaddrIn(destination)
        : sockaddrIn6(destination, isLinkScoped(destination) ? this.ifindex : 0);
      if (this.#addresses.size < MAX_CACHED_ADDRESSES) this.#addresses.set(destination, to);
    }
    this.#libc.sendto(fd, packet, to);
  }

  /**
   * IPv4 only: sends a VRRP `message` to `header.destination` behind an IPv4 header built here
   * the way keepalived builds it (TOS 0xC0, no fragment bits, protocol 112, the given TTL and
   * id, header checksum) — the same bytes as `encodeIpv4Header` of `lib/vrrp/ipv4.ts` followed
   * by the message, assembled in a buffer the socket keeps (nothing allocated per advert).
   * Throws `RangeError` for a field out of range, `SyscallError` on failure.
   */
  sendIpv4(message: Uint8Array, header: Ipv4SendHeader): void {
    this.#sendIpv4On(this.#fd, message, header);
  }

  #sendIpv4On(fd: number, message: Uint8Array, header: Ipv4SendHeader): void {
    if (this.family !== "inet") throw new RangeError("sendIpv4 needs an IPv4 socket");
    this.#sendOn(fd, this.#datagrams.build(message, header), header.destination);
  }

  /**
   * Runs the send path (address lookup, header, FFI `sendto`) against an invalid descriptor,
   * which the kernel refuses with EBADF: nothing is sent, but V8 has compiled the path before
   * the first real advert (a takeover's) needs it.
   */
  warmSend(destinations: readonly string[]): void {
    const message = new Uint8Array(12);
    const list = destinations.length > 0
      ? destinations
      : [this.family === "inet" ? IPV4_DEFAULT_GROUP : IPV6_DEFAULT_GROUP];
    for (let i = 0; i < WARM_SENDS; i++) {
      for (const destination of list) {
        try {
          if (this.family === "inet") {
            const header = { source: "192.0.2.1", destination, id: i + 1, ttl: 255 };
            this.#sendIpv4On(-1, message, header);
          } else this.#sendOn(-1, message, destination);
        } catch {
          // EBADF, as intended.
        }
      }
    }
    this.#datagrams.forget("192.0.2.1");
  }

  /** Reads one waiting packet without waiting; `null` when none is queued. */
  tryReceive(): RawVrrpPacket | null {
    for (;;) {
      const got = this.#libc.recvmsg(this.#fd, this.#data, this.#name, this.#control);
      if (!got) return null;
      const packet = this.#decode(got.length, got.nameLength, got.controlLength);
      if (packet) return packet;
    }
  }

  /** Waits for the next packet; `null` once the socket is closed. */
  async receive(): Promise<RawVrrpPacket | null> {
    for (;;) {
      if (this.#waiter.closed) return null;
      const p = this.tryReceive();
      if (p) return p;
      if (!(await this.#waiter.readable())) return null;
    }
  }

  /** Received packets until `close()`; yields to timers after every burst of 32. */
  async *packets(): AsyncGenerator<RawVrrpPacket, void, undefined> {
    let burst = 0;
    for (;;) {
      if (this.#waiter.closed) return;
      const p = this.tryReceive();
      if (p) {
        yield p;
        if (++burst >= BURST) {
          // Let the event loop turn (timers run) before the next burst. A poll on another
          // thread does that without setTimeout's 4 ms clamp on nested timers.
          burst = 0;
          if (!(await this.#waiter.readable())) return;
        }
        continue;
      }
      burst = 0;
      if (!(await this.#waiter.readable())) return;
    }
  }

  /** Same as `packets()`. */
  [Symbol.asyncIterator](): AsyncGenerator<RawVrrpPacket, void, undefined> {
    return this.packets();
  }

  /** Stops receiving (a pending `receive` resolves `null`) and closes the descriptors. */
  close(): Promise<void> {
    return this.#waiter.close();
  }

  /** `await using` support. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** `using` support: starts the close; descriptors are released once a pending poll returns. */
  [Symbol.dispose](): void {
    void this.close();
  }

  #decode(length: number, nameLength: number, controlLength: number): RawVrrpPacket | null {
    const data = this.#data.slice(0, Math.min(length, this.#data.length));
    let ifindex = 0, ttl = -1, destination = "", receivedAtMs = NaN;
    for (const c of parseCmsgs(this.#control, controlLength)) {
      const v = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
      if (c.level === SOCK.SOL_SOCKET && c.type === SOCK.SO_TIMESTAMPNS && c.data.length >= 16) {
        receivedAtMs = Number(v.getBigInt64(0, true)) * 1000 + Number(v.getBigInt64(8, true)) / 1e6;
      } else if (
        c.level === SOCK.IPPROTO_IP && c.type === SOCK.IP_PKTINFO && c.data.length >= 12
      ) {
        ifindex = v.getInt32(0, true);
      } else if (
        c.level === SOCK.IPPROTO_IPV6 && c.type === SOCK.IPV6_PKTINFO && c.data.length >= 20
      ) {
        destination = formatIp(c.data.subarray(0, 16));
        ifindex = v.getInt32(16, true);
      } else if (
        c.level === SOCK.IPPROTO_IPV6 && c.type === SOCK.IPV6_HOPLIMIT && c.data.length >= 4
      ) {
        ttl = v.getInt32(0, true);
      }
    }
    let source = sockaddrAddress(this.#name, nameLength);
    if (this.family === "inet") {
      if (data.length < 20) return null;
      ttl = data[8]!;
      source = formatIp(data.subarray(12, 16));
      destination = formatIp(data.subarray(16, 20));
    }
    return {
      family: this.family,
      data,
      source,
      destination,
      ttl,
      interface: this.#nameOf(ifindex),
      ifindex,
      receivedAtMs,
    };
  }

  #nameOf(ifindex: number): string {
    if (ifindex === 0) return this.interface;
    let name = this.#names.get(ifindex);
    if (name === undefined) {
      try {
        name = this.#libc.ifIndexToName(ifindex);
      } catch {
        name = "";
      }
      this.#names.set(ifindex, name);
    }
    return name;
  }
}

function isLinkScoped(address: string): boolean {
  const b = parseIp(address);
  return (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) || (b[0] === 0xff && (b[1]! & 0x0f) <= 2);
}

/**
 * Opens a raw VRRP socket bound to an interface and joined to its multicast groups. Needs root
 * (CAP_NET_RAW) and `--allow-ffi`. Throws `SyscallError` naming the step that failed.
 *
 * @example
 * ```ts ignore
 * import { loadLibc } from "./ffi.ts";
 * import { openVrrpSocket } from "./raw_socket.ts";
 * await using sock = openVrrpSocket(await loadLibc(), { family: "inet6", interface: "eth0" });
 * for await (const p of sock) console.log(p.source, p.ttl, p.interface);
 * ```
 */
export function openVrrpSocket(libc: Libc, options: VrrpSocketOptions): VrrpSocket {
  const family = options.family;
  const fd = libc.socket(
    family === "inet" ? SOCK.AF_INET : SOCK.AF_INET6,
    SOCK.SOCK_RAW | SOCK.SOCK_NONBLOCK | SOCK.SOCK_CLOEXEC,
    SOCK.IPPROTO_VRRP,
  );
  try {
    const iface = options.interface ?? "";
    const ifindex = iface ? libc.ifNameToIndex(iface) : 0;
    const groups = options.groups ?? [family === "inet" ? IPV4_DEFAULT_GROUP : IPV6_DEFAULT_GROUP];
    configureVrrpSocket(libc, fd, { ...options, groups, ifindex });
    const socket = new VrrpSocket(libc, fd, family, iface, ifindex);
    socket.warmSend(groups);
    return socket;
  } catch (e) {
    libc.close(fd);
    throw e;
  }
}
