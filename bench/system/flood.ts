/**
 * The longest advert gap of a master (VRRPv3, advert_int 0.1 s) while another namespace floods
 * the link with hostile packets that claim priority 255 (`_flooder.ts`: TTL 254, bad checksum,
 * wrong version, truncated, wrong VIP list, garbage, mutated), at a bounded rate for a bounded
 * time; vipkeeper vs keepalived 2.2.7. tshark on the bridge sees only the master's adverts (BPF
 * filter on its address). Also reported: the gap before the flood, whether the master stayed
 * MASTER, and its CPU time during the flood.
 *
 * `deno run -A bench/system/flood.ts [--rate PPS] [--seconds S] [--json FILE]` (root).
 *
 * @module
 */

import { startCapture } from "./_capture.ts";
import {
  configText,
  cpuSeconds,
  createLab,
  type Kind,
  KINDS,
  notifyLines,
  sleep,
  startDaemon,
  waitNotify,
} from "./_lab.ts"; // deno-fmt-ignore
import { ms, numberArg, report, type Result } from "./_report.ts";

const FLOODER = new URL("./_flooder.ts", import.meta.url).pathname;
const ADVERT = 0.1;

/** One flood run. */
export interface FloodRun {
  /** Longest gap between the master's adverts during the flood, seconds. */
  maxGap: number;
  /** Longest gap in the 2 s before it. */
  quietMaxGap: number;
  /** Hostile packets sent, and the flood's length in seconds. */
  sent: number;
  seconds: number;
  /** The master never left MASTER. */
  stayedMaster: boolean;
  /** CPU seconds of the master's processes during the flood. */
  cpu: number;
}

function maxGap(times: number[]): number {
  let m = 0;
  for (let i = 1; i < times.length; i++) m = Math.max(m, times[i]! - times[i - 1]!);
  return m;
}

/** Flood a `kind` master at `rate` packets/s for `seconds`. */
export async function measureFlood(kind: Kind, rate: number, seconds: number): Promise<FloodRun> {
  const lab = await createLab(2);
  const [m, f] = lab.nodes as [typeof lab.nodes[0], typeof lab.nodes[0]];
  const dir = await Deno.makeTempDir({ prefix: `vkb-flood-${kind}-` });
  try {
    const cap = await startCapture(lab.hub, lab.bridge, `ip proto 112 and src host ${m.address}`);
    const conf = configText(dir, [{
      interface: m.dev,
      vrid: 51,
      priority: 200,
      version: 3,
      advertInt: ADVERT,
      vips: ["192.0.2.100/24"],
    }]); // deno-fmt-ignore
    const d = await startDaemon(kind, m.ns, dir, conf);
    let flood: { start: number; end: number; sent: number };
    let cpu = 0;
    const quietFrom = Date.now() / 1000;
    try {
      await waitNotify(dir, "MASTER", 15_000);
      await sleep(2500);
      const pids = d.pid === d.workerPid ? [d.pid] : [d.pid, d.workerPid];
      const c0 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
      const out = await new Deno.Command("ip", {
        args: [
          "netns",
          "exec",
          f.ns,
          Deno.execPath(),
          "run",
          "-A",
          "--quiet",
          FLOODER,
          f.dev,
          "51",
          "192.0.2.100",
          String(rate),
          String(seconds),
        ], // deno-fmt-ignore
        stdin: "null",
        stdout: "piped",
        stderr: "inherit",
      }).output();
      if (!out.success) throw new Error("flooder failed");
      flood = JSON.parse(new TextDecoder().decode(out.stdout));
      cpu = pids.reduce((s, p) => s + cpuSeconds(p), 0) - c0;
      await sleep(1000);
    } finally {
      await d.stop();
    }
    const times = (await cap.stop()).filter((x) => x.prio === 200).map((x) => x.t);
    const lines = await notifyLines(dir);
    const masterAt = lines.findIndex((l) => l.args[2] === "MASTER");
    const after = lines.slice(masterAt + 1).filter((l) => l.args[2] !== "STOP");
    return {
      // From the last advert before the flood to the first one after it.
      maxGap: maxGap(times.slice(
        Math.max(0, times.findLastIndex((t) => t <= flood.start)),
        times.findIndex((t) => t >= flood.end) + 1 || times.length,
      )),
      quietMaxGap: maxGap(times.filter((t) => t > quietFrom + 1 && t < flood.start)),
      sent: flood.sent,
      seconds: flood.end - flood.start,
      stayedMaster: masterAt >= 0 && after.length === 0,
      cpu,
    };
  } finally {
    await lab.destroy();
    await Deno.remove(dir, { recursive: true }).catch(() => undefined);
  }
}

/** Both daemons. */
export async function benchFlood(rate: number, seconds: number): Promise<Result> {
  const got: Record<string, FloodRun> = {};
  for (const kind of KINDS) got[kind] = await measureFlood(kind, rate, seconds);
  const v = got.vipkeeper!, k = got.keepalived!;
  const ivs = (g: number) => `${ms(g)} (${(g / ADVERT).toFixed(2)} intervals)`;
  return {
    name: `Master under a hostile flood (VRRPv3, 0.1 s; ${rate} packets/s for ${seconds} s)`,
    rows: [
      {
        measure: "hostile packets sent",
        vipkeeper: `${v.sent} in ${v.seconds.toFixed(1)} s`,
        keepalived: `${k.sent} in ${k.seconds.toFixed(1)} s`,
        target: "",
      }, // deno-fmt-ignore
      { measure: "longest advert gap before the flood", vipkeeper: ivs(v.quietMaxGap), keepalived: ivs(k.quietMaxGap), target: "" }, // deno-fmt-ignore
      { measure: "longest advert gap during the flood", vipkeeper: ivs(v.maxGap), keepalived: ivs(k.maxGap), target: `≤ 1.5 intervals (${v.maxGap <= 1.5 * ADVERT ? "met" : "missed"})` }, // deno-fmt-ignore
      { measure: "stayed MASTER throughout", vipkeeper: String(v.stayedMaster), keepalived: String(k.stayedMaster), target: "true" }, // deno-fmt-ignore
      { measure: "CPU seconds during the flood", vipkeeper: v.cpu.toFixed(2), keepalived: k.cpu.toFixed(2), target: "" }, // deno-fmt-ignore
    ],
    raw: got,
  };
}

if (import.meta.main) {
  await report([await benchFlood(numberArg("rate", 20_000), numberArg("seconds", 5))]);
}
