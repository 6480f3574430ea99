/**
 * The netlink framing: `nlmsghdr` (16 bytes, host byte order — little-endian on the machines
 * vipkeeper targets) and route attributes (`rtattr`: length, type, value, padded to 4 bytes).
 * Pure functions over bytes.
 *
 * @module
 */

import { NL } from "./constants.ts";

/** One netlink message: header fields and the payload after the 16-byte header. */
export interface NetlinkMessage {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  payload: Uint8Array;
}

/** One route attribute. */
export interface Attr {
  type: number;
  value: Uint8Array;
}

const align4 = (n: number) => (n + 3) & ~3;

/**
 * Encodes one message (header + payload, padded to 4 bytes).
 *
 * @example
 * ```ts
 * import { encodeMessage } from "./message.ts";
 * const b = encodeMessage({ type: 18, flags: 0x301, seq: 1, pid: 0, payload: new Uint8Array(16) });
 * console.assert(b.length === 32 && b[0] === 32 && b[4] === 18);
 * ```
 */
export function encodeMessage(m: NetlinkMessage): Uint8Array {
  const len = NL.NLMSG_HDRLEN + m.payload.length;
  const out = new Uint8Array(align4(len));
  const v = new DataView(out.buffer);
  v.setUint32(0, len, true);
  v.setUint16(4, m.type, true);
  v.setUint16(6, m.flags, true);
  v.setUint32(8, m.seq, true);
  v.setUint32(12, m.pid, true);
  out.set(m.payload, NL.NLMSG_HDRLEN);
  return out;
}

/**
 * Splits a datagram into messages. Throws on a truncated or malformed header.
 *
 * @example
 * ```ts
 * import { decodeMessages, encodeMessage } from "./message.ts";
 * const one = { type: 3, flags: 2, seq: 7, pid: 0, payload: new Uint8Array(4) };
 * const two = encodeMessage(one);
 * const both = new Uint8Array([...two, ...two]);
 * console.assert(decodeMessages(both).length === 2);
 * ```
 */
export function decodeMessages(bytes: Uint8Array): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + NL.NLMSG_HDRLEN <= bytes.length) {
    const len = v.getUint32(at, true);
    if (len < NL.NLMSG_HDRLEN || at + len > bytes.length) {
      throw new Error(`netlink message length ${len} at offset ${at} does not fit ${bytes.length}`);
    }
    out.push({
      type: v.getUint16(at + 4, true),
      flags: v.getUint16(at + 6, true),
      seq: v.getUint32(at + 8, true),
      pid: v.getUint32(at + 12, true),
      payload: bytes.slice(at + NL.NLMSG_HDRLEN, at + len),
    });
    at += align4(len);
  }
  return out;
}

/**
 * Encodes attributes, each padded to 4 bytes.
 *
 * @example
 * ```ts
 * import { encodeAttrs } from "./message.ts";
 * const b = encodeAttrs([{ type: 3, value: new TextEncoder().encode("lo\0") }]);
 * console.assert(b.length === 8 && b[0] === 7 && b[2] === 3);
 * ```
 */
export function encodeAttrs(attrs: readonly Attr[]): Uint8Array {
  const size = attrs.reduce((n, a) => n + align4(4 + a.value.length), 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let at = 0;
  for (const a of attrs) {
    v.setUint16(at, 4 + a.value.length, true);
    v.setUint16(at + 2, a.type, true);
    out.set(a.value, at + 4);
    at += align4(4 + a.value.length);
  }
  return out;
}

/**
 * Decodes attributes (the nested flag is masked off the type); stops at a malformed one.
 *
 * @example
 * ```ts
 * import { decodeAttrs, encodeAttrs } from "./message.ts";
 * const attrs = decodeAttrs(encodeAttrs([{ type: 4, value: Uint8Array.of(0xdc, 5, 0, 0) }]));
 * console.assert(attrs[0]?.type === 4 && attrs[0].value.length === 4);
 * ```
 */
export function decodeAttrs(bytes: Uint8Array): Attr[] {
  const out: Attr[] = [];
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 4 <= bytes.length) {
    const len = v.getUint16(at, true);
    if (len < 4 || at + len > bytes.length) break;
    out.push({ type: v.getUint16(at + 2, true) & 0x3fff, value: bytes.slice(at + 4, at + len) });
    at += align4(len);
  }
  return out;
}

/** Attribute helpers: u32 and NUL-terminated string values. */
export const attr = {
  /** A u32 attribute value (host order). */
  u32(type: number, n: number): Attr {
    const value = new Uint8Array(4);
    new DataView(value.buffer).setUint32(0, n, true);
    return { type, value };
  },
  /** A NUL-terminated string attribute value. */
  string(type: number, s: string): Attr {
    return { type, value: new TextEncoder().encode(`${s}\0`) };
  },
  /** Reads a u32 value. */
  toU32(value: Uint8Array): number {
    return new DataView(value.buffer, value.byteOffset, value.byteLength).getUint32(0, true);
  },
  /** Reads a string value up to its NUL. */
  toString(value: Uint8Array): string {
    const end = value.indexOf(0);
    return new TextDecoder().decode(end < 0 ? value : value.subarray(0, end));
  },
} as const;

/**
 * The errno carried by an NLMSG_ERROR message (0 for an ACK), or `undefined` for any other type.
 *
 * @example
 * ```ts
 * import { errorOf } from "./message.ts";
 * const payload = Uint8Array.of(0xef, 0xff, 0xff, 0xff); // -17
 * console.assert(errorOf({ type: 2, flags: 0, seq: 1, pid: 0, payload }) === 17);
 * ```
 */
export function errorOf(m: NetlinkMessage): number | undefined {
  if (m.type !== NL.NLMSG_ERROR) return undefined;
  if (m.payload.length < 4) return 0;
  return 0 - new DataView(m.payload.buffer, m.payload.byteOffset, 4).getInt32(0, true);
}
