/**
 * vipkeeper itself as a peer of the interop tests: `vipkeeper run` started inside a namespace
 * with a keepalived.conf written by `keepalivedConf` (vipkeeper reads keepalived's syntax), so
 * both sides are configured from the same description and log transitions through the same
 * generic notify script.
 *
 * @module
 */

import {
  keepalivedConf,
  type NotifyLine,
  type Peer,
  type PeerInstance,
  readNotifyLog,
  writeNotifyScript,
} from "./_peers.ts";
import { signal, spawnVipkeeper, waitOrKill } from "../netns/_process.ts";

/** Start `vipkeeper run` in `netns`; its log goes to `dir/vipkeeper.log`. */
export async function startVipkeeper(
  netns: string,
  dir: string,
  instances: PeerInstance[],
  extraArgs: string[] = [],
): Promise<Peer> {
  await writeNotifyScript(dir);
  await Deno.writeTextFile(`${dir}/vipkeeper.conf`, keepalivedConf(dir, instances));
  const { child, pumped } = await spawnVipkeeper(
    netns,
    `${dir}/vipkeeper.conf`,
    `${dir}/vipkeeper.log`,
    extraArgs,
  );
  return {
    name: "vipkeeper",
    async stop(graceMs = 5000) {
      signal(child.pid, "SIGTERM");
      await waitOrKill(child, graceMs);
      await pumped;
    },
    async crash() {
      signal(child.pid, "SIGKILL");
      await child.status;
      await pumped;
    },
    log: () => Deno.readTextFile(`${dir}/vipkeeper.log`).catch(() => ""),
  };
}

/** The state word of the last notify line (`INSTANCE NAME STATE PRIO`), or undefined. */
export function lastState(lines: NotifyLine[]): string | undefined {
  return lines.at(-1)?.args[2];
}

/**
 * Poll `dir/notify.log` until the last state is `state` (and, if given, stays for `holdMs`);
 * returns the wall time of that line, or throws with the log after `timeoutMs`.
 */
export async function waitForState(
  dir: string,
  state: string,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const lines = await readNotifyLog(`${dir}/notify.log`);
    const last = lines.at(-1);
    if (last && last.args[2] === state) return last.time;
    if (Date.now() > end) {
      throw new Error(
        `${what}: not ${state} after ${timeoutMs} ms; notify log:\n` +
          lines.map((l) => `  ${l.time} ${l.args.join(" ")}`).join("\n"),
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
