/**
 * What the receive checks need to know about an instance, and how to get it from the model.
 *
 * @module
 */

import type { AdvertFamily, VrrpVersion } from "./advert.ts";
import type { VrrpInstance } from "../config/model.ts";
import { canonicalAddress } from "./addr.ts";
import { authDataFromPassword } from "./packet.ts";

/** A unicast peer as the checks see it. */
export interface CheckPeer {
  /** Peer address, canonical text. */
  address: string;
  /** Lowest TTL accepted from it (default 0). */
  minTtl: number;
  /** Highest TTL accepted from it (default 255). */
  maxTtl: number;
}

/** The instance configuration the receive checks use (fill it with `checkViewFromInstance`). */
export interface CheckView {
  /** Virtual router id. */
  vrid: number;
  /** Configured VRRP version. */
  version: VrrpVersion;
  /** Address family of the instance. */
  family: AdvertFamily;
  /** Base priority (255 = address owner). */
  priority: number;
  /** Own advert_int in centiseconds. */
  advertIntervalCs: number;
  /** v2 authentication: PASS with its 8 bytes, or AH (keyed by the same 8 bytes). */
  auth?: { type: "PASS" | "AH"; data: Uint8Array };
  /** The advertised VIPs, canonical text, in configuration order. */
  vips: readonly string[];
  /** Unicast peers; empty means a multicast instance. */
  unicastPeers: readonly CheckPeer[];
  /** Check that a unicast advert comes from a peer (`check_unicast_src`, or peer TTL options). */
  checkUnicastSrc: boolean;
  /** `skip_check_adv_addr`: do not check the VIP list of adverts from the current master. */
  skipCheckAdvAddr: boolean;
  /** `owner_ignore_adverts`: an address owner (priority 255) drops every advert. */
  ownerIgnoreAdverts: boolean;
  /** `v3_checksum_as_v2`: v3 over IPv4 without the pseudo-header. */
  v3ChecksumAsV2: boolean;
  /**
   * `old_unicast_checksum`: `always` uses the pre-1.3.6 form (pseudo-header destination = the
   * multicast group) for v3 unicast over IPv4, `never` never does, `auto` accepts it when the
   * normal form fails and reports that in the accepted advert.
   */
  oldUnicastChecksum: "auto" | "always" | "never";
  /** IPv4 multicast group used by the pre-1.3.6 unicast checksum (global `vrrp_mcast_group4`). */
  mcastGroup4: string;
  /**
   * What a VIP-list mismatch does: `drop` (keepalived 2.2.7: the advert is dropped and
   * `addr_list_err` counted) or `count` (count it and accept, flagging the advert).
   */
  addressMismatch: "drop" | "count";
}

/**
 * Builds the check view of a resolved instance. `mcastGroup4` is the global
 * `vrrp_mcast_group4` (default 224.0.0.18).
 *
 * @example
 * ```ts
 * import { checkViewFromInstance } from "./_check_view.ts";
 * import type { VrrpInstance } from "../config/model.ts";
 * function vridOf(i: VrrpInstance): number {
 *   return checkViewFromInstance(i).vrid;
 * }
 * ```
 */
export function checkViewFromInstance(inst: VrrpInstance, mcastGroup4 = "224.0.0.18"): CheckView {
  const view: CheckView = {
    vrid: inst.vrid,
    version: inst.version,
    family: inst.family,
    priority: inst.priority,
    advertIntervalCs: Math.round(inst.advertInt * 100),
    vips: inst.vips.map((v) => canonicalAddress(v.address, inst.family) ?? v.address),
    unicastPeers: inst.unicastPeers.map((p) => ({
      address: canonicalAddress(p.address) ?? p.address,
      minTtl: p.minTtl ?? 0,
      maxTtl: p.maxTtl ?? 255,
    })),
    checkUnicastSrc: inst.checkUnicastSrc ||
      inst.unicastPeers.some((p) => p.minTtl !== undefined || p.maxTtl !== undefined),
    skipCheckAdvAddr: inst.skipCheckAdvAddr,
    ownerIgnoreAdverts: inst.ownerIgnoreAdverts,
    v3ChecksumAsV2: inst.v3ChecksumAsV2,
    oldUnicastChecksum: inst.oldUnicastChecksum ?? "auto",
    mcastGroup4,
    addressMismatch: "drop",
  };
  if (inst.authentication !== undefined && inst.version === 2) {
    view.auth = {
      type: inst.authentication.type,
      data: authDataFromPassword(inst.authentication.password),
    };
  }
  return view;
}
