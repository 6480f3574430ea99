/**
 * The VRRP message codec (RFC 3768 §5.1 for v2, RFC 5798 §5.1 for v3; spec §6.2): the message
 * only, from the version byte to the end of the addresses (and v2's authentication data), as an
 * IPv6 raw socket delivers it. For IPv4, where the raw socket delivers the IP header too, see
 * `ipv4.ts`.
 *
 * ```
 *  0        1        2        3        4        5        6        7
 * +--------+--------+--------+--------+--------+--------+--------+--------+
 * |ver|type|  VRID  |priority| count  |v2: auth|v2: int|    checksum     |
 * |        |        |        |        |v3: rsvd(4) + max adver int (12)  |
 * +--------+--------+--------+--------+--------+--------+--------+--------+
 * | count × IPv4 (4) or IPv6 (16) addresses ...                           |
 * | v2 over IPv4 only: 8 bytes of authentication data                     |
 * ```
 *
 * @module
 */

import type { Advert, AdvertFamily, AuthType } from "./advert.ts";
import { addressLength, formatAddress, parseAddress, parseIpv4Number } from "./addr.ts";
import {
  type PseudoAddress,
  pseudoHeaderSum,
  usesPseudoHeader,
  vrrpChecksum,
  vrrpChecksumFromSum,
} from "./checksum.ts";

/** VRRP packet type of an advertisement (the only type defined). */
export const VRRP_TYPE_ADVERT = 1;

/** Length of the fixed VRRP header. */
export const VRRP_HEADER_LENGTH = 8;

/** Length of the v2 authentication data. */
export const VRRP_AUTH_LENGTH = 8;

/**
 * True when a message of this version and family carries the 8 bytes of v2 authentication data
 * (v2 over IPv4 only; keepalived's v2 over IPv6 carries none).
 *
 * @example
 * ```ts
 * import { hasAuthData } from "./packet.ts";
 * if (!hasAuthData(2, "inet") || hasAuthData(3, "inet") || hasAuthData(2, "inet6")) throw new Error();
 * ```
 */
export function hasAuthData(version: number, family: AdvertFamily): boolean {
  return version === 2 && family === "inet";
}

/**
 * The length of a VRRP message: 8 + count × (4 | 16), plus 8 for v2 over IPv4.
 *
 * @example
 * ```ts
 * import { messageLength } from "./packet.ts";
 * if (messageLength(2, "inet", 1) !== 20 || messageLength(3, "inet6", 2) !== 40) throw new Error();
 * ```
 */
export function messageLength(version: number, family: AdvertFamily, count: number): number {
  return VRRP_HEADER_LENGTH + count * addressLength(family) +
    (hasAuthData(version, family) ? VRRP_AUTH_LENGTH : 0);
}

/**
 * The 8 bytes of v2 PASS authentication data for a password: its UTF-8 bytes, truncated to 8,
 * NUL padded (spec §6.3).
 *
 * @example
 * ```ts
 * import { authDataFromPassword } from "./packet.ts";
 * const d = authDataFromPassword("secret");
 * if (d.length !== 8 || d[0] !== 0x73 || d[6] !== 0 || d[7] !== 0) throw new Error();
 * ```
 */
export function authDataFromPassword(password: string): Uint8Array {
  const out = new Uint8Array(VRRP_AUTH_LENGTH);
  out.set(new TextEncoder().encode(password).subarray(0, VRRP_AUTH_LENGTH));
  return out;
}

/** How to fill the checksum when encoding. */
export interface EncodeOptions {
  /** IP source address (needed for v3 unless the pseudo-header is left out). */
  source?: PseudoAddress;
  /** IP destination: the multicast group, or for unicast the peer this copy goes to. */
  destination?: PseudoAddress;
  /** v3 over IPv4: checksum without the pseudo-header (keepalived's `v3_checksum_as_v2`). */
  v3ChecksumAsV2?: boolean;
  /** Leave the checksum 0 for the kernel to fill (an IPv6 socket with `IPV6_CHECKSUM` 6). */
  kernelChecksum?: boolean;
}

