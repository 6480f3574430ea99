/**
 * Start-up to first advert: from the spawn of the daemon (`ip netns exec … sh -c exec …`) to
 * its first advert on the wire (tshark on the bridge), for an address owner (priority 255,
 * state MASTER, VRRPv3, advert_int 0.1 s) that becomes MASTER at once; vipkeeper (`deno run`,
 * from Deno's module cache) vs keepalived 2.2.7. Repeated; median and worst reported.
 *
 * `deno run -A bench/system/startup.ts [--reps N] [--json FILE]` (root).
 *
 * @module
 */

import { startCapture } from "./_capture.ts";
import {
  configText,
  createLab,
  type Daemon,
  type Kind,
  KINDS,
  median,
  sleep,
  startDaemon,
  waitNotify,
} from "./_lab.ts"; // deno-fmt-ignore
import { ms, numberArg, report, type Result } from "./_report.ts";

/** Seconds from spawn to first advert, `reps` times. */
export async function measureStartups(kind: Kind, reps: number): Promise<number[]> {
  const lab = await createLab(1);
  const node = lab.nodes[0]!;
  const dir = await Deno.makeTempDir({ prefix: `vkb-start-${kind}-` });
  const spawned: number[] = [];
  try {
    const cap = await startCapture(
      lab.hub,
      lab.bridge,
      `ip proto 112 and src host ${node.address}`,
    );
    const conf = configText(dir, [{
      interface: node.dev,
      vrid: 51,
      priority: 255,
      version: 3,
      advertInt: 0.1,
      vips: ["192.0.2.100/24"],
    }], "MASTER"); // deno-fmt-ignore
    for (let i = 0; i < reps; i++) {
      let d: Daemon | undefined;
      try {
        d = await startDaemon(kind, node.ns, dir, conf);
        spawned.push(d.spawnedAt);
        await waitNotify(dir, "MASTER", 15_000);
        await sleep(300);
      } finally {
        await d?.stop();
      }
      await sleep(500);
    }
    const frames = (await cap.stop()).filter((f) => f.prio === 255);
    return spawned.map((s) => {
      const first = frames.find((f) => f.t > s);
      if (!first) throw new Error(`no advert after the start at ${s}`);
      return first.t - s;
    });
  } finally {
    await lab.destroy();
    await Deno.remove(dir, { recursive: true }).catch(() => undefined);
  }
}

/** Both daemons. */
export async function benchStartup(reps: number): Promise<Result> {
  const got: Record<string, number[]> = {};
  for (const kind of KINDS) got[kind] = await measureStartups(kind, reps);
  const v = got.vipkeeper!, k = got.keepalived!;
  return {
    name: `Start-up to first advert (address owner, VRRPv3; ${reps} starts)`,
    rows: [
      { measure: "median", vipkeeper: ms(median(v)), keepalived: ms(median(k)), target: "" },
      {
        measure: "worst",
        vipkeeper: ms(Math.max(...v)),
        keepalived: ms(Math.max(...k)),
        target: "",
      }, // deno-fmt-ignore
    ],
    raw: got,
  };
}

if (import.meta.main) {
  await report([await benchStartup(numberArg("reps", 5))]);
}
