/**
 * Advert interval jitter of a lone master (VRRPv3, priority 200) at advert_int 0.1 s and
 * 0.01 s: the gaps between its adverts as tshark on the bridge timestamps them, and their
 * deviation from the nominal interval (p50, p99, max), vipkeeper vs keepalived 2.2.7.
 *
 * `deno run -A bench/system/jitter.ts [--seconds S] [--json FILE]` (root; S per run at 0.1 s,
 * half that at 0.01 s; default 20).
 *
 * @module
 */

import { startCapture } from "./_capture.ts";
import {
  configText,
  createLab,
  type Kind,
  KINDS,
  percentile,
  sleep,
  startDaemon,
  waitNotify,
} from "./_lab.ts"; // deno-fmt-ignore
import { ms, numberArg, report, type Result } from "./_report.ts";

/** Gaps (seconds) between consecutive adverts of one master. */
export async function measureGaps(
  kind: Kind,
  advertInt: number,
  seconds: number,
): Promise<number[]> {
  const lab = await createLab(1);
  const node = lab.nodes[0]!;
  const dir = await Deno.makeTempDir({ prefix: `vkb-jitter-${kind}-` });
  try {
    const cap = await startCapture(
      lab.hub,
      lab.bridge,
      `ip proto 112 and src host ${node.address}`,
    );
    const conf = configText(dir, [{
      interface: node.dev,
      vrid: 51,
      priority: 200,
      version: 3,
      advertInt,
      vips: ["192.0.2.100/24"],
    }]); // deno-fmt-ignore
    const d = await startDaemon(kind, node.ns, dir, conf);
    let from = 0, to = 0;
    try {
      await waitNotify(dir, "MASTER", 15_000);
      await sleep(500);
      from = Date.now() / 1000;
      await sleep(seconds * 1000);
      to = Date.now() / 1000;
    } finally {
      await d.stop();
    }
    const times = (await cap.stop()).filter((f) => f.prio === 200 && f.t >= from && f.t <= to)
      .map((f) => f.t);
    return times.slice(1).map((t, i) => t - times[i]!);
  } finally {
    await lab.destroy();
    await Deno.remove(dir, { recursive: true }).catch(() => undefined);
  }
}

/** Both daemons at both intervals. */
export async function benchJitter(seconds: number): Promise<Result> {
  const rows: Result["rows"] = [];
  const raw: Record<string, number[]> = {};
  for (const advertInt of [0.1, 0.01]) {
    const stats: Record<
      string,
      { p50: number; p99: number; max: number; n: number; mean: number }
    > = {}; // deno-fmt-ignore
    for (const kind of KINDS) {
      const gaps = await measureGaps(kind, advertInt, advertInt < 0.05 ? seconds / 2 : seconds);
      raw[`${kind}@${advertInt}`] = gaps;
      const dev = gaps.map((g) => Math.abs(g - advertInt));
      stats[kind] = {
        p50: percentile(dev, 50),
        p99: percentile(dev, 99),
        max: Math.max(...dev),
        n: gaps.length,
        mean: gaps.reduce((a, b) => a + b, 0) / gaps.length,
      };
    }
    const v = stats.vipkeeper!, k = stats.keepalived!;
    const at = `${advertInt} s`;
    rows.push(
      { measure: `${at}: gaps measured`, vipkeeper: `${v.n}`, keepalived: `${k.n}`, target: "" },
      {
        measure: `${at}: mean gap`,
        vipkeeper: ms(v.mean, 3),
        keepalived: ms(k.mean, 3),
        target: "",
      }, // deno-fmt-ignore
      { measure: `${at}: deviation p50`, vipkeeper: ms(v.p50, 3), keepalived: ms(k.p50, 3), target: "" }, // deno-fmt-ignore
      { measure: `${at}: deviation p99`, vipkeeper: ms(v.p99, 3), keepalived: ms(k.p99, 3), target: "" }, // deno-fmt-ignore
      { measure: `${at}: deviation max`, vipkeeper: ms(v.max, 3), keepalived: ms(k.max, 3), target: "" }, // deno-fmt-ignore
    );
  }
  return { name: "Advert interval jitter of a master (VRRPv3)", rows, raw };
}

if (import.meta.main) {
  await report([await benchJitter(numberArg("seconds", 20))]);
}
