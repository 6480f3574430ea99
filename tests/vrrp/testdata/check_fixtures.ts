/**
 * Fixtures for `checks_test.ts`: instance views matching the captured adverts, and helpers to
 * wrap and mangle them.
 *
 * @module
 */

import type { CheckView, ReceivedDatagram, ReceivedPacket } from "../../../lib/vrrp/checks.ts";
import { encodeIpv4Header, type Ipv4HeaderFields } from "../../../lib/vrrp/ipv4.ts";
import { authDataFromPassword, encodeAdvert } from "../../../lib/vrrp/packet.ts";
import type { VrrpInstance } from "../../../lib/config/model.ts";
import { instance as modelInstance, vip } from "../../_fixtures/model.ts";
import { IPV4_HEADER_V3, V3_IPV4, V3_IPV6, V3_IPV6_SOURCE, V3_UNICAST } from "./captures.ts";

/** The backup side of the captured VRID 53 (keepalived's V3V4 instance, peer config b). */
export const VIEW: CheckView = {
  vrid: 53,
  version: 3,
  family: "inet",
  priority: 100,
  advertIntervalCs: 50,
  vips: ["192.0.2.102"],
  unicastPeers: [],
  checkUnicastSrc: false,
  skipCheckAdvAddr: false,
  ownerIgnoreAdverts: false,
  v3ChecksumAsV2: false,
  oldUnicastChecksum: "auto",
  mcastGroup4: "224.0.0.18",
  addressMismatch: "drop",
};

/** The captured datagram: 192.0.2.1 → 224.0.0.18, VRID 53, priority 200, 50 cs. */
export const DATAGRAM = new Uint8Array([...IPV4_HEADER_V3, ...V3_IPV4]);

/** The captured way an IPv4 raw socket hands over a datagram. */
export function rx(datagram: Uint8Array): ReceivedDatagram {
  return { family: "inet", datagram, interface: "vb" };
}

/** An IPv4 datagram around `message` (defaults: the captured header's fields). */
export function wrap(message: Uint8Array, fields: Partial<Ipv4HeaderFields> = {}): Uint8Array {
  const header = encodeIpv4Header({
    source: "192.0.2.1",
    destination: "224.0.0.18",
    id: 1,
    payloadLength: message.length,
    ...fields,
  });
  return new Uint8Array([...header, ...message]);
}

/** A copy of `bytes` with `values` written at `at`. */
export function patch(bytes: Uint8Array, at: number, ...values: number[]): Uint8Array {
  const b = bytes.slice();
  b.set(values, at);
  return b;
}

/** A v2 message for the v2 view below (VRID 53, priority 200, 1 s, the given auth). */
export function v2Message(
  authType: number,
  data: Uint8Array = new Uint8Array(8),
  intervalS = 1,
): Uint8Array {
  return encodeAdvert({
    version: 2,
    vrid: 53,
    priority: 200,
    intervalCs: intervalS * 100,
    family: "inet",
    addresses: ["192.0.2.102"],
    auth: { type: authType as 0 | 1 | 2, data },
  });
}

/** A v2 instance (VRID 53, 1 s) without authentication. */
export const V2_VIEW: CheckView = { ...VIEW, version: 2, advertIntervalCs: 100 };
/** The v2 instance with `auth_pass secret`. */
export const PASS_VIEW: CheckView = {
  ...V2_VIEW,
  auth: { type: "PASS", data: authDataFromPassword("secret") },
};
/** The backup side of the captured AH instance (VRID 58, `auth_pass ahkey`). */
export const AH_VIEW: CheckView = {
  ...V2_VIEW,
  vrid: 58,
  priority: 100,
  vips: ["192.0.2.158"],
  auth: { type: "AH", data: authDataFromPassword("ahkey") },
};

/** The unicast instance receiving the captured V3UNI advert (192.0.2.1 → 192.0.2.2). */
export const UNICAST_VIEW: CheckView = {
  ...VIEW,
  vrid: 56,
  advertIntervalCs: 100,
  vips: ["198.51.100.56"],
  unicastPeers: [{ address: "192.0.2.1", minTtl: 0, maxTtl: 255 }],
};
/** The captured V3UNI advert as the peer receives it. */
export const UNICAST = wrap(V3_UNICAST, { destination: "192.0.2.2" });

/** The captured IPv6 advert as the socket reports it (hop limit 255). */
export const IPV6_RX: ReceivedPacket = {
  family: "inet6",
  message: V3_IPV6,
  source: V3_IPV6_SOURCE,
  destination: "ff02::12",
  ttl: 255,
  interface: "vb",
};
/** The backup side of the captured V3V6 instance. */
export const IPV6_VIEW: CheckView = {
  ...VIEW,
  vrid: 54,
  family: "inet6",
  advertIntervalCs: 100,
  vips: ["fe80::54", "2001:db8::54"],
};

/** A resolved instance with keepalived's defaults (VI_1, 192.0.2.100/32), for `checkViewFromInstance`. */
export function instance(over: Partial<VrrpInstance>): VrrpInstance {
  return modelInstance("VI_1", { vips: [vip("192.0.2.100")], ...over });
}
