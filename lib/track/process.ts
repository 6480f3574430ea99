/**
 * `track_process` (spec §2.6), kept simple: instead of the kernel's process connector, vipkeeper
 * scans `/proc/<pid>/comm` and `/proc/<pid>/cmdline` every `intervalMs` (default 1 s) and counts
 * the matching processes. The tracked object is ok ("has quorum") when
 * `quorum ≤ count ≤ quorum_max`. A change of quorum is reported as `{ kind: "process", name, ok }`
 * once it has lasted `fork_delay` (gaining quorum) or `terminate_delay` (losing it); `delay` is used
 * for whichever of the two is 0. The first state is reported after the first scan, without delay.
 *
 * Matching: without `full_command` the first word of `process` is compared with the kernel's
 * process name (`comm`, at most 15 characters; the configured name is cut to 15 as well); with
 * `full_command`, with argv[0] as written in `cmdline`. Further words are parameters: none given
 * matches any; `param_match` exact (default) needs argv[1..] to equal them, `initial` to start with
 * them, `partial` to contain them consecutively. Processes with an empty command line (kernel
 * threads, zombies) never match.
 *
 * @module
 */

import type { TrackProcess } from "../config/model.ts";
import type { Clock } from "../notify/clock.ts";
import type { Logger } from "../notify/logger.ts";
import { deliver } from "./_deliver.ts";
import type { Tracker, TrackerListener } from "./tracker.ts";

/** One process seen in `/proc`. */
export interface ProcInfo {
  /** Process id. */
  pid: number;
  /** Kernel process name (`/proc/PID/comm`). */
  comm: string;
  /** Command line (`/proc/PID/cmdline` split at NULs). */
  argv: string[];
}

/**
 * Read every process from `/proc` (processes that exit meanwhile are skipped).
 *
 * @example
 * ```ts
 * import { scanProc } from "./process.ts";
 * const me = scanProc().find((p) => p.pid === Deno.pid);
 * if (!me || me.argv.length === 0) throw new Error();
 * ```
 */
export function scanProc(root = "/proc"): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of Deno.readDirSync(root)) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`${root}/${entry.name}/cmdline`);
      const comm = Deno.readTextFileSync(`${root}/${entry.name}/comm`).replace(/\n$/, "");
      const argv = cmdline === "" ? [] : cmdline.replace(/\0$/, "").split("\0");
      out.push({ pid: Number(entry.name), comm, argv });
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * Does a process match a `track_process` definition (see the module notes)?
 *
 * @example
 * ```ts
 * import { processMatches } from "./process.ts";
 * const p = { pid: 1, comm: "haproxy", argv: ["/usr/sbin/haproxy", "-f", "/etc/h.cfg"] };
 * const tp = { name: "hap", process: ["haproxy", "-f"], paramMatch: "initial" as const,
 *   weight: 0, reverse: false, quorum: 1, delay: 0, terminateDelay: 0, forkDelay: 0,
 *   fullCommand: false };
 * if (!processMatches(p, tp)) throw new Error();
 * ```
 */
export function processMatches(p: ProcInfo, tp: TrackProcess): boolean {
  if (p.argv.length === 0) return false;
  const [name = "", ...params] = tp.process;
  const ok = tp.fullCommand ? p.argv[0] === name : p.comm === name.slice(0, 15);
  if (!ok) return false;
  if (params.length === 0) return true;
  const args = p.argv.slice(1);
  const at = (i: number) => params.every((w, j) => args[i + j] === w);
  switch (tp.paramMatch) {
    case "exact":
      return args.length === params.length && at(0);
    case "initial":
      return at(0);
    case "partial":
      for (let i = 0; i + params.length <= args.length; i++) if (at(i)) return true;
      return false;
  }
}

/**
 * Quorum: `quorum ≤ count ≤ quorum_max` (no maximum when absent).
 *
 * @example
 * ```ts
 * import { hasQuorum } from "./process.ts";
 * if (!hasQuorum(2, { quorum: 1, quorumMax: 2 }) || hasQuorum(3, { quorum: 1, quorumMax: 2 })) {
 *   throw new Error();
 * }
 * ```
 */
