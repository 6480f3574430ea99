/**
 * The Internet checksum (RFC 1071) and the VRRP checksum forms (spec §6.4):
 *
 * - v2: over the VRRP message only (RFC 3768 §5.3.8).
 * - v3 over IPv6: over the IPv6 pseudo-header (RFC 8200 §8.1, next header 112) and the message
 *   (RFC 5798 §5.2.8).
 * - v3 over IPv4: keepalived's default also prepends the IPv4 pseudo-header (source,
 *   destination, zero, protocol 112, VRRP length); `v3ChecksumAsV2` drops it, the form RFC 9568
 *   §5.2.8 clarifies. For unicast the pseudo-header destination is the peer.
 *
 * The checksum field (bytes 6–7) is always treated as zero, so the same function computes the
 * value to send and the value a received message must carry.
 *
 * @module
 */

import type { AdvertFamily, VrrpVersion } from "./advert.ts";
import { parseAddress, parseIpv4Number } from "./addr.ts";

/** IP protocol number of VRRP (RFC 5798 §5.1.1.4). */
export const IPPROTO_VRRP = 112;

/**
 * The 32-bit unfolded one's-complement sum of the 16-bit big-endian words of
 * `bytes[start..end)`, added to `acc` (an odd final byte is padded with zero).
 *
 * @example
 * ```ts
 * import { sumWords } from "./checksum.ts";
 * if (sumWords(new Uint8Array([0x12, 0x34, 0x56])) !== 0x1234 + 0x5600) throw new Error();
 * ```
 */
export function sumWords(bytes: Uint8Array, start = 0, end = bytes.length, acc = 0): number {
  let i = start;
  for (; i + 1 < end; i += 2) acc += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) acc += bytes[i]! << 8;
  return acc;
}

/**
 * Folds a sum from `sumWords` to 16 bits and complements it: the checksum to put on the wire.
 *
 * @example
 * ```ts
 * import { finishChecksum } from "./checksum.ts";
 * if (finishChecksum(0x1fffe) !== 0x0000) throw new Error();
 * ```
 */
export function finishChecksum(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
  return ~acc & 0xffff;
}

/**
 * The Internet checksum of `bytes` (RFC 1071), optionally continuing an earlier unfolded sum.
 *
 * @example
 * ```ts
 * import { internetChecksum } from "./checksum.ts";
 * // RFC 1071 §3 example words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is its complement.
 * const c = internetChecksum(new Uint8Array([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]));
 * if (c !== (~0xddf2 & 0xffff)) throw new Error();
 * ```
 */
export function internetChecksum(bytes: Uint8Array, initial = 0): number {
  return finishChecksum(sumWords(bytes, 0, bytes.length, initial));
}

/** An address for a pseudo-header: text, or its 4/16 network-order bytes. */
export type PseudoAddress = string | Uint8Array;

/** What decides which form of the VRRP checksum applies. */
export interface VrrpChecksumOptions {
  /** VRRP version of the message. */
  version: VrrpVersion;
  /** Address family the message travels in. */
  family: AdvertFamily;
  /** IP source address (needed for the v3 pseudo-header). */
  source?: PseudoAddress;
  /** IP destination: the multicast group, or the unicast peer (needed for v3). */
  destination?: PseudoAddress;
  /** v3 over IPv4 without the pseudo-header (keepalived's `v3_checksum_as_v2`, RFC 9568). */
  v3ChecksumAsV2?: boolean;
}

/**
 * True when the checksum of a message with these options covers a pseudo-header.
 *
 * @example
 * ```ts
 * import { usesPseudoHeader } from "./checksum.ts";
 * if (!usesPseudoHeader({ version: 3, family: "inet" })) throw new Error();
 * if (usesPseudoHeader({ version: 3, family: "inet", v3ChecksumAsV2: true })) throw new Error();
 * ```
 */
export function usesPseudoHeader(opts: VrrpChecksumOptions): boolean {
  if (opts.version === 2) return false;
  return opts.family === "inet6" || opts.v3ChecksumAsV2 !== true;
}

/**
 * The unfolded sum of the pseudo-header for a VRRP message of `length` bytes: IPv4 (source,
 * destination, zero, protocol 112, 16-bit length) or IPv6 (source, destination, 32-bit length,
 * 24 zero bits, next header 112). The sum does not depend on the field order, only on the words.
 *
 * @throws {RangeError} when an address is missing or not of `family`.
 * @example
 * ```ts
 * import { pseudoHeaderSum } from "./checksum.ts";
 * const s = pseudoHeaderSum("inet", "192.0.2.1", "224.0.0.18", 12);
 * if (s !== 0xc000 + 0x0201 + 0xe000 + 0x0012 + 112 + 12) throw new Error();
 * ```
 */
