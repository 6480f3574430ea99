/**
 * Route and rule announcements (RTM_NEWROUTE/RTM_DELROUTE, RTM_NEWRULE/RTM_DELRULE) read back
 * into the request shapes of `route_msg.ts`, and the test of whether an announced route or rule
 * is one vipkeeper installed: what the agent needs to notice a tracked `virtual_routes` /
 * `virtual_rules` line deleted from outside.
 *
 * @module
 */

import { canonicalAddress, formatAddress } from "../../vrrp/addr.ts";
import { NL } from "./constants.ts";
import { attr, decodeAttrs } from "./message.ts";
import type { IpPrefix, RouteRequest, RuleRequest } from "./route_msg.ts";
import type { Family } from "./route.ts";

const AF_INET = 2;
const AF_INET6 = 10;

function familyOf(n: number): Family | undefined {
  return n === AF_INET ? "inet" : n === AF_INET6 ? "inet6" : undefined;
}

function address(value: Uint8Array, family: Family): string | undefined {
  return value.length === (family === "inet" ? 4 : 16) ? formatAddress(value, family) : undefined;
}

/**
 * An RTM_NEWROUTE/RTM_DELROUTE payload as a `RouteRequest` (family, destination, table,
 * protocol, scope, type, gateway, interface, metric, preferred source).
 *
 * @example
 * ```ts
 * import { decodeRouteMessage } from "./route_event.ts";
 * import { encodeRouteRequest } from "./route_msg.ts";
 * const p = encodeRouteRequest({ family: "inet", dst: { address: "198.51.100.0", length: 24 },
 *   gateway: "192.0.2.254", table: 100, protocol: 18 }, "add");
 * const r = decodeRouteMessage(p);
 * console.assert(r?.dst?.length === 24 && r.gateway === "192.0.2.254" && r.table === 100);
 * ```
 */
export function decodeRouteMessage(payload: Uint8Array): RouteRequest | undefined {
  if (payload.length < 12) return undefined;
  const family = familyOf(payload[0]!);
  if (family === undefined) return undefined;
  const r: RouteRequest = {
    family,
    table: payload[4]!,
    protocol: payload[5]!,
    scope: payload[6]!,
    type: payload[7]!,
  };
  const dstLen = payload[1]!;
  for (const a of decodeAttrs(payload.subarray(12))) {
    if (a.type === NL.RTA_DST) {
      const text = address(a.value, family);
      if (text !== undefined) r.dst = { address: text, length: dstLen };
    } else if (a.type === NL.RTA_GATEWAY) {
      const text = address(a.value, family);
      if (text !== undefined) r.gateway = text;
    } else if (a.type === NL.RTA_PREFSRC) {
      const text = address(a.value, family);
      if (text !== undefined) r.prefsrc = text;
    } else if (a.value.length >= 4) {
      if (a.type === NL.RTA_OIF) r.oif = attr.toU32(a.value);
      else if (a.type === NL.RTA_PRIORITY) r.metric = attr.toU32(a.value);
      else if (a.type === NL.RTA_TABLE) r.table = attr.toU32(a.value);
    }
  }
  return r;
}

/**
 * An RTM_NEWRULE/RTM_DELRULE payload as a `RuleRequest` (family, selectors, action, table,
 * priority, mark, interfaces, protocol).
 *
 * @example
 * ```ts
 * import { decodeRuleMessage } from "./route_event.ts";
 * import { encodeRuleRequest } from "./route_msg.ts";
 * const p = encodeRuleRequest({ family: "inet", src: { address: "192.0.2.85", length: 32 },
 *   action: 1, table: 100, priority: 16384, protocol: 18 });
 * const r = decodeRuleMessage(p);
 * console.assert(r?.src?.address === "192.0.2.85" && r.table === 100 && r.priority === 16384);
 * ```
 */
