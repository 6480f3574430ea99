/**
 * Gratuitous ARP and unsolicited NA on the wire: sent from one namespace with
 * `lib/sys/garp.ts` / `lib/sys/ndisc.ts`, captured in the other with an AF_PACKET socket, and
 * compared byte for byte with keepalived's form (spec §4.9).
 */

import { assertEquals, assertOk } from "../assert.ts";
import { ipJson, NETNS_IGNORE, run, withNetnsPair } from "./_netns.ts";
import { buildGarpFrame } from "../../lib/sys/garp.ts";
import { buildUnsolicitedNa } from "../../lib/sys/ndisc.ts";

const L2 = new URL("./helpers/sys_l2.ts", import.meta.url).pathname;

/** Starts a capture in `netns`, runs `send` once it is listening, returns the frames seen. */
async function capture(
  netns: string,
  args: string[],
  send: () => Promise<void>,
): Promise<Uint8Array[]> {
  const child = new Deno.Command("ip", {
    args: ["netns", "exec", netns, Deno.execPath(), "run", "-A", "--quiet", L2, "capture", ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const frames: Uint8Array[] = [];
  let buffered = "", finished = false;
  try {
    while (!finished) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      let nl;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const msg = JSON.parse(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (msg.ready) await send();
        if (msg.frame) {
          frames.push(Uint8Array.from(msg.frame.match(/../g), (h: string) => parseInt(h, 16)));
        }
        if (msg.done) finished = true;
      }
    }
  } catch (e) {
    child.kill("SIGKILL"); // our own child, by its handle
    await child.status;
    throw e;
  }
  const status = await child.status;
  assertEquals(status.code, 0, await stderr);
  return frames;
}

async function sendFrom(netns: string, args: string[], backend: string): Promise<void> {
  const r = await run([Deno.execPath(), "run", "-A", "--quiet", L2, ...args], {
    netns,
    env: { VIPKEEPER_FFI: backend },
  });
  assertEquals(r.code, 0, r.stderr);
}

async function macOf(netns: string, dev: string): Promise<string> {
  const [link] = await ipJson(netns, ["link", "show", "dev", dev]) as { address: string }[];
  return link!.address;
}

/** The ICMPv6 checksum over the IPv6 pseudo-header and the message. */
function icmpv6Checksum(src: Uint8Array, dst: Uint8Array, message: Uint8Array): number {
  const bytes = new Uint8Array([...src, ...dst, 0, 0, 0, message.length, 0, 0, 0, 58, ...message]);
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

for (const backend of ["deno", "ffi-rs"]) {
  Deno.test({
    name: `a gratuitous ARP arrives in keepalived's form (${backend} backend)`,
    ignore: NETNS_IGNORE,
    fn: () =>
      withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const mac = await macOf(a, ifA);
        const frames = await capture(b, [ifB, "1", "3000", "arp"], () =>
          sendFrom(a, ["garp", ifA, "192.0.2.50"], backend));
        assertEquals(frames.length, 1, "one ARP frame seen");
        const f = frames[0]!;
        assertOk(f.length >= 42);
        assertEquals([...f.subarray(0, 42)], [...buildGarpFrame(mac, "192.0.2.50")]);
      }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] }),
  });

  Deno.test({
    name: `a GARP from a kept frame (known index and MAC) is the same frame (${backend} backend)`,
    ignore: NETNS_IGNORE,
    fn: () =>
      withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const mac = await macOf(a, ifA);
        const frames = await capture(b, [ifB, "2", "3000", "arp"], () =>
          sendFrom(a, ["garp-known", ifA, "192.0.2.51", mac], backend));
        assertEquals(frames.length, 2, "both ARP frames seen");
        for (const f of frames) {
          assertEquals([...f.subarray(0, 42)], [...buildGarpFrame(mac, "192.0.2.51")]);
        }
      }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] }),
  });

  Deno.test({
    name:
      `an unsolicited NA arrives from the VIP to ff02::1 with hop limit 255 (${backend} backend)`,
    ignore: NETNS_IGNORE,
    fn: () =>
      withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const mac = await macOf(a, ifA);
        const vip = "2001:db8::50";
        const frames = await capture(b, [ifB, "1", "3000", "na"], () =>
          sendFrom(a, ["na", ifA, vip, "router"], backend));
        assertEquals(frames.length, 1, "one NA frame seen");
        const f = frames[0]!;
        assertEquals([...f.subarray(0, 6)], [0x33, 0x33, 0, 0, 0, 1], "Ethernet destination");
        assertEquals(
          [...f.subarray(6, 12)],
          mac.split(":").map((h) =>
            parseInt(h, 16)
          ),
          "source MAC",
        );
        assertEquals(
          [f[12], f[13], f[20], f[21]],
          [0x86, 0xdd, 58, 255],
          "IPv6, ICMPv6, hop limit 255",
        );
        const src = f.subarray(22, 38), dst = f.subarray(38, 54), icmp = f.subarray(54, 86);
        assertEquals(
          [...src],
          [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 0x50],
          "source = VIP",
        );
        assertEquals([...dst], [0xff, 0x02, ...new Array(13).fill(0), 1], "destination ff02::1");
        const expected = buildUnsolicitedNa({ target: vip, mac, router: true });
        assertEquals([...icmp.subarray(0, 2), ...icmp.subarray(4)], [
          ...expected.subarray(0, 2),
          ...expected.subarray(4),
        ]);
        assertEquals(icmpv6Checksum(src, dst, icmp), 0, "the kernel filled a valid checksum");
      }, { a: ["2001:db8::1/64"], b: ["2001:db8::2/64"] }),
  });
}
