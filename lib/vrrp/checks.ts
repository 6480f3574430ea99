/**
 * The receive checks (spec §6.5), in keepalived 2.2.7's order (`vrrp_dispatcher_read`, then
 * `vrrp_check_packet`), as one pure function: a received packet and the instance's `CheckView`
 * in, an accepted advert or a typed `DropReason` out, plus the keepalived statistics to bump.
 * No exceptions, no logging, no counters touched (see `recordCheck` in `counters.ts`).
 *
 * | # | check | drop reason | keepalived stat |
 * |---|---|---|---|
 * | 0 | IPv4 header (+AH) + 8-byte VRRP header; protocol 112/51; socket family = instance's | `truncated`, `protocol` | — |
 * | 1 | VRID is this instance's | `vrid` | — |
 * | 2 | IPv6: multicast destination ⇔ multicast instance (dispatcher) | `dst-mismatch` | — |
 * | 3 | IPv4: AH header present ⇔ auth_type AH | `ah-mismatch` | authtype_mismatch |
 * | 4 | length = (IP + AH +) 8 + count × addr (+8 v2 IPv4), exactly | `length` | packet_len_err |
 * | 5 | multicast instance: TTL/hop limit 255 (when known) | `ttl` | ip_ttl_err |
 * | 6 | version = configured | `version` | — |
 * | 7 | v2: auth type 0..2 | `auth-type-invalid` | invalid_authtype |
 * | 8 | v2: auth type = configured | `auth-type` | authtype_mismatch |
 * | 9 | v2: PASS matches (constant time); AH: next header VRRP, ICV, SPI, sequence (AH needs the datagram, else `ah-unsupported`) | `auth`, `ah-next-header` | auth_failure, — |
 * | 10 | v2: interval = own | `interval` | — |
 * | 11 | type = 1 | `type` | invalid_type_rcvd |
 * | 12 | VIP count = own (when addresses are checked) | `addr-count` | addr_list_err |
 * | 13 | IPv4: header total length = bytes received | `ip-length` | packet_len_err |
 * | 14 | checksum (spec §6.4; old unicast form auto-detected) | `checksum` | — |
 * | 15 | IPv4: multicast destination ⇔ multicast instance | `dst-mismatch` | addr_list_err |
 * | 16 | owner with owner_ignore_adverts | `owner-ignore` | — |
 * | 17 | counted as received | | advert_rcvd |
 * | 18 | every own VIP present (when addresses are checked) | `addr-list` | addr_list_err |
 * | 19 | unicast with source check: sender is a peer, TTL in its range | `not-peer`, `peer-ttl` | —, ip_ttl_err |
 * | 20 | priority 0 (accepted) | | pri_zero_rcvd |
 *
 * The instance-state check (adverts are ignored in INIT and FAULT) belongs to the engine.
 * keepalived only verifies IPv4 checksums (the kernel verifies IPv6 ones); these checks verify
 * both. v3 interval differences are accepted and flagged (`intervalMismatch`).
 *
 * @module
 */

import type { AdvertFamily, ReceivedAdvert } from "./advert.ts";
import { formatIpv4, isMulticast } from "./addr.ts";
import {
  addressWordSum,
  IPPROTO_VRRP,
  sumWords,
  usesPseudoHeader,
  vrrpChecksumFromSum,
} from "./checksum.ts";
import { DROP_REASONS, DROP_STAT, type DropReason, type StatName } from "./counters.ts";
import { verifyAh, vrrpOffset } from "./ipv4.ts";
import { messageLength, readAdvert, VRRP_AUTH_LENGTH, VRRP_TYPE_ADVERT } from "./packet.ts";
import type { CheckView } from "./_check_view.ts";

export { type CheckPeer, type CheckView, checkViewFromInstance } from "./_check_view.ts";

/** A VRRP message with what the IP layer said about it (IPv6, or an IPv4 datagram taken apart). */
export interface ReceivedPacket {
  /** Family of the socket it came from. */
  family: AdvertFamily;
  /** The VRRP message (after the IP and AH headers). */
  message: Uint8Array;
  /** IP source, canonical text. */
  source: string;
  /** IP destination, canonical text. */
  destination: string;
  /** TTL / hop limit, or -1 when the socket did not say. */
  ttl: number;
  /** Interface it arrived on. */
  interface: string;
  /** IPv4 only: the header's total length, the bytes received, and whether AH was present. */
  ipv4?: { totalLength: number; receivedLength: number; ah: boolean };
}

