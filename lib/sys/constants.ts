/**
 * Linux socket constants used by `lib/sys/` (values from the kernel's UAPI headers, x86-64 and
 * arm64 alike).
 *
 * @module
 */

/**
 * Address families, socket types and flags, levels and options.
 *
 * @example
 * ```ts
 * import { SOCK } from "./constants.ts";
 * console.assert(SOCK.AF_INET6 === 10);
 * ```
 */
export const SOCK = {
  AF_UNIX: 1,
  AF_INET: 2,
  AF_INET6: 10,
  AF_NETLINK: 16,
  AF_PACKET: 17,
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_RAW: 3,
  SOCK_NONBLOCK: 0o4000,
  SOCK_CLOEXEC: 0o2000000,
  MSG_DONTWAIT: 0x40,
  MSG_TRUNC: 0x20,
  MSG_CTRUNC: 0x08,
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_ERROR: 4,
  SO_SNDBUF: 7,
  SO_RCVBUF: 8,
  SO_PRIORITY: 12,
  SO_BINDTODEVICE: 25,
  SO_RCVBUFFORCE: 33,
  /** Also the control message type (SCM_TIMESTAMPNS) carrying the `struct timespec`. */
  SO_TIMESTAMPNS: 35,
  IPPROTO_IP: 0,
  IPPROTO_ICMPV6: 58,
  IPPROTO_IPV6: 41,
  IPPROTO_VRRP: 112,
  IP_TOS: 1,
  IP_TTL: 2,
  IP_HDRINCL: 3,
  IP_PKTINFO: 8,
  IP_MULTICAST_IF: 32,
  IP_MULTICAST_TTL: 33,
  IP_MULTICAST_LOOP: 34,
  IP_ADD_MEMBERSHIP: 35,
  IP_DROP_MEMBERSHIP: 36,
  IP_MULTICAST_ALL: 49,
  IPV6_CHECKSUM: 7,
  IPV6_UNICAST_HOPS: 16,
  IPV6_MULTICAST_IF: 17,
  IPV6_MULTICAST_HOPS: 18,
  IPV6_MULTICAST_LOOP: 19,
  IPV6_JOIN_GROUP: 20,
  IPV6_LEAVE_GROUP: 21,
  IPV6_RECVPKTINFO: 49,
  IPV6_PKTINFO: 50,
  IPV6_RECVHOPLIMIT: 51,
  IPV6_HOPLIMIT: 52,
  ICMP6_FILTER: 1,
  POLLIN: 0x1,
  POLLOUT: 0x4,
  POLLERR: 0x8,
  POLLHUP: 0x10,
  POLLNVAL: 0x20,
  EFD_NONBLOCK: 0o4000,
  EFD_CLOEXEC: 0o2000000,
  ETH_P_ALL: 0x0003,
  ETH_P_ARP: 0x0806,
  ETH_P_IP: 0x0800,
  ETH_P_IPV6: 0x86dd,
  SIOCGIFHWADDR: 0x8927,
} as const;
