/**
 * RTM_NEWLINK / RTM_DELLINK payloads for virtual MAC interfaces (`use_vmac`): a private-mode
 * macvlan on a parent with the RFC 5798 §7.3 MAC, setting a link up or down, deleting it, and
 * reading back a link's kind, parent and MAC from a dump (to recognise one left behind).
 *
 * @module
 */

import { NL } from "./constants.ts";
import { type Attr, attr, decodeAttrs, encodeAttrs } from "./message.ts";

/** `linux/if_link.h` values used here. */
const IFLA_LINK = 5;
const IFLA_LINKINFO = 18;
const IFLA_INFO_KIND = 1;
const IFLA_INFO_DATA = 2;
const IFLA_MACVLAN_MODE = 1;
/** `MACVLAN_MODE_PRIVATE`: macvlans on one parent do not see each other (keepalived's mode). */
export const MACVLAN_MODE_PRIVATE = 1;

/** A macvlan to create. */
export interface MacvlanRequest {
  /** Interface name (at most 15 bytes). */
  name: string;
  /** Parent interface index. */
  parent: number;
  /** Its MAC address, 6 bytes. */
  mac: Uint8Array;
  /** `MACVLAN_MODE_*`; default private. */
  mode?: number;
}

/** What a link dump says about a link's kind and parent. */
export interface LinkDetail {
  /** Interface index. */
  index: number;
  /** Name. */
  name: string;
  /** MAC `aa:bb:cc:dd:ee:ff`, if any. */
  mac?: string;
  /** `IFLA_INFO_KIND` (`macvlan`, `veth`, ...), if any. */
  kind?: string;
  /** Parent index (`IFLA_LINK`), if any. */
  parent?: number;
}

function ifinfo(index: number, flags: number, change: number): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  v.setInt32(4, index, true);
  v.setUint32(8, flags, true);
  v.setUint32(12, change, true);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The RTM_NEWLINK payload that creates a macvlan (send with NLM_F_CREATE | NLM_F_EXCL). The link
 * is created down; `encodeLinkUp` brings it up.
 *
 * @example
 * ```ts
 * import { encodeMacvlanCreate } from "./link_msg.ts";
 * const mac = Uint8Array.of(0, 0, 0x5e, 0, 1, 51);
 * const p = encodeMacvlanCreate({ name: "vrrp.51", parent: 2, mac });
 * console.assert(p.length > 16 && new TextDecoder().decode(p).includes("macvlan"));
 * ```
 */
export function encodeMacvlanCreate(r: MacvlanRequest): Uint8Array {
  const data: Attr = {
    type: IFLA_INFO_DATA,
    value: encodeAttrs([attr.u32(IFLA_MACVLAN_MODE, r.mode ?? MACVLAN_MODE_PRIVATE)]),
  };
  const info: Attr = {
    type: IFLA_LINKINFO,
    value: encodeAttrs([
      { type: IFLA_INFO_KIND, value: new TextEncoder().encode("macvlan") },
      data,
    ]),
  };
  const attrs = encodeAttrs([
    attr.u32(IFLA_LINK, r.parent),
    attr.string(NL.IFLA_IFNAME, r.name),
    { type: NL.IFLA_ADDRESS, value: r.mac },
    info,
  ]);
  return concat(ifinfo(0, 0, 0), attrs);
}

/**
 * The RTM_NEWLINK payload that sets a link up (or down).
 *
 * @example
 * ```ts
 * import { encodeLinkUp } from "./link_msg.ts";
 * const p = encodeLinkUp(7, true);
 * console.assert(p[4] === 7 && p[8] === 1 && p[12] === 1);
 * ```
 */
export function encodeLinkUp(index: number, up: boolean): Uint8Array {
  return ifinfo(index, up ? NL.IFF_UP : 0, NL.IFF_UP);
}

/**
 * Reads index, name, MAC, kind and parent of an RTM_NEWLINK payload.
 *
 * @example
 * ```ts
 * import { decodeLinkDetail, encodeMacvlanCreate } from "./link_msg.ts";
 * const mac = Uint8Array.of(0, 0, 0x5e, 0, 1, 51);
 * const d = decodeLinkDetail(encodeMacvlanCreate({ name: "vrrp.51", parent: 2, mac }));
 * console.assert(d?.kind === "macvlan" && d.parent === 2 && d.mac === "00:00:5e:00:01:33");
 * ```
 */
export function decodeLinkDetail(payload: Uint8Array): LinkDetail | undefined {
  if (payload.length < 16) return undefined;
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const d: LinkDetail = { index: v.getInt32(4, true), name: "" };
  for (const a of decodeAttrs(payload.subarray(16))) {
    if (a.type === NL.IFLA_IFNAME) d.name = attr.toString(a.value);
    else if (a.type === NL.IFLA_ADDRESS && a.value.length === 6) d.mac = formatMac(a.value);
    else if (a.type === IFLA_LINK && a.value.length >= 4) d.parent = attr.toU32(a.value);
    else if (a.type === IFLA_LINKINFO) {
      for (const i of decodeAttrs(a.value)) {
        if (i.type === IFLA_INFO_KIND) d.kind = attr.toString(i.value);
      }
    }
  }
  return d;
}

/**
 * The virtual router MAC of RFC 5798 §7.3: 00:00:5E:00:01:VRID (IPv4), 00:00:5E:00:02:VRID (IPv6).
 *
 * @example
 * ```ts
 * import { virtualMac } from "./link_msg.ts";
 * console.assert(virtualMac(51, "inet").join() === "0,0,94,0,1,51");
 * ```
 */
export function virtualMac(vrid: number, family: "inet" | "inet6"): Uint8Array {
  return Uint8Array.of(0, 0, 0x5e, 0, family === "inet" ? 1 : 2, vrid & 0xff);
}

/**
 * A MAC as `aa:bb:cc:dd:ee:ff`.
 *
 * @example
 * ```ts
 * import { formatMac } from "./link_msg.ts";
 * console.assert(formatMac(Uint8Array.of(0, 0, 0x5e, 0, 1, 51)) === "00:00:5e:00:01:33");
 * ```
 */
export function formatMac(mac: Uint8Array): string {
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join(":");
}
