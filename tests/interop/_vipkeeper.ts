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
} from "./_peers.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** Start `vipkeeper run` in `netns`; its log goes to `dir/vipkeeper.log`. */
export async function startVipkeeper(
  netns: string,
  dir: string,
  instances: PeerInstance[],
  extraArgs: string[] = [],
): Promise<Peer> {
  const notify = `${dir}/notify.sh`;
  await Deno.writeTextFile(notify, `#!/bin/sh\necho "$(date +%s.%N) $*" >> ${dir}/notify.log\n`);
  await Deno.chmod(notify, 0o755);
  await Deno.writeTextFile(`${dir}/vipkeeper.conf`, keepalivedConf(dir, instances));
  const log = await Deno.open(`${dir}/vipkeeper.log`, { create: true, append: true, write: true });
  const child = new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      netns,
      Deno.execPath(),
      "run",
      "-A",
      MAIN,
      "run",
      "-f",
      `${dir}/vipkeeper.conf`,
      ...extraArgs,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn(); // deno-fmt-ignore
  // Written as it comes (pipeTo would hold everything back until the process exits).
  const pumped = (async () => {
    for await (const chunk of child.stderr) log.writeSync(chunk);
  })().catch(() => undefined).finally(() => log.close());
  const kill = (sig: Deno.Signal) => {
    try {
      Deno.kill(child.pid, sig);
    } catch { /* gone */ }
  };
  return {
    name: "vipkeeper",
    async stop(graceMs = 5000) {
      kill("SIGTERM");
      const t = setTimeout(() => kill("SIGKILL"), graceMs);
      await child.status;
      clearTimeout(t);
      await pumped;
    },
    async crash() {
      kill("SIGKILL");
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