/**
 * Encodes an advertisement as a VRRP message. v2 takes a whole number of seconds (0..255) in
 * `intervalCs`; v3 takes 0..4095 centiseconds and writes the reserved bits as 0. v2 over IPv4
 * carries `auth` (type and 8 bytes) or, without it, auth type 0 and zeros.
 *
 * @throws {RangeError} when a field is out of range, an address is not of the advert's family,
 * there are more than 255 addresses, or v3 needs pseudo-header addresses that are missing.
 * @example
 * ```ts
 * import { encodeAdvert } from "./packet.ts";
 * const bytes = encodeAdvert(
 *   { version: 3, vrid: 51, priority: 100, intervalCs: 100, family: "inet", addresses: ["192.0.2.100"] },
 *   { source: "192.0.2.1", destination: "224.0.0.18" },
 * );
 * if (bytes.length !== 12 || bytes[0] !== 0x31) throw new Error();
 * ```
 */
export function encodeAdvert(advert: Advert, opts: EncodeOptions = {}): Uint8Array {
  const { version, family, addresses } = advert;
  if (version !== 2 && version !== 3) throw new RangeError(`VRRP version ${version} is not 2 or 3`);
  checkByte("VRID", advert.vrid, 1);
  checkByte("Priority", advert.priority, 0);
  if (addresses.length > 255) {
    throw new RangeError(`A VRRP advert carries at most 255 addresses, got ${addresses.length}`);
  }
  const length = messageLength(version, family, addresses.length);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  out[0] = (version << 4) | VRRP_TYPE_ADVERT;
  out[1] = advert.vrid;
  out[2] = advert.priority;
  out[3] = addresses.length;
  if (version === 2) {
    const seconds = advert.intervalCs / 100;
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 255) {
      throw new RangeError(
        `A VRRPv2 interval is whole seconds 0..255, got ${advert.intervalCs} centiseconds`,
      );
    }
    out[4] = advert.auth?.type ?? 0;
    out[5] = seconds;
  } else {
    if (!Number.isInteger(advert.intervalCs) || advert.intervalCs < 0 || advert.intervalCs > 4095) {
      throw new RangeError(`A VRRPv3 interval is 0..4095 centiseconds, got ${advert.intervalCs}`);
    }
    view.setUint16(4, advert.intervalCs);
  }
  const alen = addressLength(family);
  for (let i = 0; i < addresses.length; i++) {
    const text = addresses[i]!;
    const at = VRRP_HEADER_LENGTH + i * alen;
    const n = family === "inet" ? parseIpv4Number(text) : undefined;
    if (n !== undefined) {
      view.setUint32(at, n);
      continue;
    }
    const bytes = family === "inet" ? undefined : parseAddress(text, family);
    if (bytes === undefined) throw new RangeError(`"${text}" is not an ${family} address`);
    out.set(bytes, at);
  }
  if (advert.auth !== undefined) {
    if (!hasAuthData(version, family)) {
      throw new RangeError("Authentication data exists only in VRRPv2 over IPv4");
    }
    if (advert.auth.data.length !== VRRP_AUTH_LENGTH) {
      throw new RangeError(`Authentication data is 8 bytes, got ${advert.auth.data.length}`);
    }
    out.set(advert.auth.data, length - VRRP_AUTH_LENGTH);
  }
  if (opts.kernelChecksum !== true) {
    const pseudo =
      usesPseudoHeader({ version, family, v3ChecksumAsV2: opts.v3ChecksumAsV2 === true })
        ? pseudoHeaderSum(family, opts.source, opts.destination, length)
        : 0;
    view.setUint16(6, vrrpChecksumFromSum(out, length, pseudo));
  }
  return out;
}

function checkByte(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > 255) {
    throw new RangeError(`${name} must be ${min}..255, got ${value}`);
  }
}

/** Why `decodeAdvert` refused a message. */
export type DecodeFailure =
  | "truncated"
  | "length"
  | "version"
  | "type"
  | "auth-type-invalid"
  | "checksum";

/** The result of `decodeAdvert`: never an exception. */
export type DecodeResult = { ok: true; advert: Advert } | { ok: false; reason: DecodeFailure };

/** What the decoder must know besides the bytes. */
export interface DecodeOptions {
  /** Family of the socket the message came from (the message does not say). */
  family: AdvertFamily;
  /**
   * Verify the checksum. v3 then needs `source` and `destination` (else the check fails) unless
   * IPv4 with `v3ChecksumAsV2`.
   */
  verifyChecksum?: boolean;
  /** IP source address, for the v3 pseudo-header. */
  source?: PseudoAddress;
  /** IP destination address, for the v3 pseudo-header. */
  destination?: PseudoAddress;
  /** v3 over IPv4 without the pseudo-header. */
  v3ChecksumAsV2?: boolean;
}

