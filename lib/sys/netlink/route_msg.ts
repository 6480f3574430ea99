/**
 * rtnetlink payloads for routes (`rtmsg`, 12 bytes) and policy rules (`fib_rule_hdr`, 12
 * bytes) with their attributes, built from plain objects whose numbers are already resolved
 * (interface index, table, protocol, type). Pure functions over bytes.
 *
 * The attribute order follows `ip route` / `ip rule` when their options are written in the
 * order used here, so a request can be compared byte for byte with what `ip` sends.
 *
 * @module
 */

import { NL } from "./constants.ts";
import { type Attr, attr, encodeAttrs } from "./message.ts";
import type { Family } from "./route.ts";
import { parseIp } from "../_ip.ts";

/** An address with a prefix length: `198.51.100.0` and 24. */
export interface IpPrefix {
  /** IPv4 or IPv6 text of the family of the request. */
  address: string;
  /** 0..32 (IPv4) or 0..128 (IPv6). */
  length: number;
}

/**
 * How RTM_NEWROUTE treats routes to the same destination: `prepend` (NLM_F_CREATE, the
 * kernel's and keepalived's default) puts the new route first, `add` (NLM_F_EXCL) fails with
 * EEXIST when one exists, `append` (NLM_F_APPEND) puts it last, `replace` (NLM_F_REPLACE)
 * replaces it. An identical route fails with EEXIST in every mode but `replace`.
 */
export type RouteMode = "prepend" | "add" | "append" | "replace";

/** A route to add or delete. */
export interface RouteRequest {
  family: Family;
  /** Destination (RTA_DST); absent means the default route (length 0). */
  dst?: IpPrefix;
  /** Source prefix (RTA_SRC, IPv6 source routing: `ip route ... from`). */
  src?: IpPrefix;
  /** Preferred source address (RTA_PREFSRC: `ip route ... src`). */
  prefsrc?: string;
  /** Gateway (RTA_GATEWAY), same family. */
  gateway?: string;
  /** Outgoing interface index (RTA_OIF). */
  oif?: number;
  /** Table; default 254 (main). Below 256 in `rtm_table`, else RTA_TABLE. */
  table?: number;
  /** Metric (RTA_PRIORITY). */
  metric?: number;
  /** RT_SCOPE_*; default universe (0) to add, nowhere (255, any) to delete. */
  scope?: number;
  /** RTPROT_*; default boot (3) to add, unspec (0, any) to delete. */
  protocol?: number;
  /** RTN_*; default unicast (1) to add, unspec (0, any) to delete. */
  type?: number;
  /** TOS byte (`rtm_tos`). */
  tos?: number;
  /** RTNH_F_* in `rtm_flags` (RTNH_F_ONLINK = 4 for `onlink`). */
  flags?: number;
  /** How an add treats routes to the same destination; default `prepend`. */
  mode?: RouteMode;
}

/** A policy rule to add or delete. */
export interface RuleRequest {
  family: Family;
  /** Source prefix (FRA_SRC); absent means all. */
  src?: IpPrefix;
  /** Destination prefix (FRA_DST); absent means all. */
  dst?: IpPrefix;
  /** FR_ACT_* action: 1 table, 2 goto, 3 nop, 6 blackhole, 7 unreachable, 8 prohibit. */
  action: number;
  /** Table for FR_ACT_TO_TBL: below 256 in the header, else FRA_TABLE. */
  table?: number;
  /** Target priority for FR_ACT_GOTO (FRA_GOTO). */
  goto?: number;
  /** Priority (FRA_PRIORITY); absent lets the kernel choose. */
  priority?: number;
  /** Firewall mark (FRA_FWMARK). */
  fwmark?: number;
  /** Mask for the mark (FRA_FWMASK). */
  fwmask?: number;
  /** Incoming interface name (FRA_IIFNAME). */
  iif?: string;
  /** Outgoing interface name (FRA_OIFNAME). */
  oif?: string;
  /** `not`: FIB_RULE_INVERT. */
  invert?: boolean;
  /** TOS byte. */
  tos?: number;
  /** RTPROT_* owner of the rule (FRA_PROTOCOL). */
  protocol?: number;
}

/**
 * The `rtmsg` + attributes of an RTM_NEWROUTE (`op` "add") or RTM_DELROUTE ("delete")
 * request. Throws on an address of the wrong family or a field out of range.
 *
 * @example
 * ```ts
 * import { encodeRouteRequest } from "./route_msg.ts";
 * const p = encodeRouteRequest({
 *   family: "inet",
 *   dst: { address: "198.51.100.0", length: 24 },
 *   gateway: "192.0.2.254",
 * }, "add");
 * console.assert(p[0] === 2 && p[1] === 24 && p[4] === 254 && p.length === 28);
 * ```
 */
