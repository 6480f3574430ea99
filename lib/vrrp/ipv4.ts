/**
 * The IPv4 layer of VRRP (spec §6.1): an IPv4 raw socket receives the whole datagram, and
 * keepalived builds the IPv4 header of what it sends itself (TOS 0xC0, TTL 255, DF clear, an id
 * that changes per advert, protocol 112, or 51 when an AH header follows).
 *
 * ```
 *  0       1       2       3
 * +-------+-------+-------+-------+
 * |ver|ihl|  TOS  | total length  |
 * |  identification | flags+frag  |
 * |  TTL  | proto | hdr checksum  |
 * |        source address         |
 * |      destination address      |
 * +-------+-------+-------+-------+
 * ```
 *
 * AH (RFC 2402, protocol 51; 24 bytes: next header, payload length, reserved, SPI, sequence
 * number, 12-byte HMAC-MD5-96 ICV) is parsed here, built by `encodeAhDatagram` and verified by
 * `verifyAh`, as keepalived 2.2.7 does (checked against its capture). The sequence number's state
 * (replay protection) is the engine's.
 *
 * @module
 */

import { formatIpv4, parseIpv4Number } from "./addr.ts";
import { finishChecksum, internetChecksum, sumWords } from "./checksum.ts";
import { ahIcv } from "./_ah.ts";

export { type AhVerdict, verifyAh } from "./_ah.ts";

/** IP protocol number of IPsec AH. */
export const IPPROTO_AH = 51;

/** Length of the AH header keepalived uses (with its 12-byte ICV). */
export const AH_LENGTH = 24;

/** A decoded IPv4 header. */
export interface Ipv4Header {
  /** Header length in bytes (IHL × 4). */
  headerLength: number;
  /** Type of service byte. */
  tos: number;
  /** Total length from the header. */
  totalLength: number;
  /** Identification. */
  id: number;
  /** Flags and fragment offset (16 bits as carried). */
  fragment: number;
  /** Time to live. */
  ttl: number;
  /** Protocol (112 VRRP, 51 AH). */
  protocol: number;
  /** Header checksum as carried. */
  checksum: number;
  /** Whether the header checksum is right (the kernel has already checked it on receive). */
  checksumValid: boolean;
  /** Source address. */
  source: string;
  /** Destination address. */
  destination: string;
}

/** A decoded AH header (not verified). */
export interface AhHeader {
  /** Protocol of what follows (112 for VRRP). */
  nextHeader: number;
  /** Payload length field (4 for keepalived's AH). */
  payloadLength: number;
  /** Security parameters index (keepalived: the sender's IPv4 address). */
  spi: number;
  /** Sequence number. */
  sequence: number;
  /** The 12-byte integrity check value. */
  icv: Uint8Array;
}

/** The result of `decodeIpv4Packet`: never an exception. */
export type Ipv4DecodeResult =
  | {
    ok: true;
    /** The IP header. */
    header: Ipv4Header;
    /** The AH header, when the protocol is 51. */
    ah?: AhHeader;
    /** What follows the IP (and AH) header up to the end of the bytes received. */
    payload: Uint8Array;
  }
  | { ok: false; reason: "truncated" | "protocol" };

/**
 * Parses an IPv4 datagram as a raw socket returns it. Fails with `truncated` unless the bytes
 * hold the IP header (IHL ≥ 5, version 4), the AH header when protocol is 51, and 8 more bytes
 * (a VRRP header) — what keepalived requires before looking at anything else — and with
 * `protocol` when the protocol is neither 112 nor 51. The total length is reported, not
 * enforced (that is a later receive check).
 *
 * @example
 * ```ts
 * import { decodeIpv4Packet, encodeIpv4Header } from "./ipv4.ts";
 * const ip = encodeIpv4Header({ source: "192.0.2.1", destination: "224.0.0.18", id: 1, payloadLength: 12 });
 * const datagram = new Uint8Array([...ip, 0x31, 1, 100, 0, 0, 100, 0, 0, 0, 0, 0, 0]);
 * const r = decodeIpv4Packet(datagram);
 * if (!r.ok || r.header.ttl !== 255 || r.payload.length !== 12 || !r.header.checksumValid) {
 *   throw new Error();
 * }
 * ```
 */
