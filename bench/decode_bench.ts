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
import process from "node:process";
import { VIEW as CAPTURED_VIEW } from "../tests/vrrp/testdata/check_fixtures.ts";

// 192.0.2.1 → 224.0.0.18, TTL 255, VRRPv3 VRID 53 priority 200, 50 cs, 192.0.2.102.
const DATAGRAM = Uint8Array.from(
  ("45c00020 00010000 ff701899 c0000201 e0000012" + // IPv4 header, TTL 255, protocol 112
    "3135c801 0032a19f c0000266") // VRRP header, 50 cs, checksum, 192.0.2.102
    .replace(/ /g, "").match(/../g)!,
  (h) => parseInt(h, 16),
);
const MESSAGE = DATAGRAM.subarray(20);

// The backup side of the same captured VRID 53, as the receive-check tests use it.
const VIEW: CheckView = CAPTURED_VIEW;

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

Deno.bench("decode + check, batches of 10,000 (time per batch)", () => {
  const input = { family: "inet" as const, datagram: DATAGRAM, interface: "eth0" };
  for (let i = 0; i < 10_000; i++) {
    const r = checkAdvert(input, VIEW);
    if ("accepted" in r) sink += r.accepted.advert.priority;
  }
});

/**
 * `deno run bench/decode_bench.ts --cpu`: decode + check rate per CPU-second of this process
 * (user + system time), which a loaded machine's wall clock cannot give.
 */
if (Deno.args.includes("--cpu")) {
  const input = { family: "inet" as const, datagram: DATAGRAM, interface: "eth0" };
  for (let round = 0; round < 5; round++) {
    const n = 2_000_000;
    const before = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = checkAdvert(input, VIEW);
      if ("accepted" in r) sink += r.accepted.advert.priority;
    }
    const wall = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(before);
    const cpu = (used.user + used.system) / 1e6;
    console.log(
      `round ${round + 1}: ${(n / cpu / 1e6).toFixed(2)} M adverts per CPU-second, ` +
        `${(n / wall / 1e6).toFixed(2)} M per wall second`,
    );
  }
}

globalThis.addEventListener("unload", () => {
  if (sink === -1) console.log(sink);
});
