/**
 * keepalived 2.2.7 as the reference in the tests that compare it with `vipkeeper run`: started in
 * a namespace on a configuration text (optionally under `strace -f`), ended by its own PIDs even
 * when a test fails, and the launch order of its hook processes read from the trace.
 *
 * @module
 */

import type { Started } from "./_run_vipkeeper.ts";
import { installed, readPid, signal, spawnLogged } from "../netns/_process.ts";
import { KEEPALIVED_PID_FILES, keepalivedArgv } from "../interop/_peers.ts";

/** True when keepalived is installed. */
export const HAVE_KEEPALIVED: boolean = installed("/usr/sbin/keepalived");
/** True when strace is installed. */
export const HAVE_STRACE: boolean = installed("/usr/bin/strace");

/**
 * Start keepalived (VRRP only, foreground, console log into `dir/keepalived.log`) in `netns` on
 * `conf`, written to `dir/keepalived.conf`. With `strace`, it runs under
 * `strace -f -e trace=clone,clone3,fork,vfork,execve -o STRACE`.
 */
export async function runKeepalived(
  netns: string,
  dir: string,
  conf: string,
  options: { strace?: string } = {},
): Promise<Started> {
  await Deno.writeTextFile(`${dir}/keepalived.conf`, conf);
  const pids = KEEPALIVED_PID_FILES.map((f) => `${dir}/${f}`);
  const trace = options.strace === undefined ? [] : [
    "strace",
    "-f",
    "-s",
    "512",
    "-e",
    "trace=clone,clone3,fork,vfork,execve",
    "-o",
    options.strace,
  ]; // deno-fmt-ignore
  const logPath = `${dir}/keepalived.log`;
  const argv = [...trace, ...await keepalivedArgv(dir)];
  const { child, pumped } = await spawnLogged(netns, argv, logPath, { stdout: true });
  let done: Promise<void> | undefined;
  return {
    stop(graceMs = 10_000) {
      done ??= (async () => {
        // SIGTERM to keepalived itself (under strace, child.pid is strace's).
        signal((await readPid(pids[0]!)) ?? child.pid, "SIGTERM");
        const t = setTimeout(() => void end(), graceMs);
        await child.status;
        clearTimeout(t);
        await end();
        await pumped;
      })();
      return done;
    },
    log: () => Deno.readTextFile(logPath).catch(() => ""),
  };

  /** Kill whatever is left; keepalived could otherwise outlive strace and hold the pipes. */
  async function end(): Promise<void> {
    for (const p of [pids[1]!, pids[2]!, pids[0]!]) {
      signal(await readPid(p), "SIGKILL");
    }
    signal(child.pid, "SIGKILL");
  }
}

const FORK = /(?:clone3?|v?fork)(?:\(| resumed>).*= (\d+)$/;
const EXEC = /execve\("([^"]*)", \[(.*?)\](?:, |\))/;

/**
 * argv of the processes keepalived launched whose program passes `keep`, in the order of the
 * parent's fork returns in an `strace -f` output: keepalived's launch order. The order of the
 * execve calls is not used: each runs in its own child after the fork, and children race (seen:
 * a `notify_backup` exec'd before the generic notify forked ahead of it).
 */
export function launchOrder(trace: string, keep: (program: string) => boolean): string[][] {
  const forked: number[] = [];
  const exec = new Map<number, string[]>();
  for (const line of trace.split("\n")) {
    const fork = line.match(FORK);
    if (fork?.[1] !== undefined) {
      forked.push(Number(fork[1]));
      continue;
    }
    const pid = Number(line.match(/^(\d+) /)?.[1]);
    const m = line.match(EXEC);
    if (!m || !keep(m[1] ?? "") || /= -1 /.test(line) || exec.has(pid)) continue;
    exec.set(pid, JSON.parse(`[${m[2]}]`));
  }
  return forked.flatMap((pid) => {
    const argv = exec.get(pid);
    return argv === undefined ? [] : [argv];
  });
}

/** argv of the kept programs in the order of their execve calls (racy; a cross-check only). */
export function execOrder(trace: string, keep: (program: string) => boolean): string[][] {
  return trace.split("\n").flatMap((line) => {
    const m = line.match(EXEC);
    if (!m || !keep(m[1] ?? "") || /= -1 /.test(line)) return [];
    return [JSON.parse(`[${m[2]}]`) as string[]];
  });
}
