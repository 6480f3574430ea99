/**
 * Hostile VRRP traffic for the flood benchmark, run inside a namespace:
 * `deno run -A _flooder.ts IFACE VRID VIP RATE SECONDS`. Sends, at RATE packets/s for at most
 * SECONDS, a rotating mix of datagrams to 224.0.0.18 that all claim priority 255 for VRID and
 * must all be dropped by a correct receiver: TTL 254, bad checksum, version 4, truncated, a
 * VIP list that does not match, random garbage and randomly mutated adverts. Packets are built
 * here byte by byte (not with vipkeeper's encoder). Prints `{start, end, sent, failed}` as JSON.
 *
 * @module
 */

import { loadLibc } from "../../lib/sys/ffi.ts";
import { openVrrpSocket } from "../../lib/sys/raw_socket.ts";

function sum16(b: Uint8Array, acc = 0): number {
  for (let i = 0; i + 1 < b.length; i += 2) acc += (b[i]! << 8) | b[i + 1]!;
  if (b.length % 2) acc += b[b.length - 1]! << 8;
  return acc;
}

function fold(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + (acc >>> 16);
  return ~acc & 0xffff;
}

function ip4(a: string): number[] {
  return a.split(".").map(Number);
}

/** A VRRPv3 IPv4 datagram (IP header + message) with a pseudo-header checksum. */
function datagram(src: string, vrid: number, vip: string, ttl: number): Uint8Array {
  const msg = new Uint8Array(12);
  msg.set([0x31, vrid, 255, 1, 0x00, 10, 0, 0, ...ip4(vip)]);
  const pseudo = new Uint8Array([...ip4(src), 224, 0, 0, 18, 0, 112, 0, msg.length]);
  const c = fold(sum16(msg, sum16(pseudo)));
  msg[6] = c >> 8;
  msg[7] = c & 0xff;
  const h = new Uint8Array(20);
  h.set([0x45, 0xc0, 0, 20 + msg.length, 0, 0, 0, 0, ttl, 112, 0, 0, ...ip4(src), 224, 0, 0, 18]);
  const hc = fold(sum16(h));
  h[10] = hc >> 8;
  h[11] = hc & 0xff;
  const out = new Uint8Array(20 + msg.length);
  out.set(h);
  out.set(msg, 20);
  return out;
}

function withLength(d: Uint8Array, length: number): Uint8Array {
  const out = d.slice(0, length);
  out[2] = length >> 8;
  out[3] = length & 0xff;
  return out;
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** The i-th hostile datagram of the mix. */
function hostile(i: number, vrid: number, vip: string): Uint8Array {
  const src = `198.51.100.${100 + (i % 100)}`;
  const good = datagram(src, vrid, vip, 255);
  switch (i % 7) {
    case 0:
      return datagram(src, vrid, vip, 254); // TTL 254
    case 1: {
      const d = good.slice();
      d[26] = d[26]! ^ 0x5a; // bad checksum
      return d;
    }
    case 2: {
      const d = good.slice();
      d[20] = 0x41; // version 4
      return d;
    }
    case 3:
      return withLength(good, 20 + 6); // truncated
    case 4:
      return datagram(src, vrid, "192.0.2.250", 255); // VIP list mismatch
    case 5: {
      const d = withLength(good, 20 + 8 + (i % 48));
      d.set(randomBytes(d.length - 20), 20); // garbage
      return d;
    }
    default: {
      const d = good.slice();
      for (let k = 0; k < 3; k++) {
        const at = 20 + ((i * 7 + k * 5) % 12);
        d[at] = d[at]! ^ (1 << (i % 8)); // mutated
      }
      return d;
    }
  }
}

if (import.meta.main) {
  const [iface, vridText, vip, rateText, secondsText] = Deno.args;
  const vrid = Number(vridText), rate = Number(rateText), seconds = Number(secondsText);
  if (!iface || !vip || !(vrid > 0) || !(rate > 0) || !(seconds > 0)) {
    console.error("usage: _flooder.ts IFACE VRID VIP RATE SECONDS");
    Deno.exit(2);
  }
  const pool = Array.from({ length: 700 }, (_, i) => hostile(i, vrid, vip));
  const sock = openVrrpSocket(await loadLibc(), { family: "inet", interface: iface, groups: [] });
  const start = Date.now() / 1000;
  const t0 = performance.now();
  let sent = 0, failed = 0;
  for (;;) {
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed >= seconds) break;
    const due = Math.min(Math.floor(elapsed * rate), Math.floor(seconds * rate));
    while (sent < due) {
      try {
        sock.send(pool[sent % pool.length]!, "224.0.0.18");
      } catch {
        failed++; // ENOBUFS under load
      }
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const end = Date.now() / 1000;
  await sock.close();
  console.log(JSON.stringify({ start, end, sent: sent - failed, failed }));
}