export function decodeIpv4Packet(bytes: Uint8Array): Ipv4DecodeResult {
  const vrrpAt = vrrpOffset(bytes);
  if (vrrpAt === "truncated") return TRUNCATED;
  if (vrrpAt === "protocol") return BAD_PROTOCOL;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = (bytes[0]! & 0x0f) * 4;
  const protocol = bytes[9]!;
  const header: Ipv4Header = {
    headerLength,
    tos: bytes[1]!,
    totalLength: view.getUint16(2),
    id: view.getUint16(4),
    fragment: view.getUint16(6),
    ttl: bytes[8]!,
    protocol,
    checksum: view.getUint16(10),
    checksumValid: finishChecksum(sumWords(bytes, 0, headerLength)) === 0,
    source: formatIpv4(bytes, 12),
    destination: formatIpv4(bytes, 16),
  };
  const payload = bytes.subarray(vrrpAt);
  if (protocol !== IPPROTO_AH) return { ok: true, header, payload };
  const ah: AhHeader = {
    nextHeader: bytes[headerLength]!,
    payloadLength: bytes[headerLength + 1]!,
    spi: view.getUint32(headerLength + 4),
    sequence: view.getUint32(headerLength + 8),
    icv: bytes.slice(headerLength + 12, headerLength + AH_LENGTH),
  };
  return { ok: true, header, ah, payload };
}

const TRUNCATED: Ipv4DecodeResult = { ok: false, reason: "truncated" };
const BAD_PROTOCOL: Ipv4DecodeResult = { ok: false, reason: "protocol" };

/**
 * Where the VRRP message starts in an IPv4 datagram (after the IP header, and the AH header when
 * the protocol is 51), or why there is none: the layout checks of `decodeIpv4Packet` without
 * building anything, for the receive path.
 *
 * @example
 * ```ts
 * import { encodeIpv4Header, vrrpOffset } from "./ipv4.ts";
 * const ip = encodeIpv4Header({ source: "192.0.2.1", destination: "224.0.0.18", id: 1, payloadLength: 8 });
 * if (vrrpOffset(new Uint8Array([...ip, 0x31, 1, 1, 0, 0, 1, 0, 0])) !== 20) throw new Error();
 * if (vrrpOffset(ip) !== "truncated") throw new Error();
 * ```
 */
export function vrrpOffset(bytes: Uint8Array): number | "truncated" | "protocol" {
  if (bytes.length < 20) return "truncated";
  const headerLength = (bytes[0]! & 0x0f) * 4;
  if (bytes[0]! >> 4 !== 4 || headerLength < 20) return "truncated";
  const protocol = bytes[9]!;
  if (protocol !== 112 && protocol !== IPPROTO_AH) return "protocol";
  const vrrpAt = headerLength + (protocol === IPPROTO_AH ? AH_LENGTH : 0);
  if (bytes.length < vrrpAt + 8) return "truncated";
  return vrrpAt;
}

/** The fields of an IPv4 header to send. */
export interface Ipv4HeaderFields {
  /** Source address. */
  source: string;
  /** Destination: the multicast group or a unicast peer. */
  destination: string;
  /** Identification (keepalived increments it per advert and skips 0). */
  id: number;
  /** Length of what follows the header (AH + VRRP message). */
  payloadLength: number;
  /** TTL (default 255; unicast uses `unicast_ttl`). */
  ttl?: number;
  /** TOS (default 0xC0, internetwork control). */
  tos?: number;
  /** Protocol (default 112; 51 when an AH header follows). */
  protocol?: number;
}

/**
 * Builds the 20-byte IPv4 header keepalived sends: version 4, IHL 5, TOS 0xC0, DF clear, TTL 255
 * unless given, protocol 112 unless given, header checksum filled.
 *
 * @throws {RangeError} when an address is not IPv4 or a field does not fit.
 * @example
 * ```ts
 * import { encodeIpv4Header } from "./ipv4.ts";
 * const h = encodeIpv4Header({ source: "192.0.2.1", destination: "224.0.0.18", id: 7, payloadLength: 20 });
 * if (h.length !== 20 || h[1] !== 0xc0 || h[3] !== 40 || h[8] !== 255 || h[9] !== 112) throw new Error();
 * ```
 */
