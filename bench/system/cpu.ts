/**
 * CPU and memory of 200 master instances (VRRPv3, advert_int 0.1 s, one VIP each, all on one
 * interface: 2,000 adverts/s), vipkeeper vs keepalived 2.2.7. After every instance has become
 * MASTER and a settling pause, utime + stime of the daemon's processes (all threads, from
 * /proc/PID/stat) are read over a fixed window, with the interface's transmitted packets as a
 * check that the load was really there; VmRSS is read at the end.
 *
 * `deno run -A bench/system/cpu.ts [--instances N] [--seconds S] [--json FILE]` (root).
 *
 * @module
 */

import type { PeerInstance } from "../../tests/interop/_peers.ts";
import {
  configText,
  cpuSeconds,
  createLab,
  type Kind,
  KINDS,
  median,
  rssMiB,
  sh,
  sleep,
  startDaemon,
  waitNotify,
} from "./_lab.ts"; // deno-fmt-ignore
import { numberArg, report, type Result } from "./_report.ts";

/** What one daemon cost. */
export interface Cost {
  /** CPU seconds over the window (every process of the daemon). */
  cpu: number;
  window: number;
  /** Adverts per second sent on the interface over the window. */
  rate: number;
  /** Resident memory (VmRSS, MiB; keepalived: VRRP child + parent), sampled every second. */
  rss: number[];
}

async function txPackets(ns: string, dev: string): Promise<number> {
  const j = JSON.parse(await sh(["ip", "-s", "-j", "link", "show", "dev", dev], ns)) as {
    stats64: { tx: { packets: number } };
  }[];
  return j[0]!.stats64.tx.packets;
}

/** Run `count` masters under `kind` and measure them over `seconds`. */
export async function measureCost(kind: Kind, count: number, seconds: number): Promise<Cost> {
  const lab = await createLab(1);
  const node = lab.nodes[0]!;
  const dir = await Deno.makeTempDir({ prefix: `vkb-cpu-${kind}-` });
  try {
    const instances: PeerInstance[] = Array.from({ length: count }, (_, i) => ({
      interface: node.dev,
      vrid: i + 1,
      priority: 200,
      version: 3,
      advertInt: 0.1,
      vips: [`192.0.2.${i + 1}/32`],
    }));
    const d = await startDaemon(kind, node.ns, dir, configText(dir, instances));
    try {
      await waitNotify(dir, "MASTER", 60_000, count);
      await sleep(3000);
      const pids = d.pid === d.workerPid ? [d.pid] : [d.pid, d.workerPid];
      const cpu = () => pids.reduce((s, p) => s + cpuSeconds(p), 0);
      const c0 = cpu(), tx0 = await txPackets(node.ns, node.dev), t0 = performance.now();
      const rss: number[] = [];
      while (performance.now() - t0 < seconds * 1000) {
        await sleep(1000);
        rss.push(pids.reduce((s, p) => s + rssMiB(p), 0));
      }
      const c1 = cpu(), tx1 = await txPackets(node.ns, node.dev), t1 = performance.now();
      const window = (t1 - t0) / 1000;
      return {
        cpu: c1 - c0,
        window,
        rate: (tx1 - tx0) / window,
        rss,
      };
    } finally {
      await d.stop();
    }
  } finally {
    await lab.destroy();
    await Deno.remove(dir, { recursive: true }).catch(() => undefined);
  }
}

/** Both daemons. */
export async function benchCpu(count: number, seconds: number): Promise<Result> {
  const got: Record<string, Cost> = {};
  for (const kind of KINDS) got[kind] = await measureCost(kind, count, seconds);
  const v = got.vipkeeper!, k = got.keepalived!;
  const ratio = v.cpu / k.cpu;
  const mem = (c: Cost) =>
    `median ${median(c.rss).toFixed(1)}, max ${Math.max(...c.rss).toFixed(1)} MiB`; // deno-fmt-ignore
  const vMax = Math.max(...v.rss);
  const pct = (c: Cost) =>
    `${c.cpu.toFixed(2)} s (${((100 * c.cpu) / c.window).toFixed(1)} % of a core)`; // deno-fmt-ignore
  return {
    name: `${count} masters at 0.1 s on one interface, over ${seconds} s`,
    rows: [
      { measure: "adverts sent per second", vipkeeper: v.rate.toFixed(0), keepalived: k.rate.toFixed(0), target: `${count * 10} expected` }, // deno-fmt-ignore
      { measure: "CPU seconds (user + system)", vipkeeper: pct(v), keepalived: pct(k), target: `≤ 2× keepalived: ${ratio.toFixed(2)}× (${ratio <= 2 ? "met" : "missed"})` }, // deno-fmt-ignore
      { measure: "resident memory (VmRSS, 1 s samples)", vipkeeper: mem(v), keepalived: mem(k), target: `≤ 80 MiB (${vMax <= 80 ? "met" : median(v.rss) <= 80 ? "median met, max missed" : "missed"})` }, // deno-fmt-ignore
    ],
    raw: got,
  };
}

if (import.meta.main) {
  await report([await benchCpu(numberArg("instances", 200), numberArg("seconds", 20))]);
}
