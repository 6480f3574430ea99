/**
 * Takeover on the wire after the master's SIGKILL (VRRPv3, advert_int 0.1 s, backup priority
 * 100; floor: Master_Down_Interval = 3 × 0.1 + (256 − 100) × 0.1 / 256 = 0.3609 s). The master is
 * keepalived 2.2.7 (priority 200) in both cases; the backup is vipkeeper, then keepalived. tshark
 * on the bridge measures from the master's last advert to the backup's first advert, and to the
 * backup's first gratuitous ARP for the VIP. Each kill is followed by a restart of the master,
 * which preempts, so the backup is back in BACKUP for the next round.
 *
 * `deno run -A bench/system/takeover.ts [--reps N] [--json FILE]` (root).
 *
 * @module
 */

import type { PeerInstance } from "../../tests/interop/_peers.ts";
import { startCapture } from "./_capture.ts";
import {
  configText,
  createLab,
  type Daemon,
  type Kind,
  KINDS,
  median,
  notifyLines,
  sleep,
  startDaemon,
  waitNotify,
} from "./_lab.ts";
import { ms, numberArg, report, type Result } from "./_report.ts";

const VRID = 51;
const VIP = "192.0.2.100";
const ADVERT = 0.1;
/** Master_Down_Interval of a priority-100 VRRPv3 backup at 0.1 s. */
export const FLOOR = 3 * ADVERT + ((256 - 100) * ADVERT) / 256;

/** One round: seconds from the master's last advert to the backup's first advert and GARP. */
export interface Takeover {
  advert: number;
  garp: number;
}

function instance(dev: string, priority: number): PeerInstance[] {
  return [{
    interface: dev,
    vrid: VRID,
    priority,
    version: 3,
    advertInt: ADVERT,
    vips: [`${VIP}/24`],
  }]; // deno-fmt-ignore
}

async function countState(dir: string, state: string): Promise<number> {
  return (await notifyLines(dir)).filter((l) => l.args[2] === state).length;
}

/** Measure `reps` takeovers by a `kind` backup. */
export async function measureTakeovers(kind: Kind, reps: number): Promise<Takeover[]> {
  const lab = await createLab(2);
  const [m, b] = lab.nodes as [typeof lab.nodes[0], typeof lab.nodes[0]];
  const mDir = await Deno.makeTempDir({ prefix: "vkb-master-" });
  const bDir = await Deno.makeTempDir({ prefix: `vkb-${kind}-` });
  const daemons: Daemon[] = [];
  const kills: number[] = [];
  try {
    const cap = await startCapture(lab.hub, lab.bridge, "ip proto 112 or arp");
    const startMaster = async () => {
      const d = await startDaemon("keepalived", m.ns, mDir, configText(mDir, instance(m.dev, 200)));
      daemons.push(d);
      await waitNotify(mDir, "MASTER", 10_000);
      return d;
    };
    let master = await startMaster();
    daemons.push(await startDaemon(kind, b.ns, bDir, configText(bDir, instance(b.dev, 100))));
    await waitNotify(bDir, "BACKUP", 15_000);
    // Let the freshly started backup settle (both kinds alike): vipkeeper's first takeover within
    // a second or two of its start was 1–3 ms late (start-up work of the runtime still running).
    await sleep(3000);
    for (let i = 0; i < reps; i++) {
      const masters = await countState(bDir, "MASTER");
      kills.push(Date.now() / 1000);
      await master.kill9();
      await waitNotify(bDir, "MASTER", 5_000, masters + 1);
      await sleep(300);
      const backups = await countState(bDir, "BACKUP");
      master = await startMaster();
      await waitNotify(bDir, "BACKUP", 10_000, backups + 1);
      await sleep(800);
    }
    const frames = await cap.stop();
    return kills.map((k) => {
      const first = frames.find((f) => f.t > k && f.ipSrc === b.address && f.vrid === VRID);
      const garp = frames.find((f) => f.t > k && f.arpSrc === VIP && f.ethSrc === b.mac);
      if (!first || !garp) throw new Error(`round at ${k}: no advert or GARP from the backup`);
      const last = frames.findLast((f) => f.t < first.t && f.ipSrc === m.address && f.prio === 200);
      if (!last) throw new Error(`round at ${k}: no advert from the master`);
      return { advert: first.t - last.t, garp: garp.t - last.t };
    });
  } finally {
    for (const d of daemons.reverse()) await d.stop().catch(() => undefined);
    await lab.destroy();
    for (const d of [mDir, bDir]) await Deno.remove(d, { recursive: true }).catch(() => undefined);
  }
}

/** Run both backups and build the table. */
export async function benchTakeover(reps: number): Promise<Result> {
  const got: Record<string, Takeover[]> = {};
  for (const kind of KINDS) got[kind] = await measureTakeovers(kind, reps);
  const adv = (k: Kind) => got[k]!.map((t) => t.advert);
  const garp = (k: Kind) => got[k]!.map((t) => t.garp);
  const pair = (f: (k: Kind) => number) => ({
    vipkeeper: f("vipkeeper"),
    keepalived: f("keepalived"),
  }); // deno-fmt-ignore
  const med = pair((k) => median(adv(k)));
  const worst = pair((k) => Math.max(...adv(k)));
  const gMed = pair((k) => median(garp(k)));
  const gWorst = pair((k) => Math.max(...garp(k)));
  const ratio = med.vipkeeper / med.keepalived;
  const gRatio = gMed.vipkeeper / gMed.keepalived;
  const within = (x: number) => x - FLOOR <= 0.001;
  const verdict = (r: number, x: number) =>
    `ratio ${r.toFixed(3)} (≤ 1.0 ${r <= 1 ? "met" : "missed"}); floor + ${
      ms(x - FLOOR, 2)
    } (≤ 1 ms ${within(x) ? "met" : "missed"})`; // deno-fmt-ignore
  return {
    name: `Takeover after SIGKILL (VRRPv3, 0.1 s, backup priority 100, floor ${ms(FLOOR, 2)}; ${reps} rounds)`,
    rows: [
      { measure: "first advert, median", vipkeeper: ms(med.vipkeeper, 2), keepalived: ms(med.keepalived, 2), target: verdict(ratio, med.vipkeeper) }, // deno-fmt-ignore
      { measure: "first advert, worst", vipkeeper: ms(worst.vipkeeper, 2), keepalived: ms(worst.keepalived, 2), target: "" }, // deno-fmt-ignore
      { measure: "first GARP, median", vipkeeper: ms(gMed.vipkeeper, 2), keepalived: ms(gMed.keepalived, 2), target: verdict(gRatio, gMed.vipkeeper) }, // deno-fmt-ignore
      { measure: "first GARP, worst", vipkeeper: ms(gWorst.vipkeeper, 2), keepalived: ms(gWorst.keepalived, 2), target: "" }, // deno-fmt-ignore
    ],
    raw: got,
  };
}

if (import.meta.main) {
  await report([await benchTakeover(numberArg("reps", 10))]);
}
