/**
 * rtnetlink payloads for links (`ifinfomsg`, 16 bytes) and addresses (`ifaddrmsg`, 8 bytes)
 * with their attributes, as plain objects. Pure functions over bytes.
 *
 * @module
 */

import { NL } from "./constants.ts";
import { type Attr, attr, decodeAttrs, encodeAttrs } from "./message.ts";
import { formatIp, formatMac, parseIp, parseMac } from "../_ip.ts";

/** An address family as `ip` names it. */
export type Family = "inet" | "inet6";

/** An address on an interface, as dumped or announced by the kernel. */
export interface AddressInfo {
  family: Family;
  /** Interface index. */
  index: number;
  /** The address (IFA_LOCAL for IPv4 when present, else IFA_ADDRESS). */
  address: string;
  prefix: number;
  /** RT_SCOPE_* (0 global, 253 link, 254 host). */
  scope: number;
  /** IFA_F_* flags (IFA_FLAGS when present, else the 8-bit header field). */
  flags: number;
  label?: string;
  broadcast?: string;
}

/** What to add or delete. */
export interface AddressRequest {
  /** Interface index. */
  index: number;
  /** IPv4 or IPv6 text; the family follows from it. */
  address: string;
  /** Prefix length; default 32 (IPv4) or 128 (IPv6). */
  prefix?: number;
  /** IPv4 label (`eth0:vip`). */
  label?: string;
  /** RT_SCOPE_*; default 0 (global). */
  scope?: number;
  /** IPv6: skip duplicate address detection (IFA_F_NODAD). */
  nodad?: boolean;
  /** IPv4 broadcast address. */
  broadcast?: string;
  /** Extra IFA_F_* flags. */
  flags?: number;
}

/** A network interface, as dumped or announced by the kernel. */
export interface LinkInfo {
  index: number;
  name: string;
  /** IFF_* flags. */
  flags: number;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** Carrier present (IFF_LOWER_UP) and up: usable for VRRP. */
  running: boolean;
  mtu?: number;
  /** Hardware address `aa:bb:cc:dd:ee:ff` when it has one. */
  mac?: string;
}

/** Encoded address requests by their fields (a VIP is added and deleted again and again). */
const encodedAddresses = new Map<string, Uint8Array>();
const ENCODED_ADDRESSES_KEPT = 256;

/**
 * The `ifaddrmsg` + attributes of an RTM_NEWADDR/RTM_DELADDR request. The result is kept and
 * handed out again for the same request (encoding is slow the first time round, and a takeover
 * should not pay for it): do not modify it.
 *
 * @example
 * ```ts
 * import { encodeAddressRequest } from "./route.ts";
 * const p = encodeAddressRequest({ index: 2, address: "192.0.2.10", prefix: 24 });
 * console.assert(p[0] === 2 && p[1] === 24 && p[4] === 2);
 * ```
 */
export function encodeAddressRequest(r: AddressRequest): Uint8Array {
  // A label has no NUL (the kernel's is a C string), so "\0" stands for none.
  const key = `${r.index} ${r.address}/${r.prefix} ${r.label ?? "\0"} ${r.scope} ${r.nodad} ` +
    `${r.broadcast} ${r.flags}`;
  let bytes = encodedAddresses.get(key);
  if (bytes === undefined) {
    if (encodedAddresses.size >= ENCODED_ADDRESSES_KEPT) encodedAddresses.clear();
    bytes = encodeAddress(r);
    encodedAddresses.set(key, bytes);
  }
  return bytes;
}

function encodeAddress(r: AddressRequest): Uint8Array {
  const bytes = parseIp(r.address);
  const v6 = bytes.length === 16;
  const prefix = r.prefix ?? (v6 ? 128 : 32);
  const flags = (r.flags ?? 0) | (r.nodad ? NL.IFA_F_NODAD : 0);
  const head = new Uint8Array(8);
  const hv = new DataView(head.buffer);
  head[0] = v6 ? NL.AF_INET6 : NL.AF_INET;
  head[1] = prefix;
  head[2] = flags & 0xff;
  head[3] = r.scope ?? NL.RT_SCOPE_UNIVERSE;
  hv.setUint32(4, r.index, true);
  const attrs: Attr[] = [{ type: NL.IFA_LOCAL, value: bytes }, {
    type: NL.IFA_ADDRESS,
    value: bytes,
  }];
  if (r.broadcast !== undefined) {
    attrs.push({ type: NL.IFA_BROADCAST, value: parseIp(r.broadcast) });
  }
  if (r.label !== undefined) attrs.push(attr.string(NL.IFA_LABEL, r.label));
  if (flags > 0xff) attrs.push(attr.u32(NL.IFA_FLAGS, flags));
  const body = encodeAttrs(attrs);
  const out = new Uint8Array(8 + body.length);
  out.set(head);
  out.set(body, 8);
  return out;
}

