/**
 * rtnetlink constants (from `linux/netlink.h`, `linux/rtnetlink.h`, `linux/if_addr.h`,
 * `linux/if_link.h`, `linux/if.h`).
 *
 * @module
 */

/**
 * Message types, header flags, attribute types, address flags and scopes, link flags and the
 * multicast groups vipkeeper subscribes to.
 *
 * @example
 * ```ts
 * import { NL } from "./constants.ts";
 * console.assert(NL.RTM_NEWADDR === 20);
 * ```
 */
export const NL = {
  NETLINK_ROUTE: 0,
  NLMSG_HDRLEN: 16,
  NLMSG_NOOP: 1,
  NLMSG_ERROR: 2,
  NLMSG_DONE: 3,
  NLMSG_OVERRUN: 4,
  NLM_F_REQUEST: 0x1,
  NLM_F_MULTI: 0x2,
  NLM_F_ACK: 0x4,
  NLM_F_ECHO: 0x8,
  NLM_F_DUMP_INTR: 0x10,
  NLM_F_ROOT: 0x100,
  NLM_F_MATCH: 0x200,
  NLM_F_DUMP: 0x300,
  NLM_F_REPLACE: 0x100,
  NLM_F_EXCL: 0x200,
  NLM_F_CREATE: 0x400,
  RTM_NEWLINK: 16,
  RTM_DELLINK: 17,
  RTM_GETLINK: 18,
  RTM_NEWADDR: 20,
  RTM_DELADDR: 21,
  RTM_GETADDR: 22,
  IFA_ADDRESS: 1,
  IFA_LOCAL: 2,
  IFA_LABEL: 3,
  IFA_BROADCAST: 4,
  IFA_CACHEINFO: 6,
  IFA_FLAGS: 8,
  IFA_F_SECONDARY: 0x01,
  IFA_F_NODAD: 0x02,
  IFA_F_DADFAILED: 0x08,
  IFA_F_TENTATIVE: 0x40,
  IFA_F_PERMANENT: 0x80,
  IFA_F_NOPREFIXROUTE: 0x200,
  RT_SCOPE_UNIVERSE: 0,
  RT_SCOPE_SITE: 200,
  RT_SCOPE_LINK: 253,
  RT_SCOPE_HOST: 254,
  IFLA_ADDRESS: 1,
  IFLA_BROADCAST: 2,
  IFLA_IFNAME: 3,
  IFLA_MTU: 4,
  IFLA_OPERSTATE: 16,
  IFF_UP: 0x1,
  IFF_BROADCAST: 0x2,
  IFF_LOOPBACK: 0x8,
  IFF_RUNNING: 0x40,
  IFF_MULTICAST: 0x1000,
  IFF_LOWER_UP: 0x10000,
  RTMGRP_LINK: 0x1,
  RTMGRP_IPV4_IFADDR: 0x10,
  RTMGRP_IPV6_IFADDR: 0x100,
  AF_UNSPEC: 0,
  AF_INET: 2,
  AF_INET6: 10,
} as const;
