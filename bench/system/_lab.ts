/**
 * The test bench of the system benchmarks: network namespaces on one bridge (the bridge lives in
 * a third namespace, where tshark watches the wire), vipkeeper and keepalived 2.2.7 started from
 * the same keepalived.conf, kernel-timestamped captures, and per-process CPU and memory from
 * /proc. Everything made here is removed by `Lab.destroy()`; processes are ended by their PID.
 *
 * @module
 */

import { keepalivedConf, type PeerInstance } from "../../tests/interop/_peers.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** The main.ts vipkeeper runs from: `VKB_MAIN` (e.g. an older checkout, for A/B runs) or ours. */
function mainPath(): string {
  return Deno.env.get("VKB_MAIN") || MAIN;
}

/**
 * The `deno run` options vipkeeper runs with (besides `-A`): those of the `vipkeeper` task in the
 * deno.json next to its main.ts (what `deno task vipkeeper` ships: `--v8-flags=…` and the like,
 * not the `--allow-*` ones), with the V8 flags replaced by `VKB_V8_FLAGS` when that is set (`""`:
 * none; e.g. `--max-semi-space-size=1` for experiments).
 */
export function runFlags(): string[] {
  const fromTask = taskRunFlags(mainPath());
  const v8 = Deno.env.get("VKB_V8_FLAGS");
  if (v8 === undefined) return fromTask;
  const rest = fromTask.filter((f) => !f.startsWith("--v8-flags="));
  return v8 ? [...rest, `--v8-flags=${v8}`] : rest;
}

/** The options of the `vipkeeper` task (between `run` and the script), minus `--allow-*`. */
export function taskRunFlags(main: string): string[] {
  try {
    const json = JSON.parse(Deno.readTextFileSync(main.replace(/[^/]*$/, "deno.json"))) as {
      tasks?: Record<string, string>;
    };
    const words = (json.tasks?.vipkeeper ?? "").split(/\s+/);
    const from = words.indexOf("run") + 1;
    const to = words.findIndex((w) => w.endsWith(".ts"));
    if (from === 0 || to < from) return [];
    return words.slice(from, to).filter((w) => w.startsWith("--") && !w.startsWith("--allow-"));
  } catch {
    return [];
  }
}

/** The two daemons compared. */
export type Kind = "vipkeeper" | "keepalived";

/** Both kinds, vipkeeper first. */
export const KINDS: readonly Kind[] = ["vipkeeper", "keepalived"];

/** Sleep `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Run a command (optionally in a namespace); throws with stderr unless it exits 0. */
export async function sh(argv: string[], netns?: string): Promise<string> {
  const full = netns ? ["ip", "netns", "exec", netns, ...argv] : argv;
  const out = await new Deno.Command(full[0]!, { args: full.slice(1), stdin: "null" }).output();
  const dec = new TextDecoder();
  if (out.code !== 0) {
    throw new Error(`${full.join(" ")} exited ${out.code}: ${dec.decode(out.stderr).trim()}`);
  }
  return dec.decode(out.stdout);
}

/** One node namespace on the lab's bridge. */
export interface LabNode {
  ns: string;
  dev: string;
  /** Its IPv4 address (198.51.100.x, without prefix). */
  address: string;
  mac: string;
}

/** Namespaces joined through a bridge in `hub`. */
export interface Lab {
  hub: string;
  bridge: string;
  nodes: LabNode[];
  destroy(): Promise<void>;
}

/** `count` node namespaces (198.51.100.11, .12, …) on a bridge in a hub namespace. */
export async function createLab(count: number): Promise<Lab> {
  const tag = `vkb${Deno.pid % 100000}`;
  const hub = `${tag}h`;
  const made: string[] = [];
  const destroy = async () => {
    for (const ns of made.reverse()) {
      await sh(["ip", "netns", "del", ns]).catch((e) => console.error(`cleanup: ${e}`));
    }
  };
  try {
    await sh(["ip", "netns", "add", hub]);
    made.push(hub);
    await sh(["ip", "link", "add", "br0", "type", "bridge"], hub);
    await sh(["ip", "link", "set", "br0", "up"], hub);
    const nodes: LabNode[] = [];
    for (let i = 1; i <= count; i++) {
      const ns = `${tag}n${i}`;
      await sh(["ip", "netns", "add", ns]);
      made.push(ns);
      await sh(["ip", "link", "set", "lo", "up"], ns);
      const dev = `${tag}e${i}`;
      await sh([
        "ip",
        "link",
        "add",
        dev,
        "netns",
        ns,
        "type",
        "veth",
        "peer",
        "name",
        `p${i}`,
        "netns",
        hub,
      ]); // deno-fmt-ignore
      await sh(["ip", "link", "set", `p${i}`, "master", "br0", "up"], hub);
      const address = `198.51.100.${10 + i}`;
      await sh(["ip", "addr", "add", `${address}/24`, "dev", dev], ns);
      await sh(["ip", "link", "set", dev, "up"], ns);
      const info = JSON.parse(await sh(["ip", "-j", "link", "show", "dev", dev], ns)) as {
        address: string;
      }[];
      nodes.push({ ns, dev, address, mac: info[0]!.address });
    }
    return { hub, bridge: "br0", nodes, destroy };
  } catch (e) {
    await destroy();
    throw e;
  }
}