/**
 * Decodes an RTM_NEWADDR/RTM_DELADDR payload; `undefined` when it is not IPv4/IPv6.
 *
 * @example
 * ```ts
 * import { decodeAddress, encodeAddressRequest } from "./route.ts";
 * const a = decodeAddress(encodeAddressRequest({ index: 3, address: "2001:db8::1", prefix: 64 }));
 * console.assert(a?.family === "inet6" && a.address === "2001:db8::1" && a.prefix === 64);
 * ```
 */
export function decodeAddress(payload: Uint8Array): AddressInfo | undefined {
  if (payload.length < 8) return undefined;
  const family = payload[0] === NL.AF_INET
    ? "inet"
    : payload[0] === NL.AF_INET6
    ? "inet6"
    : undefined;
  if (!family) return undefined;
  const index = new DataView(payload.buffer, payload.byteOffset + 4, 4).getUint32(0, true);
  let local: string | undefined, address: string | undefined;
  const info: AddressInfo = {
    family,
    index,
    address: "",
    prefix: payload[1]!,
    scope: payload[3]!,
    flags: payload[2]!,
  };
  for (const a of decodeAttrs(payload.subarray(8))) {
    if (a.type === NL.IFA_LOCAL) local = formatIp(a.value);
    else if (a.type === NL.IFA_ADDRESS) address = formatIp(a.value);
    else if (a.type === NL.IFA_LABEL) info.label = attr.toString(a.value);
    else if (a.type === NL.IFA_BROADCAST) info.broadcast = formatIp(a.value);
    else if (a.type === NL.IFA_FLAGS && a.value.length >= 4) info.flags = attr.toU32(a.value);
  }
  info.address = local ?? address ?? "";
  return info.address ? info : undefined;
}

/**
 * The `ifinfomsg` of an RTM_GETLINK dump request (family unspecified).
 *
 * @example
 * ```ts
 * import { encodeLinkRequest } from "./route.ts";
 * console.assert(encodeLinkRequest().length === 16);
 * ```
 */
export function encodeLinkRequest(index = 0): Uint8Array {
  const out = new Uint8Array(16);
  new DataView(out.buffer).setInt32(4, index, true);
  return out;
}

/**
 * Decodes an RTM_NEWLINK/RTM_DELLINK payload.
 *
 * @example
 * ```ts
 * import { decodeLink } from "./route.ts";
 * import { encodeAttrs, attr } from "./message.ts";
 * const head = Uint8Array.of(0, 0, 1, 0, 1, 0, 0, 0, 0x49, 0, 1, 0, 0, 0, 0, 0);
 * const link = decodeLink(new Uint8Array([...head, ...encodeAttrs([attr.string(3, "lo")])]));
 * console.assert(link?.name === "lo" && link.index === 1 && link.up && link.running);
 * ```
 */
export function decodeLink(payload: Uint8Array): LinkInfo | undefined {
  if (payload.length < 16) return undefined;
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const flags = v.getUint32(8, true);
  const link: LinkInfo = {
    index: v.getInt32(4, true),
    name: "",
    flags,
    up: (flags & NL.IFF_UP) !== 0,
    running: (flags & NL.IFF_UP) !== 0 && (flags & NL.IFF_LOWER_UP) !== 0,
  };
  for (const a of decodeAttrs(payload.subarray(16))) {
    if (a.type === NL.IFLA_IFNAME) link.name = attr.toString(a.value);
    else if (a.type === NL.IFLA_MTU && a.value.length >= 4) link.mtu = attr.toU32(a.value);
    else if (a.type === NL.IFLA_ADDRESS && a.value.length > 0) link.mac = formatMac(a.value);
  }
  return link;
}

/**
 * Encodes a link as an RTM_NEWLINK payload (the inverse of `decodeLink`; used by fakes).
 *
 * @example
 * ```ts
 * import { decodeLink, encodeLink } from "./route.ts";
 * const l = { index: 2, name: "eth0", flags: 0x10043, up: true, running: true, mtu: 1500 };
 * console.assert(decodeLink(encodeLink(l))?.mtu === 1500);
 * ```
 */
export function encodeLink(link: LinkInfo): Uint8Array {
  const head = new Uint8Array(16);
  const v = new DataView(head.buffer);
  v.setUint16(2, 1, true); // ARPHRD_ETHER
  v.setInt32(4, link.index, true);
  v.setUint32(8, link.flags, true);
  const attrs: Attr[] = [attr.string(NL.IFLA_IFNAME, link.name)];
  if (link.mtu !== undefined) attrs.push(attr.u32(NL.IFLA_MTU, link.mtu));
  if (link.mac !== undefined) attrs.push({ type: NL.IFLA_ADDRESS, value: parseMac(link.mac) });
  const body = encodeAttrs(attrs);
  const out = new Uint8Array(16 + body.length);
  out.set(head);
  out.set(body, 16);
  return out;
}
