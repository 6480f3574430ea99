/**
 * Raw VRRP sockets on the real kernel: adverts sent from one namespace through
 * `lib/sys/raw_socket.ts` arrive in the other with the right TTL / hop limit, interface,
 * source and destination, for IPv4 and IPv6, multicast and unicast, with both FFI backends.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { NETNS_IGNORE, run, withNetnsPair } from "./_netns.ts";

const PEER = new URL("./helpers/sys_vrrp_peer.ts", import.meta.url).pathname;

interface Packet {
  family: string;
  source: string;
  destination: string;
  ttl: number;
  interface: string;
  ifindex: number;
  checksumOk: boolean;
  vrid: number;
}
interface Done {
  received: number;
  maxTimerGapMs: number;
  fdsLeaked: number;
}

/** Starts the receiver, waits until its sockets are open, runs `send`, collects its report. */
async function exchange(
  netnsRecv: string,
  recvSpec: unknown,
  send: () => Promise<void>,
  env: Record<string, string>,
): Promise<{ packets: Packet[]; done: Done }> {
  const child = new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      netnsRecv,
      Deno.execPath(),
      "run",
      "-A",
      "--quiet",
      PEER,
      "recv",
      JSON.stringify(recvSpec),
    ],
    stdout: "piped",
    stderr: "piped",
    env,
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const packets: Packet[] = [];
  let done: Done | undefined, buffered = "", ready = false;
  const stderr = new Response(child.stderr).text();
  try {
    while (!done) {
      const { value, done: eof } = await lines.read();
      if (eof) break;
      buffered += value;
      let nl;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const msg = JSON.parse(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (msg.ready && !ready) {
          ready = true;
          await send();
        }
        if (msg.packet) packets.push(msg.packet);
        if (msg.done) done = msg;
      }
    }
  } catch (e) {
    child.kill("SIGKILL"); // our own child, by its handle
    await child.status;
    throw e;
  }
  const status = await child.status;
  if (!done) throw new Error(`receiver exited ${status.code}: ${await stderr}`);
  return { packets, done };
}

async function sendFrom(netns: string, spec: unknown, env: Record<string, string>): Promise<void> {
  const r = await run(
    [Deno.execPath(), "run", "-A", "--quiet", PEER, "send", JSON.stringify(spec)],
    { netns, env },
  );
  assertEquals(r.code, 0, r.stderr);
}

const ADDRS = { a: ["192.0.2.1/24", "2001:db8::1/64"], b: ["192.0.2.2/24", "2001:db8::2/64"] };

for (const backend of ["deno", "ffi-rs"]) {
  Deno.test({
    name: `adverts cross the link with TTL, interface and destination intact (${backend} backend)`,
    ignore: NETNS_IGNORE,
    fn: () =>
      withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const env = { VIPKEEPER_FFI: backend };
        const recv = {
          sockets: [
            { family: "inet", interface: ifB },
            { family: "inet6", interface: ifB },
          ],
          count: 5,
          timeoutMs: 8000,
        };
        const sends = [
          { family: "inet", interface: ifA, destination: "224.0.0.18", vrid: 1 },
          { family: "inet6", interface: ifA, destination: "ff02::12", vrid: 2 },
          { family: "inet", interface: ifA, destination: "192.0.2.2", ttl: 64, vrid: 3 },
          { family: "inet6", interface: ifA, destination: "2001:db8::2", unicastHops: 7, vrid: 4 },
          {
            family: "inet6",
            interface: ifA,
            destination: "ff02::12",
            source: "2001:db8::1",
            vrid: 5,
          },
        ];
        const { packets, done } = await exchange(b, recv, () => sendFrom(a, { sends }, env), env);
        const byVrid = new Map(packets.map((p) => [p.vrid, p]));
        assertEquals(done.received, 5, JSON.stringify(packets));
        const v4m = byVrid.get(1), v6m = byVrid.get(2), v4u = byVrid.get(3), v6u = byVrid.get(4);
        assertEquals([v4m?.ttl, v4m?.destination, v4m?.source, v4m?.interface], [
          255,
          "224.0.0.18",
          "192.0.2.1",
          ifB,
        ]);
        assertEquals([v6m?.ttl, v6m?.destination, v6m?.interface], [255, "ff02::12", ifB]);
        assertOk(
          v6m?.source.startsWith("fe80:"),
          `IPv6 multicast source is link-local: ${v6m?.source}`,
        );
        assertEquals([v4u?.ttl, v4u?.destination, v4u?.interface], [64, "192.0.2.2", ifB]);
        assertEquals([v6u?.ttl, v6u?.destination, v6u?.source], [7, "2001:db8::2", "2001:db8::1"]);
        // Left alone the kernel picks the link-local source for ff02::12: the bind decides here.
        assertEquals(
          byVrid.get(5)?.source,
          "2001:db8::1",
          "a socket bound to a source sends from it",
        );
        for (const p of packets) assertOk(p.checksumOk, `checksum of VRID ${p.vrid} (${p.family})`);
        assertOk(packets.every((p) => p.ifindex > 0), "interface index from PKTINFO");
        assertEquals(done.fdsLeaked, 0, "descriptors left after close()");
      }, ADDRS),
  });
}

Deno.test({
  name: "a stream of 3,000 adverts is received without starving timers in the receiver",
  ignore: NETNS_IGNORE,
  fn: () =>
    withNetnsPair(async ({ a, b, ifA, ifB }) => {
      const n = 3000;
      const recv = {
        sockets: [{ family: "inet", interface: ifB }],
        count: n,
        timeoutMs: 4000,
        quiet: true,
      };
      // About 4,000 packets/s: 20 back to back, then a 1 ms timer.
      const sends = [{
        family: "inet",
        interface: ifA,
        destination: "224.0.0.18",
        vrid: 9,
        repeat: n,
        paceEvery: 20,
      }];
      const { done } = await exchange(b, recv, () => sendFrom(a, { sends }, {}), {});
      assertOk(done.received >= n * 0.9, `received ${done.received} of ${n}`);
      assertOk(done.maxTimerGapMs < 100, `a 5 ms timer was delayed ${done.maxTimerGapMs} ms`);
      assertEquals(done.fdsLeaked, 0);
    }, ADDRS),
});
