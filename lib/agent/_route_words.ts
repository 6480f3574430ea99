/**
 * Private: the word-level pieces shared by the route and rule parsers of `routes.ts`: a
 * cursor over one line's words, and readers for prefixes, addresses, numbers and the names
 * of iproute2's tables (rt_tables, rt_protos, rt_scopes, route types). Errors are thrown as
 * `WordError` with a message naming the bad word; the parsers turn them into results.
 *
 * @module
 */

import type { Family } from "../config/model.ts";

/** An address with a prefix length. */
export interface Prefix {
  address: string;
  length: number;
}

/** A parse failure; its message names the bad word. */
export class WordError extends Error {}

/** Names for table, protocol and scope numbers beyond the built-in ones (rt_tables etc.). */
export interface NameTables {
  /** Table names (`/etc/iproute2/rt_tables`), e.g. `vip` → 100. */
  tables?: ReadonlyMap<string, number>;
  /** Protocol names (`/etc/iproute2/rt_protos`). */
  protocols?: ReadonlyMap<string, number>;
}

/** Iterates the words of one line; `value()` takes the word after a keyword. */
export class Words {
  readonly #words: readonly string[];
  #at = 0;

  constructor(words: readonly string[]) {
    this.#words = words;
  }

  /** The next word, or undefined at the end. */
  next(): string | undefined {
    return this.#words[this.#at++];
  }

  /** The next word without taking it. */
  peek(): string | undefined {
    return this.#words[this.#at];
  }

  /** The word after `keyword`; throws when the line ends. */
  value(keyword: string): string {
    const w = this.next();
    if (w === undefined) throw new WordError(`'${keyword}' needs a value`);
    return w;
  }
}

const BUILTIN_TABLES: Record<string, number> = { default: 253, main: 254, local: 255 };
const BUILTIN_PROTOCOLS: Record<string, number> = {
  unspec: 0,
  redirect: 1,
  kernel: 2,
  boot: 3,
  static: 4,
  ra: 9,
  dhcp: 16,
  keepalived: 18,
};
const SCOPES: Record<string, number> = {
  global: 0,
  universe: 0,
  site: 200,
  link: 253,
  host: 254,
  nowhere: 255,
};

/** Route types by name, as `ip route` knows them (RTN_*). */
export const ROUTE_TYPES = {
  unicast: 1,
  local: 2,
  broadcast: 3,
  anycast: 4,
  multicast: 5,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
  throw: 9,
} as const;

/** An unsigned integer (decimal, or `0x` hex) up to `max`, or undefined. */
export function readUnsigned(text: string, max: number): number | undefined {
  const n = /^[0-9]+$/.test(text)
    ? Number(text)
    : /^0x[0-9a-f]+$/i.test(text)
    ? parseInt(text.slice(2), 16)
    : NaN;
  return Number.isSafeInteger(n) && n <= max ? n : undefined;
}

/** A u32 value of `keyword`; throws naming the word. */
export function u32(keyword: string, text: string): number {
  const n = readUnsigned(text, 0xffffffff);
  if (n === undefined) throw new WordError(`invalid ${keyword} '${text}' (0..4294967295)`);
  return n;
}

/** A table number or name (not 0). */
export function table(text: string, names: NameTables): number {
  const n = BUILTIN_TABLES[text] ?? names.tables?.get(text) ?? readUnsigned(text, 0xffffffff);
  if (n === undefined) throw new WordError(`unknown table '${text}'`);
  if (n === 0) throw new WordError(`table 0 is not valid`);
  return n;
}

/** A protocol number (0..255) or name. */
export function protocol(text: string, names: NameTables): number {
  const n = BUILTIN_PROTOCOLS[text] ?? names.protocols?.get(text) ?? readUnsigned(text, 255);
  if (n === undefined) throw new WordError(`unknown protocol '${text}'`);
  return n;
}

