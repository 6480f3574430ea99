/**
 * VRRPv2 IPsec AH authentication as keepalived does it (RFC 2402 style, spec §6.3): a 24-byte AH
 * header between the IPv4 header and the VRRP message, SPI = the sender's IPv4 address, a
 * sequence number, and a 12-byte HMAC-MD5-96 ICV keyed by the 8-byte password over the IPv4
 * header (TOS, fragment field and header checksum zeroed; TTL too for unicast), the AH header
 * (ICV zeroed) and the VRRP message. Checked against a keepalived 2.2.7 capture.
 *
 * Pure computation (HMAC-MD5 from `node:crypto`); the sequence number's state is the caller's.
 *
 * @module
 */

import { createHmac } from "node:crypto";

/** Length of the AH header keepalived uses (with its 12-byte ICV). */
const AH_LENGTH = 24;

/**
 * The HMAC-MD5-96 ICV of an AH-protected VRRP datagram (`ipHeaderLength` bytes of IPv4 header,
 * then the AH header, then the message), with the mutable fields zeroed as keepalived does.
 *
 * @example
 * ```ts
 * import { ahIcv } from "./_ah.ts";
 * const icv = ahIcv(new Uint8Array(20 + 24 + 20), 20, new Uint8Array(8), false);
 * if (icv.length !== 12) throw new Error();
 * ```
 */
export function ahIcv(
  datagram: Uint8Array,
  ipHeaderLength: number,
  key: Uint8Array,
  unicast: boolean,
): Uint8Array {
  const copy = datagram.slice();
  copy[1] = 0; // TOS
  copy[6] = 0; // flags + fragment offset
  copy[7] = 0;
  if (unicast) copy[8] = 0; // TTL
  copy[10] = 0; // header checksum
  copy[11] = 0;
  copy.fill(0, ipHeaderLength + 12, ipHeaderLength + AH_LENGTH);
  const digest = createHmac("md5", key).update(copy).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, 12).slice();
}

/** What `verifyAh` found. */
export type AhVerdict = "ok" | "next-header" | "icv" | "spi";

/**
 * Verifies the AH header of a datagram whose layout has been checked (protocol 51, room for the
 * AH header): the next header must be VRRP, the ICV must match (constant time), and the SPI
 * must be the source address — keepalived's order.
 *
 * @example
 * ```ts
 * import { verifyAh } from "./_ah.ts";
 * import { encodeAhDatagram } from "./ipv4.ts";
 * const key = new Uint8Array(8);
 * const message = new Uint8Array([0x21, 1, 100, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
 * const d = encodeAhDatagram(
 *   { source: "192.0.2.1", destination: "224.0.0.18", id: 1, payloadLength: 0 },
 *   message,
 *   { key, sequence: 1, unicast: false },
 * );
 * if (verifyAh(d, key, false) !== "ok") throw new Error();
 * ```
 */
export function verifyAh(datagram: Uint8Array, key: Uint8Array, unicast: boolean): AhVerdict {
  const headerLength = (datagram[0]! & 0x0f) * 4;
  if (datagram[headerLength] !== 112) return "next-header";
  const icv = ahIcv(datagram, headerLength, key, unicast);
  let diff = 0;
  for (let i = 0; i < 12; i++) diff |= icv[i]! ^ datagram[headerLength + 12 + i]!;
  if (diff !== 0) return "icv";
  for (let i = 0; i < 4; i++) {
    if (datagram[headerLength + 4 + i] !== datagram[12 + i]) return "spi";
  }
  return "ok";
}