/**
 * Decodes a VRRP message (exactly one: trailing bytes are a `length` failure) into an
 * `Advert`. Checks, in order: 8-byte header present (`truncated`), version 2 or 3, type 1,
 * length = 8 + count × address length (+8 for v2 over IPv4) (`truncated` / `length`), v2 auth
 * type 0..2 (`auth-type-invalid`), and with `verifyChecksum` the checksum. v3's reserved bits
 * are ignored. This is the standalone decoder; the receive path uses `checkAdvert`, which runs
 * keepalived's own order of checks.
 *
 * @example
 * ```ts
 * import { decodeAdvert, encodeAdvert } from "./packet.ts";
 * const bytes = encodeAdvert({
 *   version: 2, vrid: 1, priority: 100, intervalCs: 100, family: "inet", addresses: ["192.0.2.1"],
 * });
 * const r = decodeAdvert(bytes, { family: "inet", verifyChecksum: true });
 * if (!r.ok || r.advert.addresses[0] !== "192.0.2.1") throw new Error();
 * if (decodeAdvert(bytes.subarray(0, 5), { family: "inet" }).ok) throw new Error();
 * ```
 */
export function decodeAdvert(bytes: Uint8Array, opts: DecodeOptions): DecodeResult {
  const { family } = opts;
  if (bytes.length < VRRP_HEADER_LENGTH) return { ok: false, reason: "truncated" };
  const version = bytes[0]! >> 4;
  if (version !== 2 && version !== 3) return { ok: false, reason: "version" };
  if ((bytes[0]! & 0x0f) !== VRRP_TYPE_ADVERT) return { ok: false, reason: "type" };
  const count = bytes[3]!;
  const length = messageLength(version, family, count);
  if (bytes.length < length) return { ok: false, reason: "truncated" };
  if (bytes.length > length) return { ok: false, reason: "length" };
  if (version === 2 && bytes[4]! > 2) return { ok: false, reason: "auth-type-invalid" };
  if (opts.verifyChecksum === true) {
    let expected: number;
    try {
      expected = vrrpChecksum(bytes, length, { ...opts, version });
    } catch {
      return { ok: false, reason: "checksum" };
    }
    if (expected !== ((bytes[6]! << 8) | bytes[7]!)) return { ok: false, reason: "checksum" };
  }
  return { ok: true, advert: readAdvert(bytes, family) };
}

/**
 * Reads the fields of a message (starting at `offset`) whose length has been checked (no
 * validation at all): the shared last step of `decodeAdvert` and `checkAdvert`.
 *
 * @example
 * ```ts
 * import { readAdvert } from "./packet.ts";
 * const m = new Uint8Array([0x31, 7, 0, 1, 0x00, 0x64, 0, 0, 192, 0, 2, 9]);
 * const a = readAdvert(m, "inet");
 * if (a.vrid !== 7 || a.intervalCs !== 100 || a.addresses[0] !== "192.0.2.9") throw new Error();
 * ```
 */
export function readAdvert(bytes: Uint8Array, family: AdvertFamily, offset = 0): Advert {
  const version = bytes[offset]! >> 4 === 2 ? 2 : 3;
  const count = bytes[offset + 3]!;
  const alen = addressLength(family);
  const addresses: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    addresses[i] = formatAddress(bytes, family, offset + VRRP_HEADER_LENGTH + i * alen);
  }
  const advert: Advert = {
    version,
    vrid: bytes[offset + 1]!,
    priority: bytes[offset + 2]!,
    intervalCs: version === 2
      ? bytes[offset + 5]! * 100
      : ((bytes[offset + 4]! & 0x0f) << 8) | bytes[offset + 5]!,
    family,
    addresses,
  };
  if (hasAuthData(version, family)) {
    const at = offset + VRRP_HEADER_LENGTH + count * alen;
    advert.auth = {
      type: bytes[offset + 4]! as AuthType,
      data: bytes.slice(at, at + VRRP_AUTH_LENGTH),
    };
  }
  return advert;
}
