/**
 * Private: socket address structures and control messages as bytes (Linux, 64-bit).
 *
 * @module
 */

import { SOCK } from "./constants.ts";
import { formatIp, parseIp } from "./_ip.ts";

/** `struct sockaddr_in` (16 bytes) for an IPv4 address, port 0. */
export function sockaddrIn(address: string): Uint8Array {
  const out = new Uint8Array(16);
  new DataView(out.buffer).setUint16(0, SOCK.AF_INET, true);
  out.set(parseIp(address), 4);
  return out;
}

/** `struct sockaddr_in6` (28 bytes) for an IPv6 address, port 0, with a scope (ifindex). */
export function sockaddrIn6(address: string, scopeId = 0): Uint8Array {
  const out = new Uint8Array(28);
  const v = new DataView(out.buffer);
  v.setUint16(0, SOCK.AF_INET6, true);
  const bytes = parseIp(address);
  if (bytes.length !== 16) throw new Error(`not an IPv6 address: "${address}"`);
  out.set(bytes, 8);
  v.setUint32(24, scopeId, true);
  return out;
}

/** The address in a received `sockaddr_in`/`sockaddr_in6`, or "" when it is neither. */
export function sockaddrAddress(name: Uint8Array, length: number): string {
  const family = new DataView(name.buffer, name.byteOffset, name.byteLength).getUint16(0, true);
  if (family === SOCK.AF_INET && length >= 8) return formatIp(name.subarray(4, 8));
  if (family === SOCK.AF_INET6 && length >= 24) return formatIp(name.subarray(8, 24));
  return "";
}

/** `struct sockaddr_ll` (20 bytes) for sending on an interface to a hardware address. */
export function sockaddrLl(ifindex: number, protocol: number, mac: Uint8Array): Uint8Array {
  const out = new Uint8Array(20);
  const v = new DataView(out.buffer);
  v.setUint16(0, SOCK.AF_PACKET, true);
  v.setUint16(2, protocol, false); // network order
  v.setInt32(4, ifindex, true);
  out[11] = mac.length;
  out.set(mac, 12);
  return out;
}

/** A 4-byte host-order int, the usual socket option value. */
export function int32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, n, true);
  return out;
}

/** One control message. */
export interface Cmsg {
  level: number;
  type: number;
  data: Uint8Array;
}

const CMSG_HDR = 16; // cmsg_len (size_t), cmsg_level, cmsg_type
const align8 = (n: number) => (n + 7) & ~7;

/** Splits a received control buffer into messages. */
export function parseCmsgs(control: Uint8Array, length: number): Cmsg[] {
  const out: Cmsg[] = [];
  const v = new DataView(control.buffer, control.byteOffset, control.byteLength);
  let at = 0;
  const end = Math.min(length, control.length);
  while (at + CMSG_HDR <= end) {
    const len = Number(v.getBigUint64(at, true));
    if (len < CMSG_HDR || at + len > end) break;
    out.push({
      level: v.getInt32(at + 8, true),
      type: v.getInt32(at + 12, true),
      data: control.subarray(at + CMSG_HDR, at + len),
    });
    at += align8(len);
  }
  return out;
}
