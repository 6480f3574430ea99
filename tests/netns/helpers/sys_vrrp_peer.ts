/**
 * One side of the raw-socket netns tests, run inside a namespace:
 *
 *   deno run -A sys_vrrp_peer.ts recv '{"sockets":[...],"count":N,"timeoutMs":T}'
 *   deno run -A sys_vrrp_peer.ts send '{"sends":[...]}'
 *
 * `recv` opens the sockets, prints `{"ready":true}`, then one `{"packet":...}` line per packet
 * (with the decoded advert and whether its checksum verified), then `{"done":...}` with the
 * longest gap seen between 5 ms timer ticks and how many of its descriptors (sockets and
 * eventfds) were still open after `close()`. `send` sends VRRPv3 adverts (IPv4 with a header built by `encodeIpv4Header`).
 * The FFI backend follows `VIPKEEPER_FFI`.
 */

import { loadLibc } from "../../../lib/sys/ffi.ts";
import {
  openVrrpSocket,
  type RawVrrpPacket,
  type VrrpSocket,
} from "../../../lib/sys/raw_socket.ts";
import { decodeAdvert, encodeAdvert } from "../../../lib/vrrp/packet.ts";
import { decodeIpv4Packet, encodeIpv4Header } from "../../../lib/vrrp/ipv4.ts";

interface SocketSpec {
  family: "inet" | "inet6";
  interface: string;
  groups?: string[];
}
interface SendSpec extends SocketSpec {
  destination: string;
  /** IPv4 source for the header and pseudo-header; IPv6: bind address (optional). */
  source?: string;
  /** IPv4 header TTL, default 255. */
  ttl?: number;
  unicastHops?: number;
  vrid: number;
  repeat?: number;
  /** Pause 1 ms after every this many packets. */
  paceEvery?: number;
}

const [mode, json] = Deno.args;
const spec = JSON.parse(json ?? "{}");
const libc = await loadLibc();
const openFds = () =>
  [...Deno.readDirSync("/proc/self/fd")].map((e) => {
    try {
      return Deno.readLinkSync(`/proc/self/fd/${e.name}`);
    } catch {
      return "";
    }
  });
const eventfds = () => openFds().filter((l) => l === "anon_inode:[eventfd]").length;
const print = (o: unknown) => console.log(JSON.stringify(o));

function describe(p: RawVrrpPacket) {
  let message = p.data;
  if (p.family === "inet") {
    const ip = decodeIpv4Packet(p.data);
    if (!ip.ok) return { ...p, data: undefined, decoded: ip.reason };
    message = ip.payload;
  }
  const r = decodeAdvert(message, {
    family: p.family,
    verifyChecksum: true,
    source: p.source,
    destination: p.destination,
  });
  return {
    ...p,
    data: undefined,
    checksumOk: r.ok,
    vrid: r.ok ? r.advert.vrid : undefined,
    decoded: r.ok || r.reason,
  };
}

if (mode === "recv") {
  const eventfdsBefore = eventfds();
  const sockets: VrrpSocket[] = (spec.sockets as SocketSpec[]).map((s) => openVrrpSocket(libc, s));
  const ours = sockets.map((s) => Deno.readLinkSync(`/proc/self/fd/${s.fd}`));
  let last = performance.now(), maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  let received = 0;
  const deadline = setTimeout(() => sockets.forEach((s) => s.close()), spec.timeoutMs ?? 5000);
  print({ ready: true });
  await Promise.all(sockets.map(async (s) => {
    for await (const p of s) {
      if (received === 0) maxGap = 0; // measure from the first packet on, not start-up
      if (spec.quiet !== true) print({ packet: describe(p) });
      if (++received >= spec.count) await Promise.all(sockets.map((x) => x.close()));
    }
  }));
  clearTimeout(deadline);
  clearInterval(timer);
  print({
    done: true,
    received,
    maxTimerGapMs: Math.round(maxGap),
    fdsLeaked: openFds().filter((l) => ours.includes(l)).length + eventfds() - eventfdsBefore,
  });
} else if (mode === "send") {
  for (const s of spec.sends as SendSpec[]) {
    const sock = openVrrpSocket(libc, {
      family: s.family,
      interface: s.interface,
      groups: [],
      ...(s.family === "inet6" && s.source ? { source: s.source } : {}),
      ...(s.unicastHops ? { unicastHops: s.unicastHops } : {}),
    });
    const addresses = s.family === "inet" ? ["192.0.2.100"] : ["2001:db8::100"];
    const advert = {
      version: 3 as const,
      vrid: s.vrid,
      priority: 100,
      intervalCs: 100,
      family: s.family,
      addresses,
    };
    for (let i = 0; i < (s.repeat ?? 1); i++) {
      if (s.paceEvery && i > 0 && i % s.paceEvery === 0) await new Promise((r) => setTimeout(r, 1));
      if (s.family === "inet") {
        const source = s.source ?? "192.0.2.1";
        const msg = encodeAdvert(advert, { source, destination: s.destination });
        const header = encodeIpv4Header({
          source,
          destination: s.destination,
          id: (i % 65535) + 1,
          payloadLength: msg.length,
          ttl: s.ttl ?? 255,
        });
        sock.send(new Uint8Array([...header, ...msg]), s.destination);
      } else {
        sock.send(encodeAdvert(advert, { kernelChecksum: true }), s.destination);
      }
    }
    await sock.close();
  }
  print({ sent: true });
} else {
  throw new Error("usage: recv|send JSON");
}
