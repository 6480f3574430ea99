/**
 * Unsolicited neighbour advertisements for IPv6 VIPs (spec §4.9): ICMPv6 type 136 from the VIP
 * to ff02::1 with hop limit 255, Override set, Solicited clear, Router set when the host
 * forwards IPv6, and a target link-layer address option carrying the interface's MAC. The
 * kernel fills the ICMPv6 checksum. `buildUnsolicitedNa` is pure; `sendUnsolicitedNa` sends.
 *
 * @module
 */

import { SOCK } from "./constants.ts";
import type { Libc } from "./ffi.ts";
import { interfaceMac } from "./_ifreq.ts";
import { parseIp, parseMac } from "./_ip.ts";
import { int32, sockaddrIn6 } from "./_sockaddr.ts";

/** ICMPv6 type of a neighbour advertisement. */
export const ND_NEIGHBOR_ADVERT = 136;
const ALL_NODES = "ff02::1";
const IPV6_FREEBIND = 78;

/** What goes into an unsolicited NA. */
export interface UnsolicitedNa {
  /** The IPv6 VIP being announced (target address). */
  target: string;
  /** Link-layer address for the target option (`aa:bb:..` or 6 bytes). */
  mac: string | Uint8Array;
  /** Set the Router flag (IPv6 forwarding on). Default false. */
  router?: boolean;
}

/**
 * The 32-byte ICMPv6 message (checksum 0: the kernel fills it in).
 *
 * @example
 * ```ts
 * import { buildUnsolicitedNa } from "./ndisc.ts";
 * const m = buildUnsolicitedNa({ target: "2001:db8::100", mac: "02:00:5e:00:00:01" });
 * console.assert(m.length === 32 && m[0] === 136 && m[4] === 0x20 && m[24] === 2);
 * ```
 */
export function buildUnsolicitedNa(na: UnsolicitedNa): Uint8Array {
  const target = parseIp(na.target);
  if (target.length !== 16) {
    throw new Error(`neighbour advertisements are for IPv6, not "${na.target}"`);
  }
  const mac = typeof na.mac === "string" ? parseMac(na.mac) : na.mac;
  if (mac.length !== 6) throw new Error(`a MAC address has 6 bytes, not ${mac.length}`);
  const m = new Uint8Array(32);
  m[0] = ND_NEIGHBOR_ADVERT; // type; code 0; checksum 0 (kernel)
  m[4] = (na.router ? 0x80 : 0) | 0x20; // R, S clear, O set
  m.set(target, 8);
  m[24] = 2; // option: target link-layer address
  m[25] = 1; // length in units of 8 bytes
  m.set(mac, 26);
  return m;
}

/**
 * Whether IPv6 forwarding is on for `iface` (then NAs carry the Router flag; keepalived
 * rechecks this every 5 s). Reads `/proc/sys/net/ipv6/conf/IFACE/forwarding` through
 * `readFile` (needs `--allow-read`); false when it cannot be read.
 *
 * @example
 * ```ts
 * import { isIpv6Forwarding } from "./ndisc.ts";
 * console.assert(isIpv6Forwarding("eth0", () => "1\n") === true);
 * console.assert(isIpv6Forwarding("eth0", () => { throw new Error("no such file"); }) === false);
 * ```
 */
export function isIpv6Forwarding(
  iface: string,
  readFile: (path: string) => string = Deno.readTextFileSync,
): boolean {
  try {
    return readFile(`/proc/sys/net/ipv6/conf/${iface}/forwarding`).trim() === "1";
  } catch {
    return false;
  }
}

/**
 * Sends one unsolicited NA for `vip` on `iface` (source = the VIP, destination ff02::1, hop
 * limit 255). The MAC defaults to the interface's. Opens and closes its own ICMPv6 socket;
 * needs root (CAP_NET_RAW). Throws `SyscallError` naming the failing step.
 *
 * @example
 * ```ts ignore
 * import { loadLibc } from "./ffi.ts";
 * import { sendUnsolicitedNa } from "./ndisc.ts";
 * sendUnsolicitedNa(await loadLibc(), "eth0", "2001:db8::100", { router: false });
 * ```
 */
export function sendUnsolicitedNa(
  libc: Libc,
  iface: string,
  vip: string,
  options: { router?: boolean; mac?: string } = {},
): void {
  const fd = libc.socket(SOCK.AF_INET6, SOCK.SOCK_RAW | SOCK.SOCK_CLOEXEC, SOCK.IPPROTO_ICMPV6);
  try {
    const ifindex = libc.ifNameToIndex(iface);
    const set = (level: number, name: number, value: Uint8Array, label: string) =>
      libc.setsockopt(fd, level, name, value, label);
    set(SOCK.IPPROTO_ICMPV6, SOCK.ICMP6_FILTER, new Uint8Array(32).fill(0xff), "ICMP6_FILTER");
    set(
      SOCK.SOL_SOCKET,
      SOCK.SO_BINDTODEVICE,
      new TextEncoder().encode(`${iface}\0`),
      "SO_BINDTODEVICE",
    );
    set(SOCK.IPPROTO_IPV6, SOCK.IPV6_MULTICAST_HOPS, int32(255), "IPV6_MULTICAST_HOPS");
    set(SOCK.IPPROTO_IPV6, SOCK.IPV6_MULTICAST_IF, int32(ifindex), "IPV6_MULTICAST_IF");
    set(SOCK.IPPROTO_IPV6, SOCK.IPV6_MULTICAST_LOOP, int32(0), "IPV6_MULTICAST_LOOP");
    set(SOCK.IPPROTO_IPV6, IPV6_FREEBIND, int32(1), "IPV6_FREEBIND");
    const b = parseIp(vip);
    const linkLocal = b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
    libc.bind(fd, sockaddrIn6(vip, linkLocal ? ifindex : 0));
    const mac = options.mac === undefined ? interfaceMac(libc, fd, iface) : parseMac(options.mac);
    const message = buildUnsolicitedNa({ target: vip, mac, router: options.router ?? false });
    libc.sendto(fd, message, sockaddrIn6(ALL_NODES, ifindex));
  } finally {
    libc.close(fd);
  }
}
