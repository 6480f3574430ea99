/**
 * Hostile input on the wire (issue 4 §3): while a vipkeeper master runs (VRRPv3, advert_int
 * 0.1 s), a neighbour floods it with tens of thousands of garbage, mutated, TTL-254,
 * bad-checksum, wrong-version and truncated adverts claiming priority 255 for its VRID
 * (`helpers/flood_vrrp.ts`), over IPv4 and over IPv6. vipkeeper must not crash, must not change
 * state (no new notify line), must log the drops rate-limited, and its adverts, captured on the
 * bridge port facing it, must keep their interval: p99 gap ≤ 1.5 × advert_int, and no gap long
 * enough for a backup to take over (< 3 × advert_int, the least Master_Down_Interval). The
 * stricter figure (longest gap ≤ 1.5 × advert_int, measured 1.03) is a speed goal and is checked
 * by `bench/system/flood.ts` (docs/bench.md), not by this test, which must also hold on a busy
 * two-core CI machine.
 */

import { assertEquals, assertOk } from "../assert.ts";
import type { PeerInstance } from "../interop/_peers.ts";
import { waitForState } from "../interop/_vipkeeper.ts";
import { denoInNetns, ipJson, must, NETNS_IGNORE } from "./_netns.ts";
import { withLan } from "./_lan.ts";
import { CAPTURE_IGNORE, percentile, startCapture } from "./helpers/agent_capture.ts";
import { hasAddress, notifyLines, sleep, withNodes } from "./helpers/agent_nodes.ts";

const FLOOD = new URL("./helpers/flood_vrrp.ts", import.meta.url);
const ADVERT_INT = 0.1;
const VRID = 51;

interface Setup {
  family: "inet" | "inet6";
  master: string;
  flooder: string;
  vip: string;
  prefix: number;
  /** Drop reasons the master must have logged (IPv6: the kernel drops bad checksums itself). */
  reasons: string[];
}

const SETUPS: Setup[] = [
  {
    family: "inet",
    master: "192.0.2.1",
    flooder: "192.0.2.66",
    vip: "192.0.2.100",
    prefix: 24,
    reasons: ["truncated", "length", "ttl", "checksum", "version"],
  },
  {
    family: "inet6",
    master: "2001:db8::1",
    flooder: "2001:db8::66",
    vip: "2001:db8::100",
    prefix: 64,
    reasons: ["length", "ttl", "version"],
  },
];

for (const setup of SETUPS) {
  Deno.test({
    name: `a vipkeeper master flooded with hostile ${
      setup.family === "inet" ? "IPv4" : "IPv6"
    } adverts keeps its state and its advert interval`,
    ignore: NETNS_IGNORE || CAPTURE_IGNORE,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: () => flooded(setup),
  });
}

