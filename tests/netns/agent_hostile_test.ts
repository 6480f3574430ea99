/**
 * Hostile input on the wire (issue 4 §3): while a vipkeeper master runs (VRRPv3, advert_int
 * 0.1 s), a neighbour floods it with tens of thousands of garbage, mutated, TTL-254,
 * bad-checksum, wrong-version and truncated adverts claiming priority 255 for its VRID
 * (`helpers/flood_vrrp.ts`). vipkeeper must not crash, must not change state (no new notify
 * line), must log the drops rate-limited, and its adverts, captured with tshark on the bridge
 * port facing it, must keep their interval: longest gap ≤ 1.5 × advert_int.
 */

import { assertEquals, assertOk } from "../assert.ts";
import type { PeerInstance } from "../interop/_peers.ts";
import { waitForState } from "../interop/_vipkeeper.ts";
import { denoInNetns, ipJson, must, NETNS_IGNORE } from "./_netns.ts";
import { withLan } from "./_lan.ts";
import { percentile, startCapture } from "./helpers/agent_capture.ts";
import { hasAddress, notifyLines, sleep, withNodes } from "./helpers/agent_nodes.ts";

const FLOOD = new URL("./helpers/flood_vrrp.ts", import.meta.url);
const ADVERT_INT = 0.1;
const MASTER = "192.0.2.1";
const FLOODER = "192.0.2.66";
const VIP = "192.0.2.100";
const VRID = 51;

Deno.test({
  name: "a vipkeeper master flooded with hostile adverts keeps its state and its advert interval",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan(
      [[`${MASTER}/24`], [`${FLOODER}/24`]],
      ({ hub, nodes: [nm, nf] }) =>
        withNodes(async (nodes) => {
          const inst: PeerInstance = {
            interface: nm!.ifname,
            vrid: VRID,
            priority: 150,
            version: 3,
            advertInt: ADVERT_INT,
            vips: [`${VIP}/24`],
          };
          const m = await nodes.start("master", nm!.netns, [inst]);
          await waitForState(m.dir, "MASTER", 10_000, "master elected");
          await sleep(300);
          const before = (await notifyLines(m)).length;
          const capture = await startCapture(
            hub,
            nm!.hubPort,
            `ip proto 112 and src host ${MASTER}`,
            ["frame.time_epoch", "vrrp.prio"],
          );
          let frames;
          let floodStart = 0, floodEnd = 0;
          let rxBefore = 0, rxAfter = 0, queueDrops = 0;
          let flood;
          try {
            await sleep(500);
            rxBefore = await rxPackets(nm!.netns, nm!.ifname);
            floodStart = Date.now() / 1000;
            flood = await denoInNetns(nf!.netns, FLOOD, [JSON.stringify({
              interface: nf!.ifname,
              source: FLOODER,
              vrid: VRID,
              vips: [VIP],
              count: 100_000,
              maxMs: 5_000,
              burst: 2000,
              everyMs: 1,
              seed: Date.now() % 100_000,
            })]);
            floodEnd = Date.now() / 1000;
            await sleep(500);
            rxAfter = await rxPackets(nm!.netns, nm!.ifname);
            queueDrops = await vrrpSocketDrops(nm!.netns);
          } finally {
            frames = await capture.stop();
          }
          assertEquals(flood.code, 0, `flooder failed: ${flood.stderr}`);
          const summary = JSON.parse(flood.stdout);
          console.log(`  flood: ${flood.stdout.trim()}`);
          assertOk(summary.sent - summary.errors >= 10_000, "thousands of hostile datagrams sent");

          // The master survived (it still answers SIGTERM with its STOP notify), kept its state
          // and VIP, and logged the drops rate-limited.
          assertEquals((await notifyLines(m)).slice(before).map((l) => l.args.join(" ")), []);
          assertOk(await hasAddress(nm!.netns, nm!.ifname, VIP), "the master keeps its VIP");
          const read = rxAfter - rxBefore - queueDrops;
          console.log(
            `  the master's interface received ${rxAfter - rxBefore} frames; its VRRP socket ` +
              `queue overflowed ${queueDrops} times; vipkeeper read about ${read}`,
          );
          assertOk(read >= 5_000, "vipkeeper itself had to deal with thousands of them");
          await m.peer.stop();
          assertEquals((await notifyLines(m)).at(-1)?.args[2], "STOP", "alive until SIGTERM");
          // The process log is complete once it has exited.
          const log = await m.peer.log();
          const dropLines = log.split("\n").filter((l) => l.includes("dropped advert"));
          console.log(dropLines.join("\n"));
          for (const reason of ["truncated", "length", "ttl", "checksum", "version"]) {
            assertOk(
              dropLines.some((l) => l.includes(`: ${reason}`)),
              `drops logged for ${reason}`,
            );
          }
          assertOk(dropLines.length <= 20, `drop log rate-limited: ${dropLines.length} lines`);

          // Its adverts kept their interval throughout the flood.
          const times = frames.filter((f) => f["vrrp.prio"] === "150")
            .map((f) => Number(f["frame.time_epoch"]))
            .filter((t) => t >= floodStart - ADVERT_INT && t <= floodEnd + ADVERT_INT);
          const gaps = times.slice(1).map((t, i) => t - times[i]!);
          const max = Math.max(...gaps);
          const report = `${gaps.length} advert gaps during ${
            (floodEnd - floodStart).toFixed(1)
          } s of flood: p50 ${(percentile(gaps, 50) * 1000).toFixed(1)} ms, p99 ${
            (percentile(gaps, 99) * 1000).toFixed(1)
          } ms, max ${(max * 1000).toFixed(1)} ms (limit ${
            Math.round(1.5 * ADVERT_INT * 1000)
          } ms)`;
          console.log(`  ${report}`);
          assertOk(gaps.length >= (floodEnd - floodStart) / ADVERT_INT - 3, `too few: ${report}`);
          assertOk(max <= 1.5 * ADVERT_INT, report);
        }),
    ),
});

/** RX packet count of `dev` (`ip -s -j link`). */
async function rxPackets(netns: string, dev: string): Promise<number> {
  const links = await ipJson(netns, ["-s", "link", "show", "dev", dev]) as {
    stats64: { rx: { packets: number } };
  }[];
  return links[0]?.stats64.rx.packets ?? 0;
}

/** Datagrams the kernel dropped because raw IP-protocol-112 sockets' queues were full. */
async function vrrpSocketDrops(netns: string): Promise<number> {
  const text = await must(["cat", "/proc/net/raw"], { netns });
  // Columns: sl local_address rem_address ... drops; local "port" is the protocol (0x70 = 112).
  return text.split("\n").slice(1).map((l) => l.trim().split(/\s+/))
    .filter((c) => c[1]?.endsWith(":0070"))
    .reduce((sum, c) => sum + Number(c.at(-1) ?? 0), 0);
}