export function encodeIpv4Header(fields: Ipv4HeaderFields): Uint8Array {
  const out = new Uint8Array(20);
  const view = new DataView(out.buffer);
  const total = 20 + fields.payloadLength;
  fitOrThrow("Payload length", fields.payloadLength, 0xffff - 20);
  fitOrThrow("IP id", fields.id, 0xffff);
  const ttl = fields.ttl ?? 255;
  const tos = fields.tos ?? 0xc0;
  const protocol = fields.protocol ?? 112;
  fitOrThrow("TTL", ttl, 255);
  fitOrThrow("TOS", tos, 255);
  fitOrThrow("Protocol", protocol, 255);
  out[0] = 0x45;
  out[1] = tos;
  view.setUint16(2, total);
  view.setUint16(4, fields.id);
  view.setUint16(6, 0);
  out[8] = ttl;
  out[9] = protocol;
  view.setUint32(12, ipv4OrThrow(fields.source));
  view.setUint32(16, ipv4OrThrow(fields.destination));
  view.setUint16(10, internetChecksum(out));
  return out;
}

function fitOrThrow(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be 0..${max}, got ${value}`);
  }
}

function ipv4OrThrow(text: string): number {
  const n = parseIpv4Number(text);
  if (n === undefined) throw new RangeError(`"${text}" is not an IPv4 address`);
  return n;
}

/**
 * The IPv4 id of an instance's next advert: keepalived keeps one 16-bit counter per instance,
 * increments it before each send and skips 0, so the first advert carries id 1 (as captured).
 *
 * @example
 * ```ts
 * import { nextIpId } from "./ipv4.ts";
 * if (nextIpId(0) !== 1 || nextIpId(41) !== 42 || nextIpId(0xffff) !== 1) throw new Error();
 * ```
 */
export function nextIpId(previous: number): number {
  const next = (previous + 1) & 0xffff;
  return next === 0 ? 1 : next;
}

/** The AH parameters of one send. */
export interface AhSendOptions {
  /** The 8-byte key (the password, NUL padded). */
  key: Uint8Array;
  /** Sequence number (keepalived increments its counter before each send; the first is 1). */
  sequence: number;
  /** Unicast: the TTL is zeroed for the ICV as well. */
  unicast: boolean;
}

/**
 * Builds a whole AH-protected IPv4 datagram: IPv4 header (protocol 51, total length covering
 * AH and message), AH header (next header 112, payload length 4, SPI = source, sequence, ICV),
 * then the VRRP message. `fields.payloadLength` and `fields.protocol` are ignored.
 *
 * @throws {RangeError} when a header field does not fit (see `encodeIpv4Header`).
 * @example
 * ```ts
 * import { encodeAhDatagram } from "./ipv4.ts";
 * const d = encodeAhDatagram(
 *   { source: "192.0.2.1", destination: "224.0.0.18", id: 1, payloadLength: 0 },
 *   new Uint8Array(20),
 *   { key: new Uint8Array(8), sequence: 1, unicast: false },
 * );
 * if (d.length !== 64 || d[9] !== 51 || d[20] !== 112) throw new Error();
 * ```
 */
export function encodeAhDatagram(
  fields: Ipv4HeaderFields,
  message: Uint8Array,
  ah: AhSendOptions,
): Uint8Array {
  const header = encodeIpv4Header({
    ...fields,
    payloadLength: AH_LENGTH + message.length,
    protocol: IPPROTO_AH,
  });
  const out = new Uint8Array(header.length + AH_LENGTH + message.length);
  const view = new DataView(out.buffer);
  out.set(header);
  out[20] = 112; // next header: VRRP
  out[21] = 4; // payload length: (24 / 4) − 2
  out.set(header.subarray(12, 16), 24); // SPI = source address
  view.setUint32(28, ah.sequence >>> 0);
  out.set(message, 20 + AH_LENGTH);
  out.set(ahIcv(out, 20, ah.key, ah.unicast), 20 + 12);
  return out;
}