/** A scope number (0..255) or name. */
export function scope(text: string): number {
  const n = SCOPES[text] ?? readUnsigned(text, 255);
  if (n === undefined) throw new WordError(`unknown scope '${text}'`);
  return n;
}

/** An interface name as Linux accepts it (1..15 bytes, no '/', ':' or space, not . or ..). */
export function ifname(keyword: string, text: string): string {
  const ok = text.length > 0 && new TextEncoder().encode(text).length <= 15 &&
    !/[/:\s]/.test(text) && text !== "." && text !== "..";
  if (!ok) throw new WordError(`invalid ${keyword} interface name '${text}'`);
  return text;
}

/** A TOS/dsfield byte. */
export function tos(text: string): number {
  const n = readUnsigned(text, 255);
  if (n === undefined) throw new WordError(`invalid tos '${text}' (0..255)`);
  return n;
}

/** Merges a family into the one seen so far; throws on a mix. */
export function sameFamily(current: Family | undefined, next: Family, word: string): Family {
  if (current !== undefined && current !== next) {
    throw new WordError(`'${word}' mixes IPv4 and IPv6 in one line`);
  }
  return next;
}

/** The family and bytes of an IPv4 or IPv6 address text, or undefined. */
export function addressBytes(text: string): { family: Family; bytes: number[] } | undefined {
  if (/^[0-9.]+$/.test(text)) {
    const parts = text.split(".");
    if (parts.length !== 4 || !parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255)) {
      return undefined;
    }
    return { family: "inet", bytes: parts.map(Number) };
  }
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(":")) return undefined;
  let t = text;
  const last = t.lastIndexOf(":");
  if (t.slice(last + 1).includes(".")) {
    const v4 = addressBytes(t.slice(last + 1));
    if (v4?.family !== "inet") return undefined;
    const [a, b, c, d] = v4.bytes as [number, number, number, number];
    t = `${t.slice(0, last + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!), tail = groups(halves[1] ?? "");
  const all = [...head, ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  if (halves.length === 2 ? all.length > 7 : all.length !== 8) return undefined;
  const words = [...head, ...new Array(8 - all.length).fill("0"), ...tail].map((g) =>
    parseInt(g, 16)
  );
  return { family: "inet6", bytes: words.flatMap((w) => [w >> 8, w & 0xff]) };
}

/** A single address (no prefix); throws naming the word. */
export function address(keyword: string, text: string): { family: Family; address: string } {
  const a = addressBytes(text);
  if (!a) throw new WordError(`invalid ${keyword} address '${text}'`);
  return { family: a.family, address: text };
}

/**
 * A prefix `ADDR[/LEN]` (a bare address is a host route), or `default`/`any`/`all`
 * (undefined: the whole space, family from elsewhere). Host bits must be clear.
 */
export function prefix(
  keyword: string,
  text: string,
): { family?: Family; prefix?: Prefix } | undefined {
  if (text === "default" || text === "any" || text === "all") return {};
  if (text === "default6") return { family: "inet6" };
  const slash = text.indexOf("/");
  const addr = slash < 0 ? text : text.slice(0, slash);
  const a = addressBytes(addr);
  if (!a) return undefined;
  const max = a.family === "inet" ? 32 : 128;
  const length = slash < 0 ? max : readUnsigned(text.slice(slash + 1), max);
  if (length === undefined || (slash >= 0 && !/^[0-9]+$/.test(text.slice(slash + 1)))) {
    throw new WordError(`invalid ${keyword} prefix length in '${text}' (0..${max})`);
  }
  const hostBits = a.bytes.some((b, i) => (b & ~maskByte(length, i)) !== 0);
  if (hostBits) throw new WordError(`${keyword} '${text}' has host bits set beyond /${length}`);
  return { family: a.family, prefix: { address: addr, length } };
}

function maskByte(length: number, index: number): number {
  const bits = Math.min(8, Math.max(0, length - 8 * index));
  return (0xff << (8 - bits)) & 0xff;
}