/** An IPv4 datagram as read from the raw socket, IP header included. */
export interface ReceivedDatagram {
  /** Always IPv4. */
  family: "inet";
  /** The datagram. */
  datagram: Uint8Array;
  /** Interface it arrived on. */
  interface: string;
}

/** Engine state the checks depend on. */
export interface CheckContext {
  /**
   * In BACKUP: the source of the master last accepted. With `skip_check_adv_addr`, adverts from
   * it skip the VIP-list and unicast-source checks. In MASTER leave it out (always checked).
   */
  currentMaster?: string;
  /**
   * AH instances: keepalived's IPsec-AH sequence counter (the highest sequence number sent or
   * accepted); an advert must carry a larger one. Leave it out to skip the replay check.
   */
  ahSequence?: number;
}

/** An accepted advert: the received advert plus what the checks noticed. */
export interface AcceptedAdvert extends ReceivedAdvert {
  /** The VIP list (and unicast source) were checked. */
  addressesChecked: boolean;
  /** The VIP list differs from ours (only with `addressMismatch: "count"`). */
  addrListMismatch: boolean;
  /** v3: the advert's interval differs from our advert_int. */
  intervalMismatch: boolean;
  /** Priority 0: the master is leaving. */
  priorityZero: boolean;
  /** The checksum matched only in the pre-1.3.6 unicast form: switch to it (auto mode). */
  oldUnicastChecksum: boolean;
  /** AH: the verified advert's sequence number (the engine's new `ahSequence`). */
  ahSequence?: number;
}

/** The outcome of `checkAdvert`, with the keepalived statistics to increment. */
export type CheckResult =
  | { accepted: AcceptedAdvert; stats: readonly StatName[] }
  | { dropped: DropReason; stats: readonly StatName[] };

const DROPS = {} as Record<DropReason, CheckResult>;
for (const r of DROP_REASONS) {
  const stat = DROP_STAT[r];
  DROPS[r] = Object.freeze({ dropped: r, stats: Object.freeze(stat === undefined ? [] : [stat]) });
}
const RCVD: readonly StatName[] = Object.freeze(["advert_rcvd"]);
const RCVD_PRI0: readonly StatName[] = Object.freeze(["advert_rcvd", "pri_zero_rcvd"]);

/**
 * Runs the ordered receive checks on one packet for one instance.
 *
 * @example
 * ```ts
 * import { checkAdvert, type CheckView } from "./checks.ts";
 * import { encodeAdvert } from "./packet.ts";
 * const view: CheckView = {
 *   vrid: 51, version: 3, family: "inet", priority: 100, advertIntervalCs: 100,
 *   vips: ["192.0.2.100"], unicastPeers: [], checkUnicastSrc: false, skipCheckAdvAddr: false,
 *   ownerIgnoreAdverts: false, v3ChecksumAsV2: false, oldUnicastChecksum: "auto",
 *   mcastGroup4: "224.0.0.18", addressMismatch: "drop",
 * };
 * const advert = { version: 3 as const, vrid: 51, priority: 150, intervalCs: 100, family: "inet" as const, addresses: ["192.0.2.100"] };
 * const message = encodeAdvert(advert, { source: "192.0.2.2", destination: "224.0.0.18" });
 * const rx = { family: "inet" as const, message, source: "192.0.2.2", destination: "224.0.0.18", ttl: 255, interface: "eth0" };
 * const r = checkAdvert(rx, view);
 * if (!("accepted" in r) || r.accepted.advert.priority !== 150) throw new Error();
 * const bad = checkAdvert({ ...rx, ttl: 64 }, view);
 * if (!("dropped" in bad) || bad.dropped !== "ttl") throw new Error();
 * ```
 */
