/**
 * `notify_fifo` / `vrrp_notify_fifo` writers (spec §5.4). The FIFO is created mode 0644 if absent
 * (by running `mkfifo`, so no FFI is needed), opened read-write and non-blocking so a write never
 * blocks the agent (a full pipe drops the line, as keepalived does), and the `*_fifo_script` is
 * started with the FIFO path appended to its argv.
 *
 * Where vipkeeper differs from keepalived: on `close` (shutdown or reload) the lines already
 * written, including the STOP lines, stay readable: vipkeeper first closes its end, so a reader
 * sees end-of-file after the last line, gives the script `graceMs` to exit, and only then sends
 * SIGTERM (and SIGKILL after another `graceMs`) to the script's process group. keepalived kills
 * its FIFO script before writing the STOP lines, so its reader never sees them.
 *
 * @module
 */

import fs from "node:fs";
import type { ScriptCommand } from "../config/model.ts";
import { type Clock, sleep } from "./clock.ts";
import type { LineSink, RunAsDecision } from "./executor.ts";
import type { Logger } from "./logger.ts";
import type { ChildProcess, Spawner, SpawnRequest } from "./spawner.ts";

/** How to open one FIFO. */
export interface FifoOptions {
  /** Path of the FIFO. */
  path: string;
  /** Owner to give a FIFO this call creates (from `vrrp_notify_fifo PATH user group`). */
  owner?: { uid: number; gid: number };
  /** The `*_fifo_script` to start with the path appended. */
  script?: ScriptCommand;
  /** Identity of the script (default: vipkeeper's own). */
  runAs?: (command: ScriptCommand) => RunAsDecision;
  /** Starts the script. */
  spawner: Spawner;
  /** Waits on close. */
  clock: Clock;
  /** Log lines. */
  logger: Logger;
  /** Milliseconds the script gets to exit after end-of-file, and after SIGTERM (default 1000). */
  graceMs?: number;
}

/**
 * An open notify FIFO. Create with `NotifyFifo.open`; pass it to the executor's `fifos`.
 *
 * @example
 * ```ts
 * import { NotifyFifo } from "./fifo.ts";
 * import { systemClock } from "./clock.ts";
 * import { silentLogger } from "./logger.ts";
 * import { denoSpawner } from "./spawner.ts";
 * const dir = Deno.makeTempDirSync();
 * const fifo = await NotifyFifo.open({
 *   path: `${dir}/notify`, spawner: denoSpawner, clock: systemClock, logger: silentLogger,
 * });
 * fifo.write('INSTANCE "VI_1" MASTER 150\n');
 * await fifo.close();
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export class NotifyFifo implements LineSink {
  #fd: number | null;
  #child: ChildProcess | null = null;
  #dropped = 0;

  private constructor(readonly path: string, fd: number, readonly options: FifoOptions) {
    this.#fd = fd;
  }

  /** Lines lost because the pipe was full (or the FIFO closed). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Process id of the running FIFO script, if any. */
  get scriptPid(): number | null {
    return this.#child?.pid ?? null;
  }

  /** Create the FIFO if needed, open it and start the FIFO script. Throws if that fails. */
  static async open(options: FifoOptions): Promise<NotifyFifo> {
    const { path, logger } = options;
    let st: Deno.FileInfo | null = null;
    try {
      st = Deno.statSync(path);
    } catch {
      st = null;
    }
    if (st && !st.isFifo) throw new Error(`Notify FIFO ${path} exists and is not a FIFO`);
    if (!st) {
      const out = await new Deno.Command("mkfifo", { args: ["-m", "0644", path] }).output();
      if (!out.success) {
        const why = new TextDecoder().decode(out.stderr).trim();
        throw new Error(`Cannot create notify FIFO ${path}: ${why}`);
      }
      if (options.owner) Deno.chownSync(path, options.owner.uid, options.owner.gid);
      logger.info(`Created notify FIFO ${path}`);
    }
    const fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    const fifo = new NotifyFifo(path, fd, options);
    fifo.#startScript();
    return fifo;
  }

  #startScript(): void {
    const { script, runAs, spawner, logger } = this.options;
    if (!script) return;
    const who = runAs ? runAs(script) : {};
    if ("refused" in who) {
      logger.warn(`FIFO script for ${this.path} not started: ${who.refused}`);
      return;
    }
    const request: SpawnRequest = { argv: [...script.argv, this.path] };
    if (who.uid !== undefined) request.uid = who.uid;
    if (who.gid !== undefined) request.gid = who.gid;
    try {
      const child = spawner.spawn(request);
      this.#child = child;
      void child.status.then((s) => {
        if (this.#child === child) this.#child = null;
        logger.info(`FIFO script ${script.argv[0]} for ${this.path} exited with status ${s.code}`);
      });
    } catch (e) {
      logger.error(`FIFO script ${script.argv[0]} for ${this.path} could not start: ${e}`);
    }
  }

  /** Write one line; never blocks. A full pipe or a closed FIFO drops the line (counted). */
  write(line: string): void {
    if (this.#fd === null) {
      this.#dropped++;
      return;
    }
    try {
      fs.writeSync(this.#fd, new TextEncoder().encode(line));
    } catch (e) {
      if (this.#dropped++ === 0) {
        this.options.logger.warn(`Notify FIFO ${this.path} is full; dropping lines (${e})`);
      }
    }
  }

  /**
   * Close vipkeeper's end (the reader then sees end-of-file after the last line), wait up to
   * `graceMs` for the FIFO script to exit, then SIGTERM its process group, and SIGKILL it after
   * another `graceMs`. The FIFO file is left in place, as keepalived leaves it.
   */
  async close(): Promise<void> {
    if (this.#fd !== null) fs.closeSync(this.#fd);
    this.#fd = null;
    const child = this.#child;
    if (!child) return;
    const grace = this.options.graceMs ?? 1_000;
    const { clock } = this.options;
    let exited = false;
    void child.status.then(() => (exited = true));
    const waitExit = async () => {
      const stop = new AbortController();
      await Promise.race([child.status, sleep(clock, grace, stop.signal)]);
      stop.abort();
    };
    await waitExit();
    if (!exited) {
      child.killGroup("SIGTERM");
      await waitExit();
      if (!exited) child.killGroup("SIGKILL");
    }
    await child.status;
    this.#child = null;
  }
}