function flooded(s: Setup): Promise<void> {
  const v6 = s.family === "inet6";
  return withLan(
    [[`${s.master}/${s.prefix}`], [`${s.flooder}/${s.prefix}`]],
    ({ hub, nodes: [nm, nf] }) =>
      withNodes(async (nodes) => {
        const inst: PeerInstance = {
          interface: nm!.ifname,
          vrid: VRID,
          priority: 150,
          version: 3,
          advertInt: ADVERT_INT,
          vips: [`${s.vip}/${s.prefix}`],
        };
        // IPv6 adverts go out from the link-local address.
        const masterSource = v6 ? await linkLocal(nm!.netns, nm!.ifname) : s.master;
        const floodSource = v6 ? await linkLocal(nf!.netns, nf!.ifname) : s.flooder;
        const m = await nodes.start("master", nm!.netns, [inst]);
        await waitForState(m.dir, "MASTER", 10_000, "master elected");
        await sleep(300);
        const before = (await notifyLines(m)).length;
        const capture = await startCapture(
          hub,
          nm!.hubPort,
          `${v6 ? "ip6" : "ip"} proto 112 and src host ${masterSource}`,
          ["frame.time_epoch", "vrrp.prio"],
        );
        let frames;
        let floodStart = 0, floodEnd = 0;
        let rxBefore = 0, rxAfter = 0, socketDrops = 0;
        let flood;
        try {
          await sleep(500);
          rxBefore = await rxPackets(nm!.netns, nm!.ifname);
          floodStart = Date.now() / 1000;
          flood = await denoInNetns(nf!.netns, FLOOD, [JSON.stringify({
            family: s.family,
            interface: nf!.ifname,
            source: floodSource,
            vrid: VRID,
            vips: [s.vip],
            count: 100_000,
            maxMs: 5_000,
            burst: 2000,
            everyMs: 1,
            seed: Date.now() % 100_000,
          })]);
          floodEnd = Date.now() / 1000;
          await sleep(500);
          rxAfter = await rxPackets(nm!.netns, nm!.ifname);
          socketDrops = await vrrpSocketDrops(nm!.netns, s.family);
        } finally {
          frames = await capture.stop();
        }
        assertEquals(flood.code, 0, `flooder failed: ${flood.stderr}`);
        const summary = JSON.parse(flood.stdout);
        console.log(`  flood: ${flood.stdout.trim()}`);
        assertOk(summary.sent - summary.errors >= 10_000, "thousands of hostile datagrams sent");

        // The master kept its state and VIP, still answers SIGTERM with its STOP notify (it
        // did not crash), and logged the drops rate-limited.
        assertEquals((await notifyLines(m)).slice(before).map((l) => l.args.join(" ")), []);
        assertOk(await hasAddress(nm!.netns, nm!.ifname, s.vip), "the master keeps its VIP");
        const read = rxAfter - rxBefore - socketDrops;
        console.log(
          `  the master's interface received ${rxAfter - rxBefore} frames; the kernel dropped ` +
            `${socketDrops} at its VRRP socket (queue full; IPv6 also bad checksums); ` +
            `${read} reached vipkeeper`,
        );
        assertOk(read >= 5_000, "vipkeeper itself had to deal with thousands of them");
        await m.peer.stop();
        assertEquals((await notifyLines(m)).at(-1)?.args[2], "STOP", "alive until SIGTERM");
        // The process log is complete once it has exited.
        const dropLines = (await m.peer.log()).split("\n")
          .filter((l) => l.includes("dropped advert"));
        console.log(dropLines.map((l) => `  ${l}`).join("\n"));
        for (const reason of s.reasons) {
          assertOk(dropLines.some((l) => l.endsWith(`: ${reason}`)), `drops logged: ${reason}`);
        }
        assertOk(dropLines.length <= 20, `drop log rate-limited: ${dropLines.length} lines`);

        // Its adverts kept their interval throughout the flood.
        const times = frames.filter((f) => f["vrrp.prio"] === "150")
          .map((f) => Number(f["frame.time_epoch"]))
          .filter((t) => t >= floodStart - ADVERT_INT && t <= floodEnd + ADVERT_INT);
        const gaps = times.slice(1).map((t, i) => t - times[i]!);
        const max = Math.max(...gaps);
        const ms = (x: number) => `${(x * 1000).toFixed(1)} ms`;
        const report = `${gaps.length} advert gaps during ${
          (floodEnd - floodStart).toFixed(1)
        } s of flood: p50 ${ms(percentile(gaps, 50))}, p99 ${ms(percentile(gaps, 99))}, max ${
          ms(max)
        } (limits: p99 ${ms(1.5 * ADVERT_INT)}, max ${ms(3 * ADVERT_INT)})`;
        console.log(`  ${report}`);
        assertOk(gaps.length >= (floodEnd - floodStart) / ADVERT_INT - 3, `too few: ${report}`);
        assertOk(percentile(gaps, 99) <= 1.5 * ADVERT_INT, report);
        assertOk(max < 3 * ADVERT_INT, report);
      }),
  );
}