export function checkAdvert(
  input: ReceivedPacket | ReceivedDatagram,
  view: CheckView,
  context: CheckContext = {},
): CheckResult {
  let rx: Facts;
  if ("datagram" in input) {
    const d = input.datagram;
    const at = vrrpOffset(d);
    if (typeof at === "string") return DROPS[at];
    rx = {
      family: "inet",
      bytes: d,
      at,
      source: formatIpv4(d, 12),
      destination: formatIpv4(d, 16),
      ttl: d[8]!,
      interface: input.interface,
      ipv4: { totalLength: (d[2]! << 8) | d[3]!, receivedLength: d.length, ah: d[9] === 51 },
      datagram: d,
      multicastDst: d[16]! >> 4 === 0xe,
      srcSum: sumWords(d, 12, 16),
      dstSum: sumWords(d, 16, 20),
    };
  } else {
    rx = {
      family: input.family,
      bytes: input.message,
      at: 0,
      source: input.source,
      destination: input.destination,
      ttl: input.ttl,
      interface: input.interface,
      multicastDst: isMulticast(input.destination),
      srcSum: addressWordSum(input.family, input.source),
      dstSum: addressWordSum(input.family, input.destination),
    };
    if (input.ipv4 !== undefined) rx.ipv4 = input.ipv4;
  }
  return run(rx, view, context);
}

/**
 * A received packet with the address facts the checks use precomputed. The VRRP message is
 * `bytes` from `at` to the end (no subarray: the receive path allocates as little as it can).
 */
interface Facts extends Omit<ReceivedPacket, "message"> {
  /** The bytes holding the VRRP message. */
  bytes: Uint8Array;
  /** Where the message starts in `bytes`. */
  at: number;
  /** The whole IPv4 datagram, when the input was one (AH verification needs the IP header). */
  datagram?: Uint8Array;
  multicastDst: boolean;
  /** Sum of the source address words (undefined: not an address of the family). */
  srcSum: number | undefined;
  /** Sum of the destination address words. */
  dstSum: number | undefined;
}

function run(rx: Facts, view: CheckView, context: CheckContext): CheckResult {
  const m = rx.bytes;
  const o = rx.at;
  const family = view.family;
  if (m.length - o < 8) return DROPS.truncated;
  if (rx.family !== family) return DROPS.protocol;
  if (m[o + 1] !== view.vrid) return DROPS.vrid;
  const unicast = view.unicastPeers.length > 0;
  if (family === "inet6" && rx.multicastDst === unicast) return DROP_IPV6_DST;
  if (family === "inet" && (rx.ipv4?.ah ?? false) !== (view.auth?.type === "AH")) {
    return DROPS["ah-mismatch"];
  }
  const version = m[o]! >> 4;
  const count = m[o + 3]!;
  const length = messageLength(version, family, count);
  if (m.length - o !== length) return DROPS.length;
  if (!unicast && rx.ttl !== -1 && rx.ttl !== 255) return DROPS.ttl;
  if (version !== view.version) return DROPS.version;
  let ahSequence: number | undefined;
  if (version === 2) {
    const authType = m[o + 4]!;
    if (authType > 2) return DROPS["auth-type-invalid"];
    const own = view.auth === undefined ? 0 : view.auth.type === "PASS" ? 1 : 2;
    if (authType !== own) return DROPS["auth-type"];
    if (own === 1 && (family !== "inet" || !sameAuth(m, view.auth!.data))) return DROPS.auth;
    if (own === 2) {
      if (rx.datagram === undefined) return DROPS["ah-unsupported"];
      const verdict = verifyAh(rx.datagram, view.auth!.data, unicast);
      if (verdict === "next-header") return DROPS["ah-next-header"];
      if (verdict !== "ok") return DROPS.auth;
      const at = (rx.datagram[0]! & 0x0f) * 4 + 8; // AH sequence number
      const d = rx.datagram;
      ahSequence = ((d[at]! << 24) | (d[at + 1]! << 16) | (d[at + 2]! << 8) | d[at + 3]!) >>> 0;
      if (context.ahSequence !== undefined && ahSequence <= context.ahSequence) return DROPS.auth;
    }
    if (m[o + 5]! * 100 !== view.advertIntervalCs) return DROPS.interval;
  }
  if ((m[o]! & 0x0f) !== VRRP_TYPE_ADVERT) return DROPS.type;
  const checkAddresses = !view.skipCheckAdvAddr || context.currentMaster !== rx.source;
  const countMismatch = checkAddresses && count !== view.vips.length;
  if (countMismatch && view.addressMismatch === "drop") return DROPS["addr-count"];
  if (rx.ipv4 !== undefined && rx.ipv4.totalLength !== rx.ipv4.receivedLength) {
    return DROPS["ip-length"];
  }
  const oldForm = checksumForm(rx, view, version, length, unicast);
  if (oldForm === undefined) return DROPS.checksum;
  if (family === "inet" && rx.multicastDst === unicast) return DROPS["dst-mismatch"];
  if (view.ownerIgnoreAdverts && view.priority === 255) return DROPS["owner-ignore"];

  const advert = readAdvert(m, family, o);
  let mismatch = countMismatch;
  if (checkAddresses && !countMismatch && !hasEveryVip(advert.addresses, view.vips)) {
    if (view.addressMismatch === "drop") return DROP_ADDR_LIST;
    mismatch = true;
  }
  if (checkAddresses && unicast && view.checkUnicastSrc) {
    const peer = view.unicastPeers.find((p) => p.address === rx.source);
    if (peer === undefined) return DROP_NOT_PEER;
    if (rx.ttl !== -1 && (rx.ttl < peer.minTtl || rx.ttl > peer.maxTtl)) return DROP_PEER_TTL;
  }
  const priorityZero = advert.priority === 0;
  let stats = priorityZero ? RCVD_PRI0 : RCVD;
  if (mismatch) stats = ["addr_list_err", ...stats];
  const result: CheckResult = {
    accepted: {
      advert,
      source: rx.source,
      destination: rx.destination,
      ttl: rx.ttl,
      interface: rx.interface,
      addressesChecked: checkAddresses,
      addrListMismatch: mismatch,
      intervalMismatch: version === 3 && advert.intervalCs !== view.advertIntervalCs,
      priorityZero,
      oldUnicastChecksum: oldForm,
    },
    stats,
  };
  if (ahSequence !== undefined) result.accepted.ahSequence = ahSequence;
  return result;
}