export function encodeRouteRequest(r: RouteRequest, op: "add" | "delete"): Uint8Array {
  const add = op === "add";
  const table = r.table ?? NL.RT_TABLE_MAIN;
  u32(table, "table");
  const head = new Uint8Array(12);
  head[0] = familyNumber(r.family);
  head[1] = r.dst ? prefixLength(r.family, r.dst) : 0;
  head[2] = r.src ? prefixLength(r.family, r.src) : 0;
  head[3] = u8(r.tos ?? 0, "tos");
  head[4] = table < 256 ? table : NL.RT_TABLE_UNSPEC;
  head[5] = u8(r.protocol ?? (add ? NL.RTPROT_BOOT : NL.RTPROT_UNSPEC), "protocol");
  head[6] = u8(r.scope ?? (add ? NL.RT_SCOPE_UNIVERSE : NL.RT_SCOPE_NOWHERE), "scope");
  head[7] = u8(r.type ?? (add ? NL.RTN_UNICAST : NL.RTN_UNSPEC), "type");
  new DataView(head.buffer).setUint32(8, u32(r.flags ?? 0, "flags"), true);
  const attrs: Attr[] = [];
  if (table >= 256) attrs.push(attr.u32(NL.RTA_TABLE, table));
  if (r.dst && r.dst.length > 0) attrs.push(address(NL.RTA_DST, r.family, r.dst.address));
  if (r.src && r.src.length > 0) attrs.push(address(NL.RTA_SRC, r.family, r.src.address));
  if (r.prefsrc !== undefined) attrs.push(address(NL.RTA_PREFSRC, r.family, r.prefsrc));
  if (r.gateway !== undefined) attrs.push(address(NL.RTA_GATEWAY, r.family, r.gateway));
  if (r.metric !== undefined) attrs.push(attr.u32(NL.RTA_PRIORITY, u32(r.metric, "metric")));
  if (r.oif !== undefined) attrs.push(attr.u32(NL.RTA_OIF, u32(r.oif, "oif")));
  return join(head, attrs);
}

/**
 * The `fib_rule_hdr` + attributes of an RTM_NEWRULE or RTM_DELRULE request (the same
 * payload serves both). Throws on an address of the wrong family or a field out of range.
 *
 * @example
 * ```ts
 * import { encodeRuleRequest } from "./route_msg.ts";
 * const p = encodeRuleRequest({
 *   family: "inet",
 *   src: { address: "192.0.2.0", length: 24 },
 *   action: 1,
 *   table: 100,
 *   priority: 100,
 * });
 * console.assert(p[0] === 2 && p[2] === 24 && p[4] === 100 && p[7] === 1);
 * ```
 */
export function encodeRuleRequest(r: RuleRequest): Uint8Array {
  const head = new Uint8Array(12);
  const table = r.action === NL.FR_ACT_TO_TBL ? u32(r.table ?? NL.RT_TABLE_MAIN, "table") : 0;
  head[0] = familyNumber(r.family);
  head[1] = r.dst ? prefixLength(r.family, r.dst) : 0;
  head[2] = r.src ? prefixLength(r.family, r.src) : 0;
  head[3] = u8(r.tos ?? 0, "tos");
  head[4] = table < 256 ? table : NL.RT_TABLE_UNSPEC;
  head[7] = u8(r.action, "action");
  new DataView(head.buffer).setUint32(8, r.invert ? NL.FIB_RULE_INVERT : 0, true);
  const attrs: Attr[] = [];
  if (r.src && r.src.length > 0) attrs.push(address(NL.FRA_SRC, r.family, r.src.address));
  if (r.dst && r.dst.length > 0) attrs.push(address(NL.FRA_DST, r.family, r.dst.address));
  if (r.fwmark !== undefined) attrs.push(attr.u32(NL.FRA_FWMARK, u32(r.fwmark, "fwmark")));
  if (r.fwmask !== undefined) attrs.push(attr.u32(NL.FRA_FWMASK, u32(r.fwmask, "fwmask")));
  if (r.iif !== undefined) attrs.push(attr.string(NL.FRA_IIFNAME, ifName(r.iif)));
  if (r.oif !== undefined) attrs.push(attr.string(NL.FRA_OIFNAME, ifName(r.oif)));
  if (r.priority !== undefined) {
    attrs.push(attr.u32(NL.FRA_PRIORITY, u32(r.priority, "priority")));
  }
  if (table >= 256) attrs.push(attr.u32(NL.FRA_TABLE, table));
  if (r.action === NL.FR_ACT_GOTO) {
    if (r.goto === undefined) throw new RangeError("a goto rule needs a target priority");
    attrs.push(attr.u32(NL.FRA_GOTO, u32(r.goto, "goto")));
  }
  if (r.protocol !== undefined) {
    attrs.push({ type: NL.FRA_PROTOCOL, value: Uint8Array.of(u8(r.protocol, "protocol")) });
  }
  return join(head, attrs);
}

/**
 * The netlink header flags for adding a route in `mode` (with NLM_F_ACK).
 *
 * @example
 * ```ts
 * import { routeAddFlags } from "./route_msg.ts";
 * console.assert(routeAddFlags("add") === 0x604);
 * console.assert(routeAddFlags("prepend") === 0x404);
 * ```
 */
export function routeAddFlags(mode: RouteMode = "prepend"): number {
  const extra = {
    prepend: 0,
    add: NL.NLM_F_EXCL,
    append: NL.NLM_F_APPEND,
    replace: NL.NLM_F_REPLACE,
  }[mode];
  return NL.NLM_F_ACK | NL.NLM_F_CREATE | extra;
}

function familyNumber(family: Family): number {
  return family === "inet6" ? NL.AF_INET6 : NL.AF_INET;
}

function prefixLength(family: Family, p: IpPrefix): number {
  const max = family === "inet6" ? 128 : 32;
  if (!Number.isInteger(p.length) || p.length < 0 || p.length > max) {
    throw new RangeError(`prefix length ${p.length} is out of range 0..${max}`);
  }
  return p.length;
}

function address(type: number, family: Family, text: string): Attr {
  const value = parseIp(text);
  if (value.length !== (family === "inet6" ? 16 : 4)) {
    throw new RangeError(`address "${text}" is not of family ${family}`);
  }
  return { type, value };
}

function ifName(name: string): string {
  if (name === "" || name.length > 15) throw new RangeError(`bad interface name "${name}"`);
  return name;
}

function u8(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 0xff) throw new RangeError(`${what} ${n} is not 0..255`);
  return n;
}

function u32(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new RangeError(`${what} ${n} is not 0..4294967295`);
  }
  return n;
}

function join(head: Uint8Array, attrs: Attr[]): Uint8Array {
  const body = encodeAttrs(attrs);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}