export function hasQuorum(count: number, tp: Pick<TrackProcess, "quorum" | "quorumMax">): boolean {
  return count >= tp.quorum && (tp.quorumMax === undefined || count <= tp.quorumMax);
}

/** Collaborators and settings of one process tracker. */
export interface ProcessTrackerOptions {
  /** The `vrrp_track_process` block. */
  process: TrackProcess;
  /** Schedules scans and delays. */
  clock: Clock;
  /** Log lines. */
  logger: Logger;
  /** Receives changes. */
  onChange: TrackerListener;
  /** Milliseconds between scans (default 1000). */
  intervalMs?: number;
  /** Lists processes (default `scanProc`). */
  scan?: () => ProcInfo[];
}

/**
 * Tracks one `vrrp_track_process` by scanning `/proc`.
 *
 * @example
 * ```ts
 * import { FakeClock } from "../notify/fake_clock.ts";
 * import { silentLogger } from "../notify/logger.ts";
 * import { ProcessTracker } from "./process.ts";
 * const clock = new FakeClock();
 * const seen: boolean[] = [];
 * const t = new ProcessTracker({
 *   process: { name: "nginx", process: ["nginx"], paramMatch: "exact", weight: 0, reverse: false,
 *     quorum: 1, delay: 0, terminateDelay: 0, forkDelay: 0, fullCommand: false },
 *   clock, logger: silentLogger, scan: () => [],
 *   onChange: (e) => { if (e.kind === "process") seen.push(e.ok); },
 * });
 * t.start();
 * await t.stop();
 * if (seen.join() !== "false") throw new Error();
 * ```
 */
export class ProcessTracker implements Tracker {
  #o: ProcessTrackerOptions;
  #ok: boolean | undefined;
  #pending: { ok: boolean; cancel: () => void } | null = null;
  #cancelScan: (() => void) | null = null;
  #stopped = false;

  /** Create the tracker (nothing is scanned until `start`). */
  constructor(options: ProcessTrackerOptions) {
    this.#o = options;
  }

  /** The last reported state (undefined before the first scan). */
  get ok(): boolean | undefined {
    return this.#ok;
  }

  /** Scan now and then every interval. */
  start(): void {
    this.#tick();
  }

  /** Stop scanning. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelScan?.();
    this.#pending?.cancel();
    return Promise.resolve();
  }

  #tick(): void {
    if (this.#stopped) return;
    this.#cancelScan = this.#o.clock.setTimer(this.#o.intervalMs ?? 1000, () => this.#tick());
    this.#observe(this.#quorum());
  }

  #quorum(): boolean {
    const tp = this.#o.process;
    let procs: ProcInfo[] = [];
    try {
      procs = (this.#o.scan ?? scanProc)();
    } catch (e) {
      this.#o.logger.error(`Track process ${tp.name}: cannot scan processes: ${e}`);
    }
    return hasQuorum(procs.filter((p) => processMatches(p, tp)).length, tp);
  }

  #observe(ok: boolean): void {
    if (this.#ok === undefined) return this.#report(ok);
    if (this.#pending && this.#pending.ok !== ok) {
      this.#pending.cancel();
      this.#pending = null;
    }
    if (ok === this.#ok || this.#pending) return;
    const tp = this.#o.process;
    const delayS = ok ? tp.forkDelay || tp.delay : tp.terminateDelay || tp.delay;
    if (delayS <= 0) return this.#report(ok);
    const cancel = this.#o.clock.setTimer(delayS * 1000, () => {
      this.#pending = null;
      if (this.#quorum() === ok) this.#report(ok);
    });
    this.#pending = { ok, cancel };
  }

  #report(ok: boolean): void {
    if (this.#stopped || ok === this.#ok) return;
    const first = this.#ok === undefined;
    this.#ok = ok;
    const { name } = this.#o.process;
    if (!first || !ok) this.#o.logger.info(`Track process ${name} ${ok ? "has" : "lost"} quorum`);
    deliver(this.#o.onChange, { kind: "process", name, ok }, this.#o.logger);
  }
}