/** The IPv6 link-local address of `dev`. */
async function linkLocal(netns: string, dev: string): Promise<string> {
  const links = await ipJson(netns, ["-6", "addr", "show", "dev", dev]) as {
    addr_info: { local?: string; scope?: string }[];
  }[];
  const address = links[0]?.addr_info.find((a) => a.scope === "link")?.local;
  if (address === undefined) throw new Error(`no link-local address on ${dev}`);
  return address;
}

/** RX packet count of `dev` (`ip -s -j link`). */
async function rxPackets(netns: string, dev: string): Promise<number> {
  const links = await ipJson(netns, ["-s", "link", "show", "dev", dev]) as {
    stats64: { rx: { packets: number } };
  }[];
  return links[0]?.stats64.rx.packets ?? 0;
}

/**
 * Datagrams the kernel dropped at raw IP-protocol-112 sockets: queue full, and for IPv6 also a
 * failed `IPV6_CHECKSUM` verification.
 */
async function vrrpSocketDrops(netns: string, family: "inet" | "inet6"): Promise<number> {
  const text = await must(["cat", family === "inet" ? "/proc/net/raw" : "/proc/net/raw6"], {
    netns,
  });
  // Columns: sl local_address rem_address ... drops; local "port" is the protocol (0x70 = 112).
  return text.split("\n").slice(1).map((l) => l.trim().split(/\s+/))
    .filter((c) => c[1]?.endsWith(":0070"))
    .reduce((sum, c) => sum + Number(c.at(-1) ?? 0), 0);
}

Deno.test({
  name: "a flooded vipkeeper backup still hears its master and does not take over",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan(
      [["192.0.2.1/24"], ["192.0.2.2/24"], ["192.0.2.66/24"]],
      ({ nodes: [nm, nb, nf] }) =>
        withNodes(async (nodes) => {
          const inst = (iface: string, priority: number): PeerInstance => ({
            interface: iface,
            vrid: VRID,
            priority,
            version: 3,
            advertInt: ADVERT_INT,
            vips: ["192.0.2.100/24"],
          });
          const m = await nodes.start("master", nm!.netns, [inst(nm!.ifname, 150)]);
          await waitForState(m.dir, "MASTER", 10_000, "master elected");
          const b = await nodes.start("backup", nb!.netns, [inst(nb!.ifname, 100)]);
          await waitForState(b.dir, "BACKUP", 10_000, "backup joined");
          await sleep(500);
          const before = [(await notifyLines(m)).length, (await notifyLines(b)).length];
          // The master's adverts share the backup's socket queue with the flood: three lost in a
          // row (0.3 s + skew) would make it take over. Paced at ~10,000 datagrams/s, which the
          // backup keeps up with. At ~30,000/s in bursts of 2,000 its queue (the kernel's
          // default SO_RCVBUF) overflows, 5-25 % of everything is lost, its master's adverts
          // included, and in about one run in fifteen it took over.
          const flood = await denoInNetns(nf!.netns, FLOOD, [JSON.stringify({
            interface: nf!.ifname,
            source: "192.0.2.66",
            vrid: VRID,
            vips: ["192.0.2.100"],
            count: 100_000,
            maxMs: 5_000,
            burst: 50,
            everyMs: 1,
            seed: Date.now() % 100_000,
          })]);
          assertEquals(flood.code, 0, `flooder failed: ${flood.stderr}`);
          await sleep(500);
          const drops = await vrrpSocketDrops(nb!.netns, "inet");
          console.log(`  flood: ${flood.stdout.trim()}; backup's socket dropped ${drops}`);
          const lines = async (n: typeof m, from: number) =>
            (await notifyLines(n)).slice(from).map((l) => l.args.join(" "));
          assertEquals(await lines(b, before[1]!), [], "the backup's transitions during the flood");
          assertEquals(await lines(m, before[0]!), [], "the master's transitions during the flood");
          assertOk(!await hasAddress(nb!.netns, nb!.ifname, "192.0.2.100"), "no VIP on the backup");
        }),
    ),
});
