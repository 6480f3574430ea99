/**
 * A hostile VRRP sender for the agent's netns tests, run inside a namespace:
 *
 *   deno run -A flood_vrrp.ts '{"interface":"IF","source":"192.0.2.66","vrid":51,
 *     "vips":["192.0.2.100"],"count":30000,"maxMs":4000,"burst":100,"everyMs":5,"seed":1}'
 *
 * Sends, round-robin, VRRP datagrams to 224.0.0.18 or ff02::12 (`"family":"inet6"`, from the
 * link-local `source`) or `destination` for `vrid`, every one claiming priority 255 and every
 * one invalid for a VRRPv3 receiver in a different way: random garbage, a valid advert with 1–3
 * bytes of its VRRP message flipped, TTL / hop limit 254, a bad checksum, a wrong version (v2
 * with a valid v2 checksum, or 0/1/4/15) and truncated. A guard
 * re-checks every garbage and mutated datagram with `decodeAdvert` and breaks its checksum should
 * it happen to be a valid v3 advert. Bounded by `count` datagrams and `maxMs` milliseconds;
 * `burst` datagrams go out every `everyMs` ms. Prints `{"sent":N,"byKind":{...},"ms":T}`.
 */

import { SOCK } from "../../../lib/sys/constants.ts";
import { loadLibc } from "../../../lib/sys/ffi.ts";
import { openVrrpSocket } from "../../../lib/sys/raw_socket.ts";
import { vrrpChecksum } from "../../../lib/vrrp/checksum.ts";
import { decodeIpv4Packet, encodeIpv4Header } from "../../../lib/vrrp/ipv4.ts";
import { decodeAdvert, encodeAdvert } from "../../../lib/vrrp/packet.ts";
import { mulberry32 } from "../../_fixtures/random.ts";

interface FloodSpec {
  /** Default "inet". */
  family?: "inet" | "inet6";
  interface: string;
  /** IPv4: the header's source. IPv6: the link-local address to send from. */
  source: string;
  destination?: string;
  vrid: number;
  vips: string[];
  count: number;
  maxMs: number;
  burst?: number;
  everyMs?: number;
  seed?: number;
}

const spec: FloodSpec = JSON.parse(Deno.args[0] ?? "{}");
const destination = spec.destination ?? (spec.family === "inet6" ? "ff02::12" : "224.0.0.18");
const { source, vrid } = spec;

const random = mulberry32(spec.seed ?? 1);
const int = (n: number) => Math.floor(random() * n);

const family = spec.family ?? "inet";

let ipId = 0;
/** An outgoing datagram: IPv4 with its header; IPv6 the message, `lowHops` for hop limit 254. */
interface Out {
  bytes: Uint8Array;
  lowHops: boolean;
}
function wrap(message: Uint8Array, ttl = 255): Out {
  if (family === "inet6") return { bytes: message, lowHops: ttl !== 255 };
  ipId = ipId >= 0xffff ? 1 : ipId + 1;
  const header = encodeIpv4Header({
    source,
    destination,
    id: ipId,
    payloadLength: message.length,
    ttl,
  });
  const out = new Uint8Array(header.length + message.length);
  out.set(header);
  out.set(message, header.length);
  return { bytes: out, lowHops: false };
}

function advert(version: 2 | 3 = 3): Uint8Array {
  return encodeAdvert(
    {
      version,
      vrid,
      priority: 255,
      intervalCs: version === 2 ? 100 : 10,
      family,
      addresses: spec.vips,
    },
    { source, destination },
  ); // deno-fmt-ignore
}

/** Writes the v3 checksum (with pseudo-header) over the whole of `m`, whatever its content. */
function fixChecksum(m: Uint8Array): Uint8Array {
  if (m.length < 8) return m;
  m[6] = m[7] = 0;
  const c = vrrpChecksum(m, m.length, { version: 3, family, source, destination });
  m[6] = c >> 8;
  m[7] = c & 0xff;
  return m;
}

/** True if a VRRPv3 receiver with TTL checks could accept this datagram. */
function acceptable(o: Out): boolean {
  let message = o.bytes;
  if (family === "inet") {
    const ip = decodeIpv4Packet(o.bytes);
    if (!ip.ok || o.bytes[8] !== 255) return false;
    message = ip.payload;
  } else if (o.lowHops) return false;
  const r = decodeAdvert(message, { family, verifyChecksum: true, source, destination });
  return r.ok && r.advert.version === 3;
}

function neverValid(o: Out): Out {
  const at = family === "inet" ? 26 : 6; // the VRRP checksum's high byte
  if (acceptable(o)) o.bytes[at] = o.bytes[at]! ^ 0xff;
  return o;
}

// IPv6 receivers have the kernel verify checksums (IPV6_CHECKSUM), so the kinds meant to reach
// vipkeeper there (wrong version, truncated) carry a checksum that is right for their bytes.
const KINDS = {
  garbage: () => {
    const m = crypto.getRandomValues(new Uint8Array(int(80)));
    if (m.length > 1) m[1] = vrid; // get past the VRID dispatch
    return neverValid(wrap(m));
  },
  mutated: () => {
    const m = advert();
    for (let i = 1 + int(3); i > 0; i--) {
      const at = int(m.length);
      m[at] = m[at]! ^ (1 + int(255));
    }
    return neverValid(wrap(m));
  },
  ttl254: () => wrap(advert(), 254),
  badChecksum: () => {
    const m = advert();
    m[7] = m[7]! ^ (1 + int(255));
    return wrap(m);
  },
  wrongVersion: () => {
    const pick = [2, 0, 1, 4, 15][int(5)]!;
    if (pick === 2) return wrap(advert(2)); // a well-formed VRRPv2 advert
    const m = advert();
    m[0] = (pick << 4) | 1;
    return wrap(fixChecksum(m));
  },
  truncated: () => {
    const full = advert();
    const m = full.slice(0, int(full.length)); // 0 .. length-1 bytes of the message
    return wrap(family === "inet6" ? fixChecksum(m) : m);
  },
} as const;
const kinds = Object.keys(KINDS) as (keyof typeof KINDS)[];

const libc = await loadLibc();
const open = () =>
  openVrrpSocket(libc, {
    family,
    interface: spec.interface,
    groups: [],
    ...(family === "inet6" ? { source, kernelChecksum: false } : {}),
  });
const socket = open();
const lowSocket = family === "inet6" ? open() : socket;
if (lowSocket !== socket) {
  const hops = new Uint8Array(new Int32Array([254]).buffer);
  libc.setsockopt(lowSocket.fd, SOCK.IPPROTO_IPV6, SOCK.IPV6_MULTICAST_HOPS, hops, "HOPS");
}
const byKind: Record<string, number> = Object.fromEntries(kinds.map((k) => [k, 0]));
const burst = spec.burst ?? 100;
const everyMs = spec.everyMs ?? 5;
const started = performance.now();
let sent = 0, errors = 0;
while (sent < spec.count && performance.now() - started < spec.maxMs) {
  for (let i = 0; i < burst && sent < spec.count; i++) {
    const kind = kinds[sent % kinds.length]!;
    try {
      const out = KINDS[kind]();
      (out.lowHops ? lowSocket : socket).send(out.bytes, destination);
      byKind[kind]!++;
    } catch {
      errors++; // e.g. ENOBUFS when the queue is full: the flood goes on
    }
    sent++;
  }
  await new Promise((r) => setTimeout(r, everyMs));
}
await socket.close();
if (lowSocket !== socket) await lowSocket.close();
console.log(JSON.stringify({ sent, errors, byKind, ms: Math.round(performance.now() - started) }));
