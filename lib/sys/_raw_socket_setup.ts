/**
 * Private: the socket options of a raw VRRP socket, in order, each failure naming its option.
 *
 * @module
 */

import { SOCK } from "./constants.ts";
import type { Libc } from "./ffi.ts";
import { parseIp } from "./_ip.ts";
import { int32, sockaddrIn6 } from "./_sockaddr.ts";

/** What `configureVrrpSocket` needs. */
export interface VrrpSocketSetup {
  family: "inet" | "inet6";
  interface?: string;
  ifindex: number;
  groups: string[];
  source?: string;
  unicastHops?: number;
  kernelChecksum?: boolean;
  receiveBuffer?: number;
}

/** `struct ip_mreqn` { group, local 0.0.0.0, ifindex }. */
function ipMreqn(group: string, ifindex: number): Uint8Array {
  const out = new Uint8Array(12);
  out.set(parseIp(group), 0);
  new DataView(out.buffer).setInt32(8, ifindex, true);
  return out;
}

/** `struct ipv6_mreq` { group, ifindex }. */
function ipv6Mreq(group: string, ifindex: number): Uint8Array {
  const out = new Uint8Array(20);
  out.set(parseIp(group), 0);
  new DataView(out.buffer).setUint32(16, ifindex, true);
  return out;
}

/** Applies every option; throws `SyscallError` (op `setsockopt(NAME)`) at the first failure. */
export function configureVrrpSocket(libc: Libc, fd: number, o: VrrpSocketSetup): void {
  const set = (level: number, name: number, value: Uint8Array, label: string) =>
    libc.setsockopt(fd, level, name, value, label);
  if (o.receiveBuffer) {
    // As root SO_RCVBUFFORCE passes net.core.rmem_max; otherwise SO_RCVBUF (capped by it).
    try {
      set(SOCK.SOL_SOCKET, SOCK.SO_RCVBUFFORCE, int32(o.receiveBuffer), "SO_RCVBUFFORCE");
    } catch {
      set(SOCK.SOL_SOCKET, SOCK.SO_RCVBUF, int32(o.receiveBuffer), "SO_RCVBUF");
    }
  }
  // Kernel receive timestamps: the engine times Master_Down from the arrival, not from when
  // the event loop got round to the packet.
  set(SOCK.SOL_SOCKET, SOCK.SO_TIMESTAMPNS, int32(1), "SO_TIMESTAMPNS");
  if (o.interface) {
    set(
      SOCK.SOL_SOCKET,
      SOCK.SO_BINDTODEVICE,
      new TextEncoder().encode(`${o.interface}\0`),
      "SO_BINDTODEVICE",
    );
  }
  if (o.family === "inet") {
    const IP = SOCK.IPPROTO_IP;
    set(IP, SOCK.IP_HDRINCL, int32(1), "IP_HDRINCL");
    set(IP, SOCK.IP_PKTINFO, int32(1), "IP_PKTINFO");
    set(IP, SOCK.IP_MULTICAST_LOOP, int32(0), "IP_MULTICAST_LOOP");
    set(IP, SOCK.IP_MULTICAST_ALL, int32(0), "IP_MULTICAST_ALL");
    if (o.ifindex) set(IP, SOCK.IP_MULTICAST_IF, ipMreqn("0.0.0.0", o.ifindex), "IP_MULTICAST_IF");
    for (const g of o.groups) {
      set(IP, SOCK.IP_ADD_MEMBERSHIP, ipMreqn(g, o.ifindex), `IP_ADD_MEMBERSHIP ${g}`);
    }
    return;
  }
  const IP6 = SOCK.IPPROTO_IPV6;
  if (o.kernelChecksum ?? true) set(IP6, SOCK.IPV6_CHECKSUM, int32(6), "IPV6_CHECKSUM");
  set(IP6, SOCK.IPV6_MULTICAST_HOPS, int32(255), "IPV6_MULTICAST_HOPS");
  set(IP6, SOCK.IPV6_UNICAST_HOPS, int32(o.unicastHops ?? 255), "IPV6_UNICAST_HOPS");
  set(IP6, SOCK.IPV6_MULTICAST_LOOP, int32(0), "IPV6_MULTICAST_LOOP");
  set(IP6, SOCK.IPV6_RECVPKTINFO, int32(1), "IPV6_RECVPKTINFO");
  set(IP6, SOCK.IPV6_RECVHOPLIMIT, int32(1), "IPV6_RECVHOPLIMIT");
  if (o.ifindex) set(IP6, SOCK.IPV6_MULTICAST_IF, int32(o.ifindex), "IPV6_MULTICAST_IF");
  for (const g of o.groups) {
    set(IP6, SOCK.IPV6_JOIN_GROUP, ipv6Mreq(g, o.ifindex), `IPV6_JOIN_GROUP ${g}`);
  }
  if (o.source) {
    const b = parseIp(o.source);
    const linkLocal = b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
    libc.bind(fd, sockaddrIn6(o.source, linkLocal ? o.ifindex : 0));
  }
}