/** Drops after `advert_rcvd` was counted (keepalived counts the advert, then rejects it). */
const DROP_ADDR_LIST = frozenDrop("addr-list", ["advert_rcvd", "addr_list_err"]);
const DROP_NOT_PEER = frozenDrop("not-peer", ["advert_rcvd"]);
const DROP_PEER_TTL = frozenDrop("peer-ttl", ["advert_rcvd", "ip_ttl_err"]);
/** IPv6 uni/multicast confusion is discarded by keepalived's dispatcher without a count. */
const DROP_IPV6_DST = frozenDrop("dst-mismatch", []);

function frozenDrop(dropped: DropReason, stats: StatName[]): CheckResult {
  return Object.freeze({ dropped, stats: Object.freeze(stats) });
}

/**
 * Verifies the checksum: `false` when it matches in the normal form, `true` when it matches only
 * in the pre-1.3.6 unicast form (auto-detection), `undefined` when it does not match.
 */
function checksumForm(
  rx: Facts,
  view: CheckView,
  version: number,
  length: number,
  unicast: boolean,
): boolean | undefined {
  const m = rx.bytes;
  const o = rx.at;
  const carried = (m[o + 6]! << 8) | m[o + 7]!;
  const pseudo = usesPseudoHeader({
    version: version === 2 ? 2 : 3,
    family: view.family,
    v3ChecksumAsV2: view.v3ChecksumAsV2,
  });
  if (!pseudo) return vrrpChecksumFromSum(m, length, 0, o) === carried ? false : undefined;
  if (rx.srcSum === undefined) return undefined;
  const rest = rx.srcSum + IPPROTO_VRRP + length;
  const oldPossible = unicast && view.family === "inet";
  if (!oldPossible || view.oldUnicastChecksum !== "always") {
    if (
      rx.dstSum !== undefined && vrrpChecksumFromSum(m, length, rest + rx.dstSum, o) === carried
    ) {
      return false;
    }
    if (!oldPossible || view.oldUnicastChecksum === "never") return undefined;
  }
  const groupSum = addressWordSum("inet", view.mcastGroup4);
  if (groupSum === undefined || groupSum === rx.dstSum) return undefined;
  if (vrrpChecksumFromSum(m, length, rest + groupSum, o) !== carried) return undefined;
  return view.oldUnicastChecksum === "auto";
}

/** Constant-time comparison of the message's trailing 8 bytes of auth data with ours. */
function sameAuth(m: Uint8Array, ours: Uint8Array): boolean {
  const at = m.length - VRRP_AUTH_LENGTH;
  let diff = 0;
  for (let i = 0; i < VRRP_AUTH_LENGTH; i++) diff |= (m[at + i] ?? 0) ^ (ours[i] ?? 0);
  return diff === 0;
}

function hasEveryVip(carried: readonly string[], vips: readonly string[]): boolean {
  if (vips.length <= 8) return vips.every((v) => carried.includes(v));
  const set = new Set(carried);
  return vips.every((v) => set.has(v));
}
