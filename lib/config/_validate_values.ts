/**
 * Readers for single values with keepalived's rules (spec §1.2, §1.3): integers, decimals with at
 * most 6 places, booleans, IP addresses. Each returns the value or undefined and reports why.
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";
import type { Ctx } from "./_validate_context.ts";
import type { Block } from "./_validate_block.ts";

/** What keepalived does with a rejected value, as words for a message. */
export type Fallback = string;

const INT_RE = /^[+-]?[0-9]+$/;
const DEC_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/;

/** Reports `text` as no number (VK0301); returns undefined, what the caller then returns. */
function notANumber(ctx: Ctx, text: string, at: Span, fallback: Fallback): undefined {
  ctx.error(at, "VK0301", `Invalid number '${text}'; ${fallback}`);
  return undefined;
}

/** True when `n` (read from `text`) is in [min, max]; otherwise reports it (VK0302). */
function inRange(
  ctx: Ctx,
  text: string,
  at: Span,
  n: number,
  [min, max]: [number, number],
  fallback: Fallback,
): boolean {
  if (n < min || n > max) {
    // Bounds as the docs write them (`0.01`, `255`).
    ctx.error(at, "VK0302", `Number '${text}' is outside the range ${min}..${max}; ${fallback}`);
    return false;
  }
  return true;
}

/**
 * Read an integer in [min, max]. Out-of-range values are reported; `keep` returns them anyway.
 */
export function readInt(
  ctx: Ctx,
  text: string,
  at: Span,
  min: number,
  max: number,
  fallback: Fallback,
  keep = false,
): number | undefined {
  if (!INT_RE.test(text)) return notANumber(ctx, text, at, fallback);
  const n = Number(text);
  if (!inRange(ctx, text, at, n, [min, max], fallback)) return keep ? n : undefined;
  return n;
}

/** Read a decimal number of seconds in [min, max]; more than 6 decimals are rounded. */
export function readDecimal(
  ctx: Ctx,
  text: string,
  at: Span,
  min: number,
  max: number,
  fallback: Fallback,
): number | undefined {
  if (!DEC_RE.test(text)) return notANumber(ctx, text, at, fallback);
  let n = Number(text);
  const places = text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
  if (places > 6) {
    n = Math.round(n * 1e6) / 1e6;
    ctx.warn(at, "VK0303", `Number '${text}' has more than 6 decimal places; rounded to ${n}`);
  }
  return inRange(ctx, text, at, n, [min, max], fallback) ? n : undefined;
}

/** Read an optional boolean: absent means true. */
export function readBool(
  ctx: Ctx,
  text: string | undefined,
  at: Span,
  keyword: string,
): boolean | undefined {
  if (text === undefined) return true;
  if (text === "true" || text === "on" || text === "yes") return true;
  if (text === "false" || text === "off" || text === "no") return false;
  ctx.error(
    at,
    "VK0304",
    `Invalid boolean '${text}' for '${keyword}'; keepalived ignores the line`,
    "use true|on|yes or false|off|no (lower case)",
  );
  return undefined;
}

/** A parsed IP address with an optional prefix length. */
export interface ParsedAddress {
  /** The address as written, without the prefix. */
  address: string;
  /** Its family. */
  family: "inet" | "inet6";
  /** The prefix length when `/LEN` was written. */
  prefix?: number;
}

/** Parse `ADDR` or `ADDR/LEN` (IPv4 dotted quad or IPv6). Undefined when not an address. */
export function parseAddress(text: string, allowPrefix: boolean): ParsedAddress | undefined {
  let addr = text;
  let prefix: number | undefined;
  const slash = text.indexOf("/");
  if (slash >= 0) {
    if (!allowPrefix) return undefined;
    addr = text.slice(0, slash);
    const p = text.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
  }
  let family: "inet" | "inet6";
  if (isIPv4(addr)) family = "inet";
  else if (isIPv6(addr)) family = "inet6";
  else return undefined;
  if (prefix !== undefined && prefix > (family === "inet" ? 32 : 128)) return undefined;
  const out: ParsedAddress = { address: addr, family };
  if (prefix !== undefined) out.prefix = prefix;
  return out;
}

/** True for a dotted-quad IPv4 address. */
export function isIPv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255);
}

/** True for an IPv6 address (with an optional embedded IPv4 tail and `%zone`). */
export function isIPv6(s: string): boolean {
  const noZone = s.split("%")[0]!;
  if (!noZone.includes(":")) return false;
  let body = noZone;
  let extra = 0;
  const lastColon = body.lastIndexOf(":");
  const tail = body.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!isIPv4(tail)) return false;
    body = body.slice(0, lastColon + 1) + "0";
    extra = 1;
  }
  const dbl = body.split("::");
  if (dbl.length > 2) return false;
  const groups = (x: string) => (x === "" ? [] : x.split(":"));
  const all = dbl.flatMap(groups);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const n = all.length + extra;
  return dbl.length === 2 ? n <= 8 : n === 8;
}

/** True for a multicast address of either family. */
export function isMulticast(a: ParsedAddress): boolean {
  if (a.family === "inet") {
    const first = Number(a.address.split(".")[0]);
    return first >= 224 && first <= 239;
  }
  return /^ff/i.test(a.address);
}

/** True for an IPv6 link-local unicast address (fe80::/10). */
export function isLinkLocal6(a: ParsedAddress): boolean {
  return a.family === "inet6" && /^fe[89ab]/i.test(a.address);
}

/**
 * A repeat count (`*garp_master_repeat`, `*garp_master_refresh_repeat`) as read from `b`, where
 * keepalived turns 0 into 1 (reported, VK0314); undefined when not written.
 */
export function atLeastOne(ctx: Ctx, b: Block, name: string): number | undefined {
  const v = b.get<number>(name);
  if (v === 0) {
    ctx.error(
      b.item(name)!.stmt.args[0]!.at,
      "VK0314",
      `'${name}' must be greater than 0; keepalived uses 1`,
    );
    return 1;
  }
  return v;
}