export function pseudoHeaderSum(
  family: AdvertFamily,
  source: PseudoAddress | undefined,
  destination: PseudoAddress | undefined,
  length: number,
): number {
  return addressSum(family, source, "source") + addressSum(family, destination, "destination") +
    IPPROTO_VRRP + length;
}

/**
 * The unfolded sum of the 16-bit words of an address given as text, or `undefined` when it is
 * not an address of `family` (IPv4 takes a path without allocation).
 *
 * @example
 * ```ts
 * import { addressWordSum } from "./checksum.ts";
 * if (addressWordSum("inet", "192.0.2.1") !== 0xc000 + 0x0201) throw new Error();
 * if (addressWordSum("inet6", "192.0.2.1") !== undefined) throw new Error();
 * ```
 */
export function addressWordSum(family: AdvertFamily, address: string): number | undefined {
  if (family === "inet") {
    const n = parseIpv4Number(address);
    return n === undefined ? undefined : (n >>> 16) + (n & 0xffff);
  }
  const bytes = parseAddress(address, family);
  return bytes === undefined ? undefined : sumWords(bytes);
}

/** Sum of the 16-bit words of one address (IPv4 text takes a path without allocation). */
function addressSum(
  family: AdvertFamily,
  address: PseudoAddress | undefined,
  what: string,
): number {
  if (family === "inet" && typeof address === "string") {
    const n = parseIpv4Number(address);
    if (n !== undefined) return (n >>> 16) + (n & 0xffff);
  }
  const bytes = addressBytes(family, address, what);
  return sumWords(bytes);
}

function addressBytes(
  family: AdvertFamily,
  address: PseudoAddress | undefined,
  what: string,
): Uint8Array {
  const want = family === "inet" ? 4 : 16;
  const bytes = typeof address === "string" ? parseAddress(address, family) : address;
  if (bytes === undefined || bytes.length !== want) {
    throw new RangeError(
      `The v3 checksum needs the ${what} address as ${family}, got "${String(address)}"`,
    );
  }
  return bytes;
}

/**
 * The VRRP checksum of the first `length` bytes of `message` (bytes 6–7 counted as zero), in
 * the form `opts` selects.
 *
 * @throws {RangeError} when a pseudo-header is needed and an address is missing or invalid.
 * @example
 * ```ts
 * import { vrrpChecksum } from "./checksum.ts";
 * // v2, VRID 51, priority 100, one address 192.0.2.100, no auth, interval 1 s.
 * const m = new Uint8Array([0x21, 51, 100, 1, 0, 1, 0, 0, 192, 0, 2, 100, 0, 0, 0, 0, 0, 0, 0, 0]);
 * const c = vrrpChecksum(m, m.length, { version: 2, family: "inet" });
 * m[6] = c >> 8;
 * m[7] = c & 255;
 * if (vrrpChecksum(m, m.length, { version: 2, family: "inet" }) !== c) throw new Error();
 * ```
 */
export function vrrpChecksum(
  message: Uint8Array,
  length: number,
  opts: VrrpChecksumOptions,
): number {
  const pseudo = usesPseudoHeader(opts)
    ? pseudoHeaderSum(opts.family, opts.source, opts.destination, length)
    : 0;
  return vrrpChecksumFromSum(message, length, pseudo);
}

/**
 * The VRRP checksum of the `length` bytes of the message at `offset` in `message` (its bytes
 * 6–7 counted as zero), continuing `initial`, an unfolded sum such as `pseudoHeaderSum` (0 for no pseudo-header). The
 * receive checks use it to sum the addresses straight from the datagram.
 *
 * @example
 * ```ts
 * import { pseudoHeaderSum, vrrpChecksum, vrrpChecksumFromSum } from "./checksum.ts";
 * const m = new Uint8Array([0x31, 1, 100, 1, 0, 100, 0, 0, 192, 0, 2, 1]);
 * const opts = { version: 3, family: "inet", source: "192.0.2.1", destination: "224.0.0.18" } as const;
 * const sum = pseudoHeaderSum("inet", opts.source, opts.destination, m.length);
 * if (vrrpChecksumFromSum(m, m.length, sum) !== vrrpChecksum(m, m.length, opts)) throw new Error();
 * ```
 */
export function vrrpChecksumFromSum(
  message: Uint8Array,
  length: number,
  initial: number,
  offset = 0,
): number {
  let acc = sumWords(message, offset, offset + Math.min(6, length), initial);
  acc = sumWords(message, offset + 8, offset + length, acc);
  return finishChecksum(acc);
}