/** A started daemon. */
export interface Daemon {
  kind: Kind;
  /** The process that sends adverts (keepalived's VRRP child; vipkeeper's Deno process). */
  workerPid: number;
  /** The process we spawned (keepalived's parent; vipkeeper itself). */
  pid: number;
  /** Wall time (epoch seconds) just before the spawn. */
  spawnedAt: number;
  dir: string;
  /**
   * SIGKILL. keepalived: both processes are stopped (SIGSTOP) first, then killed: killing the
   * parent first let the VRRP child notice and send a priority-0 advert now and then (a hand-off
   * after Skew_Time, ≈ 80 ms, instead of a failure), and killing the child first would let the
   * parent respawn it.
   */
  kill9(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

async function readPid(path: string, timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const pid = Number((await Deno.readTextFile(path).catch(() => "")).trim());
    if (pid > 0) return pid;
    await sleep(5);
  }
  throw new Error(`no pid in ${path} after ${timeoutMs} ms`);
}

/** keepalived.conf text for `instances`, with `state` replaced when given. */
export function configText(dir: string, instances: PeerInstance[], state?: "MASTER"): string {
  const text = keepalivedConf(dir, instances);
  return state ? text.replaceAll("state BACKUP", `state ${state}`) : text;
}

/**
 * Start `kind` in `netns` from a keepalived.conf written into `dir` (generic notify into
 * `dir/notify.log`); output goes to `dir/KIND.log`.
 */
export async function startDaemon(
  kind: Kind,
  netns: string,
  dir: string,
  conf: string,
): Promise<Daemon> {
  const notify = `${dir}/notify.sh`;
  await Deno.writeTextFile(notify, `#!/bin/sh\necho "$(date +%s.%N) $*" >> ${dir}/notify.log\n`);
  await Deno.chmod(notify, 0o755);
  await Deno.writeTextFile(`${dir}/keepalived.conf`, conf);
  for (const f of ["keepalived.pid", "vrrp.pid", "checkers.pid", "notify.log"]) {
    await Deno.remove(`${dir}/${f}`).catch(() => undefined);
  }
  const argv = kind === "keepalived"
    ? [
      "keepalived",
      "-n",
      "-l",
      "-P",
      "-G",
      "-f",
      `${dir}/keepalived.conf`,
      "-p",
      `${dir}/keepalived.pid`,
      "-r",
      `${dir}/vrrp.pid`,
      "-c",
      `${dir}/checkers.pid`,
    ] // deno-fmt-ignore
    : [Deno.execPath(), "run", "-A", ...runFlags(), mainPath(), "run", "-f", `${dir}/keepalived.conf`];
  const quoted = argv.map((a) => `'${a}'`).join(" ");
  const spawnedAt = Date.now() / 1000;
  const child = new Deno.Command("ip", {
    args: ["netns", "exec", netns, "sh", "-c", `exec ${quoted} >>'${dir}/${kind}.log' 2>&1`],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const workerPid = kind === "keepalived" ? await readPid(`${dir}/vrrp.pid`, 10_000) : child.pid;
  const kill = (pid: number, sig: Deno.Signal) => {
    try {
      Deno.kill(pid, sig);
    } catch { /* gone */ }
  };
  return {
    kind,
    workerPid,
    pid: child.pid,
    spawnedAt,
    dir,
    async kill9() {
      if (workerPid !== child.pid) {
        kill(child.pid, "SIGSTOP");
        kill(workerPid, "SIGSTOP");
        kill(workerPid, "SIGKILL");
      }
      kill(child.pid, "SIGKILL");
      await child.status;
    },
    async stop() {
      kill(child.pid, "SIGTERM");
      const t = setTimeout(() => {
        kill(child.pid, "SIGKILL");
        if (workerPid !== child.pid) kill(workerPid, "SIGKILL");
      }, 5000);
      await child.status;
      clearTimeout(t);
    },
  };
}

/** Lines of `dir/notify.log`: `[time, ...args]`. */
export async function notifyLines(dir: string): Promise<{ time: number; args: string[] }[]> {
  const text = await Deno.readTextFile(`${dir}/notify.log`).catch(() => "");
  return text.split("\n").filter((l) => l.trim()).map((l) => {
    const [t, ...args] = l.split(" ");
    return { time: Number(t), args };
  });
}

/** Wait until `dir/notify.log` has `count` lines with `state`; throws after `timeoutMs`. */
export async function waitNotify(
  dir: string,
  state: string,
  timeoutMs: number,
  count = 1,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const lines = await notifyLines(dir);
    if (lines.filter((l) => l.args[2] === state).length >= count) return;
    if (Date.now() > end) {
      throw new Error(`${dir}: ${count}× ${state} not reached in ${timeoutMs} ms`);
    }
    await sleep(20);
  }
}

/** CPU seconds (utime + stime, all threads) of a process, from /proc/PID/stat. */
export function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100; // CLK_TCK is 100 on Linux
}

/** Resident memory (VmRSS) of a process in MiB. */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Percentile (0–100) by nearest rank; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median (50th percentile by nearest rank). */
export function median(values: number[]): number {
  return percentile(values, 50);
}