export function decodeRuleMessage(payload: Uint8Array): RuleRequest | undefined {
  if (payload.length < 12) return undefined;
  const family = familyOf(payload[0]!);
  if (family === undefined) return undefined;
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const r: RuleRequest = { family, action: payload[7]!, table: payload[4]! };
  const flags = v.getUint32(8, true);
  if (flags & 0x2) r.invert = true; // FIB_RULE_INVERT
  if (payload[3]! !== 0) r.tos = payload[3]!;
  const srcLen = payload[2]!;
  const dstLen = payload[1]!;
  for (const a of decodeAttrs(payload.subarray(12))) {
    if (a.type === NL.FRA_SRC || a.type === NL.FRA_DST) {
      const text = address(a.value, family);
      if (text === undefined) continue;
      if (a.type === NL.FRA_SRC) r.src = { address: text, length: srcLen };
      else r.dst = { address: text, length: dstLen };
    } else if (a.type === NL.FRA_IIFNAME) r.iif = attr.toString(a.value);
    else if (a.type === NL.FRA_OIFNAME) r.oif = attr.toString(a.value);
    else if (a.type === NL.FRA_PROTOCOL && a.value.length >= 1) r.protocol = a.value[0]!;
    else if (a.value.length >= 4) {
      if (a.type === NL.FRA_TABLE) r.table = attr.toU32(a.value);
      else if (a.type === NL.FRA_PRIORITY) r.priority = attr.toU32(a.value);
      else if (a.type === NL.FRA_FWMARK) r.fwmark = attr.toU32(a.value);
      else if (a.type === NL.FRA_FWMASK) r.fwmask = attr.toU32(a.value);
      else if (a.type === NL.FRA_GOTO) r.goto = attr.toU32(a.value);
    }
  }
  return r;
}

function samePrefix(a: IpPrefix | undefined, b: IpPrefix | undefined, family: Family): boolean {
  const len = (p: IpPrefix | undefined) => p?.length ?? 0;
  if (len(a) !== len(b)) return false;
  if (len(a) === 0) return true;
  return canonicalAddress(a!.address, family) === canonicalAddress(b!.address, family);
}

function sameAddress(a: string | undefined, b: string | undefined, family: Family): boolean {
  return a === undefined ||
    (b !== undefined && canonicalAddress(a, family) === canonicalAddress(b, family));
}

/**
 * Whether the announced route `seen` is the one `mine` installs: same family, destination, table
 * and protocol, and the gateway, interface, metric and type `mine` sets.
 *
 * @example
 * ```ts
 * import { routeIs } from "./route_event.ts";
 * const mine = { family: "inet" as const, dst: { address: "198.51.100.0", length: 24 },
 *   table: 254, protocol: 18 };
 * console.assert(routeIs({ ...mine, gateway: "192.0.2.254", oif: 2 }, mine));
 * console.assert(!routeIs({ ...mine, protocol: 3 }, mine));
 * ```
 */
export function routeIs(seen: RouteRequest, mine: RouteRequest): boolean {
  const f = mine.family;
  return seen.family === f && samePrefix(seen.dst, mine.dst, f) &&
    (seen.table ?? 254) === (mine.table ?? 254) && seen.protocol === mine.protocol &&
    sameAddress(mine.gateway, seen.gateway, f) &&
    (mine.oif === undefined || seen.oif === mine.oif) &&
    (mine.metric === undefined || (seen.metric ?? 0) === mine.metric) &&
    (mine.type === undefined || seen.type === mine.type);
}

/**
 * Whether the announced rule `seen` is the one `mine` installs: same family, selectors, action,
 * table and the priority, mark and interfaces `mine` sets.
 *
 * @example
 * ```ts
 * import { ruleIs } from "./route_event.ts";
 * const mine = { family: "inet" as const, src: { address: "192.0.2.85", length: 32 }, action: 1,
 *   table: 100, priority: 16384 };
 * console.assert(ruleIs({ ...mine, protocol: 18 }, mine));
 * console.assert(!ruleIs({ ...mine, priority: 100 }, mine));
 * ```
 */
export function ruleIs(seen: RuleRequest, mine: RuleRequest): boolean {
  const f = mine.family;
  return seen.family === f && samePrefix(seen.src, mine.src, f) &&
    samePrefix(seen.dst, mine.dst, f) && seen.action === mine.action &&
    (mine.table === undefined || seen.table === mine.table) &&
    (mine.priority === undefined || seen.priority === mine.priority) &&
    (mine.fwmark === undefined || seen.fwmark === mine.fwmark) &&
    (mine.iif === undefined || seen.iif === mine.iif) &&
    (mine.oif === undefined || seen.oif === mine.oif) &&
    (mine.invert === undefined || (seen.invert ?? false) === mine.invert);
}
