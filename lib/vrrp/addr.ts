/**
 * IP address text ⇄ bytes for the VRRP codec: strict parsing (no hostnames, no zone ids, no
 * prefix lengths), canonical formatting (dotted quad; RFC 5952 for IPv6), multicast tests and
 * the numeric comparison keepalived uses for its equal-priority tie-break.
 *
 * @module
 */

import type { AdvertFamily } from "./advert.ts";

/** Length in bytes of one address of `family` (4 or 16). */
export function addressLength(family: AdvertFamily): 4 | 16 {
  return family === "inet" ? 4 : 16;
}

/**
 * Parses a dotted-quad IPv4 address into a 32-bit unsigned number, or `undefined` when the text
 * is not exactly four decimal octets (leading zeros are refused, as `inet_pton` does).
 *
 * @example
 * ```ts
 * import { parseIpv4Number } from "./addr.ts";
 * if (parseIpv4Number("192.0.2.1") !== 0xc0000201) throw new Error();
 * if (parseIpv4Number("192.0.2") !== undefined) throw new Error();
 * ```
 */
export function parseIpv4Number(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 48);
      if (octet > 255) return undefined;
      digits++;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

/**
 * Parses an address of either family into its 4 or 16 network-order bytes, or `undefined` when
 * the text is not a plain address (of `family`, when given).
 *
 * @example
 * ```ts
 * import { parseAddress } from "./addr.ts";
 * const b = parseAddress("2001:db8::1");
 * if (b?.length !== 16 || b[15] !== 1) throw new Error();
 * if (parseAddress("192.0.2.1", "inet6") !== undefined) throw new Error();
 * ```
 */
export function parseAddress(text: string, family?: AdvertFamily): Uint8Array | undefined {
  if (family !== "inet6") {
    const n = parseIpv4Number(text);
    if (n !== undefined) {
      return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
    }
    if (family === "inet") return undefined;
  }
  return parseIpv6(text);
}

function parseIpv6(text: string): Uint8Array | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const out = new Uint8Array(16);
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" ? [] : (halves[0] ?? "").split(":");
  const tail = halves.length === 2 ? (halves[1] === "" ? [] : (halves[1] ?? "").split(":")) : [];
  const words: number[] = [];
  const tailWords: number[] = [];
  if (!parseGroups(head, words, halves.length === 1)) return undefined;
  if (!parseGroups(tail, tailWords, true)) return undefined;
  if (halves.length === 1) {
    if (words.length !== 8) return undefined;
  } else if (words.length + tailWords.length > 7) {
    return undefined;
  }
  words.forEach((w, i) => {
    out[2 * i] = w >>> 8;
    out[2 * i + 1] = w & 255;
  });
  const start = 8 - tailWords.length;
  tailWords.forEach((w, i) => {
    out[2 * (start + i)] = w >>> 8;
    out[2 * (start + i) + 1] = w & 255;
  });
  return out;
}

/** Appends 16-bit words from hex groups (the last may be an embedded IPv4 when `last`). */
function parseGroups(groups: string[], into: number[], last: boolean): boolean {
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] ?? "";
    if (last && i === groups.length - 1 && g.includes(".")) {
      const n = parseIpv4Number(g);
      if (n === undefined) return false;
      into.push(n >>> 16, n & 0xffff);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
    into.push(parseInt(g, 16));
  }
  return true;
}

/**
 * Formats four bytes at `offset` as a dotted quad.
 *
 * @example
 * ```ts
 * import { formatIpv4 } from "./addr.ts";
 * if (formatIpv4(new Uint8Array([0, 192, 0, 2, 1]), 1) !== "192.0.2.1") throw new Error();
 * ```
 */
export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  if (offset < 0 || offset + 4 > bytes.length) {
    return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
  }
  const n = (bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) |
    bytes[offset + 3]!;
  const slot = Math.imul(n ^ (n >>> 12), 0x9e3779b1) >>> (32 - IPV4_SLOT_BITS);
  const cached = IPV4_TEXT[slot];
  if (cached !== undefined && IPV4_KEY[slot] === n) return cached;
  const text = `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
  IPV4_KEY[slot] = n;
  IPV4_TEXT[slot] = text;
  return text;
}

/**
 * A direct-mapped cache of formatted IPv4 addresses: the receive path formats the same few
 * sources, groups and VIPs millions of times. Invisible to callers (strings are immutable).
 */
const IPV4_SLOT_BITS = 10;
const IPV4_KEY = new Int32Array(1 << IPV4_SLOT_BITS);
const IPV4_TEXT: (string | undefined)[] = new Array(1 << IPV4_SLOT_BITS).fill(undefined);

/**
 * Formats sixteen bytes at `offset` as RFC 5952 text: lower case, no leading zeros, the longest
 * run (≥ 2) of zero words compressed to `::` (the first on a tie).
 *
 * @example
 * ```ts
 * import { formatIpv6, parseAddress } from "./addr.ts";
 * const b = parseAddress("2001:0DB8:0:0:0:0:0:0001")!;
 * if (formatIpv6(b) !== "2001:db8::1") throw new Error();
 * ```
 */
export function formatIpv6(bytes: Uint8Array, offset = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) {
    words.push(((bytes[offset + 2 * i] ?? 0) << 8) | (bytes[offset + 2 * i + 1] ?? 0));
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(":");
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}

/**
 * Formats the address of `family` at `offset`.
 *
 * @example
 * ```ts
 * import { formatAddress } from "./addr.ts";
 * if (formatAddress(new Uint8Array([198, 51, 100, 7]), "inet") !== "198.51.100.7") throw new Error();
 * ```
 */
export function formatAddress(bytes: Uint8Array, family: AdvertFamily, offset = 0): string {
  return family === "inet" ? formatIpv4(bytes, offset) : formatIpv6(bytes, offset);
}

/**
 * The canonical text of an address (what `decodeAdvert` produces), or `undefined` if invalid.
 *
 * @example
 * ```ts
 * import { canonicalAddress } from "./addr.ts";
 * if (canonicalAddress("2001:DB8:0::10") !== "2001:db8::10") throw new Error();
 * ```
 */
export function canonicalAddress(text: string, family?: AdvertFamily): string | undefined {
  const b = parseAddress(text, family);
  if (b === undefined) return undefined;
  return formatAddress(b, b.length === 4 ? "inet" : "inet6");
}

/**
 * True for IPv4 224.0.0.0/4 and IPv6 ff00::/8 addresses (given as text); false for anything
 * else, including text that is not an address.
 *
 * @example
 * ```ts
 * import { isMulticast } from "./addr.ts";
 * if (!isMulticast("224.0.0.18") || !isMulticast("ff02::12") || isMulticast("192.0.2.1")) {
 *   throw new Error();
 * }
 * ```
 */
export function isMulticast(text: string): boolean {
  const n = parseIpv4Number(text);
  if (n !== undefined) return n >>> 28 === 0xe;
  const b = parseIpv6(text);
  return b !== undefined && b[0] === 0xff;
}

/**
 * Numeric comparison of two addresses of the same family (negative, 0, positive), as keepalived
 * compares a sender's address with its own for the MASTER's equal-priority tie-break (spec
 * §4.6). Unparsable or mixed-family input compares as `NaN`.
 *
 * @example
 * ```ts
 * import { compareAddresses } from "./addr.ts";
 * if (!(compareAddresses("192.0.2.10", "192.0.2.9") > 0)) throw new Error();
 * ```
 */
export function compareAddresses(a: string, b: string): number {
  const x = parseAddress(a);
  const y = parseAddress(b);
  if (x === undefined || y === undefined || x.length !== y.length) return NaN;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
