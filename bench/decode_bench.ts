/**
 * Receive-path throughput of the codec: a typical VRRPv3 IPv4 advert (keepalived 2.2.7's, one
 * VIP, pseudo-header checksum) read from a raw socket, through `decodeIpv4Packet` and the ordered
 * receive checks, and the codec pieces on their own. Target: ≥ 1 million adverts/s on one core
 * for "decode + check". Results are recorded in docs/bench.md (Codec).
 *
 * @module
 */

import { checkAdvert, type CheckView } from "../lib/vrrp/checks.ts";
import { decodeIpv4Packet } from "../lib/vrrp/ipv4.ts";
import { decodeAdvert, encodeAdvert } from "../lib/vrrp/packet.ts";
import type { Advert } from "../lib/vrrp/advert.ts";

// 192.0.2.1 → 224.0.0.18, TTL 255, VRRPv3 VRID 53 priority 200, 50 cs, 192.0.2.102.
const DATAGRAM = new Uint8Array([
  0x45,
  0xc0,
  0x00,
  0x20,
  0x00,
  0x01,
  0x00,
  0x00,
  0xff,
  0x70,
  0x18,
  0x99,
  0xc0,
  0x00,
  0x02,
  0x01,
  0xe0,
  0x00,
  0x00,
  0x12,
  0x31,
  0x35,
  0xc8,
  0x01,
  0x00,
  0x32,
  0xa1,
  0x9f,
  0xc0,
  0x00,
  0x02,
  0x66,
]);
const MESSAGE = DATAGRAM.subarray(20);

const VIEW: CheckView = {
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

const ADVERT: Advert = {
  version: 3,
  vrid: 53,
  priority: 200,
  intervalCs: 50,
  family: "inet",
  addresses: ["192.0.2.102"],
};

let sink = 0;

Deno.bench("decode + check: v3 IPv4 datagram → accepted advert", { baseline: true }, () => {
  const r = checkAdvert({ family: "inet", datagram: DATAGRAM, interface: "eth0" }, VIEW);
  if ("accepted" in r) sink += r.accepted.advert.priority;
});

Deno.bench("check only: v3 IPv4 message with IP facts given", () => {
  const r = checkAdvert({
    family: "inet",
    message: MESSAGE,
    source: "192.0.2.1",
    destination: "224.0.0.18",
    ttl: 255,
    interface: "eth0",
    ipv4: { totalLength: 32, receivedLength: 32, ah: false },
  }, VIEW);
  if ("accepted" in r) sink += r.accepted.advert.priority;
});

Deno.bench("decodeIpv4Packet: header only", () => {
  const r = decodeIpv4Packet(DATAGRAM);
  if (r.ok) sink += r.header.ttl;
});

Deno.bench("decodeAdvert: v3 IPv4 message with checksum", () => {
  const r = decodeAdvert(MESSAGE, {
    family: "inet",
    verifyChecksum: true,
    source: "192.0.2.1",
    destination: "224.0.0.18",
  });
  if (r.ok) sink += r.advert.vrid;
});

Deno.bench("encodeAdvert: v3 IPv4 with pseudo-header checksum", () => {
  sink += encodeAdvert(ADVERT, { source: "192.0.2.1", destination: "224.0.0.18" })[6]!;
});

globalThis.addEventListener("unload", () => {
  if (sink === -1) console.log(sink);
});
