/**
 * The `vrrp_script` runner (spec §3.4): runs the script at start and then every `interval` (the
 * timer is re-armed before each launch), never two runs at once (a due run is skipped and logged
 * while the previous one is still going), each run in its own process group and killed at
 * `timeout` (or `interval` when 0) with SIGTERM, then SIGKILL 2 s later; a killed run is a failure.
 * Exit 0 is success, anything else (or a signal, or failing to start) is failure. Results go
 * through keepalived's rise/fall counter (`./rise_fall.ts`) and each change of state is reported
 * as `{ kind: "script", name, ok }`.
 *
 * `init_fail`: keepalived 2.2.7 ignores it in practice (any `track_script` reference resets the
 * script to "not yet run", spec §2.2), so by default vipkeeper does too and the first result
 * decides. `honourInitFail: true` makes the script start FAILED (reported at `start`) so that it
 * needs `rise` successes, which is what the keyword was meant to do.
 *
 * @module
 */

import type { ScriptCommand, VrrpScript } from "../config/model.ts";
import type { Clock } from "../notify/clock.ts";
import type { RunAsDecision } from "../notify/executor.ts";
import type { Logger } from "../notify/logger.ts";
import { type RunResult, runWithTimeout } from "../notify/run.ts";
import type { Spawner, SpawnRequest } from "../notify/spawner.ts";
import { initialRiseFall, type RiseFallState, stepRiseFall } from "./rise_fall.ts";
import { deliver } from "./_deliver.ts";
import type { Tracker, TrackerListener } from "./tracker.ts";

/** Default milliseconds between SIGTERM and SIGKILL for a timed-out script (keepalived: 2 s). */
export const SCRIPT_KILL_GRACE_MS = 2_000;

/** Collaborators and settings of one script tracker. */
export interface ScriptTrackerOptions {
  /** The `vrrp_script` block. */
  script: VrrpScript;
  /** Starts the script. */
  spawner: Spawner;
  /** Schedules runs. */
  clock: Clock;
  /** Log lines. */
  logger: Logger;
  /** Receives state changes. */
  onChange: TrackerListener;
  /** Identity for the script (default: vipkeeper's own); a refusal counts as a failed run. */
  runAs?: (command: ScriptCommand) => RunAsDecision;
  /** SIGTERM → SIGKILL grace in ms (default 2000). */
  graceMs?: number;
  /** Bytes of output logged per run (default 1024). */
  outputLimit?: number;
  /** Start FAILED when `init_fail` is set (default false: keepalived 2.2.7's behaviour). */
  honourInitFail?: boolean;
  /**
   * On reload, the state of the same script under the old configuration (`tracker.state`): the
   * result is kept and not reported again, as keepalived does (`considered successful on reload`).
   * Ignored when `rise` or `fall` changed.
   */
  resumeFrom?: RiseFallState;
}

/**
 * Runs one `vrrp_script` on its interval and reports its state.
 *
 * @example
 * ```ts
 * import { FakeClock } from "../notify/fake_clock.ts";
 * import { FakeSpawner } from "../notify/fake_spawner.ts";
 * import { silentLogger } from "../notify/logger.ts";
 * import { ScriptTracker } from "./script.ts";
 * const clock = new FakeClock();
 * const spawner = new FakeSpawner(clock, () => ({ runMs: 5, code: 0 }));
 * const seen: boolean[] = [];
 * const t = new ScriptTracker({
 *   script: { name: "chk", script: { command: "/chk", argv: ["/chk"] }, interval: 2, timeout: 0,
 *     weight: 0, reverse: false, rise: 3, fall: 2, initFail: false },
 *   spawner, clock, logger: silentLogger,
 *   onChange: (e) => { if (e.kind === "script") seen.push(e.ok); },
 * });
 * t.start();
 * await clock.advance(10);
 * await t.stop();
 * if (seen.join() !== "true") throw new Error(seen.join());
 * ```
 */
export class ScriptTracker implements Tracker {
  #o: ScriptTrackerOptions;
  #state: RiseFallState;
  #cancelTimer: (() => void) | null = null;
  #running: Promise<void> | null = null;
  #abort = new AbortController();
  #lastCode: number | undefined;
  #stopped = false;
  #resumed: boolean;

  /** Create the tracker (nothing runs until `start`). */
  constructor(options: ScriptTrackerOptions) {
    this.#o = options;
    const s = options.script;
    const old = options.resumeFrom;
    this.#state = old && old.rise === s.rise && old.fall === s.fall && old.status !== "pending"
      ? old
      : initialRiseFall(s.rise, s.fall, s.initFail && options.honourInitFail === true);
    this.#resumed = this.#state === old;
  }

  /** The script's name. */
  get name(): string {
    return this.#o.script.name;
  }

  /** `pending` until the first result, then `ok` or `failed`. */
  get status(): RiseFallState["status"] {
    return this.#state.status;
  }

  /** The rise/fall state (for status dumps, and `resumeFrom` on reload). */
  get state(): RiseFallState {
    return this.#state;
  }

  /** Run now and then every `interval` (a stopped tracker cannot be started again). */
  start(): void {
    if (this.#resumed) {
      const word = this.#state.status === "ok" ? "successful" : "failed";
      this.#o.logger.info(`VRRP_Script(${this.name}) considered ${word} on reload`);
    } else if (this.#state.status === "failed") {
      deliver(this.#o.onChange, { kind: "script", name: this.name, ok: false }, this.#o.logger);
    }
    this.#tick();
  }

  /** Stop scheduling, kill a running script (SIGTERM, then SIGKILL after the grace), wait for it. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#abort.abort();
    await this.#running;
  }

  #tick(): void {
    if (this.#stopped) return;
    const { script, clock, logger } = this.#o;
    this.#cancelTimer = clock.setTimer(script.interval * 1000, () => this.#tick());
    if (this.#running) {
      logger.warn(`Track script ${script.name} is already running, expect idle - skipping run`);
      return;
    }
    this.#running = this.#runOnce()
      .catch((e) => logger.error(`VRRP_Script(${script.name}) run failed: ${e}`))
      .finally(() => (this.#running = null));
  }

  async #runOnce(): Promise<void> {
    const o = this.#o;
    const s = o.script;
    const cmd: ScriptCommand = s.user ? { ...s.script, ...s.user } : s.script;
    const who = o.runAs ? o.runAs(cmd) : {};
    let result: RunResult | null = null;
    if ("refused" in who) {
      o.logger.error(`VRRP_Script(${s.name}) not run: ${who.refused}`);
    } else {
      const request: SpawnRequest = { argv: cmd.argv, outputLimit: o.outputLimit ?? 1024 };
      if (who.uid !== undefined) request.uid = who.uid;
      if (who.gid !== undefined) request.gid = who.gid;
      const timeoutMs = (s.timeout > 0 ? s.timeout : s.interval) * 1000;
      result = await runWithTimeout(o.spawner, o.clock, request, {
        timeoutMs,
        graceMs: o.graceMs ?? SCRIPT_KILL_GRACE_MS,
        signal: this.#abort.signal,
      });
    }
    if (this.#stopped) return;
    this.#record(result);
  }

  #record(result: RunResult | null): void {
    const { logger } = this.#o;
    const name = this.name;
    if (result?.output) logger.info(`VRRP_Script(${name}) output: ${result.output.trimEnd()}`);
    if (result?.status === null) {
      logger.error(`VRRP_Script(${name}) could not start: ${result.error}`);
    }
    if (result?.timedOut) logger.warn(`VRRP_Script(${name}) timed_out`);
    const code = result?.status?.code ?? -1;
    const success = result?.status?.success === true && !result.timedOut;
    if (code !== this.#lastCode && (this.#lastCode !== undefined || code !== 0)) {
      logger.info(`Script \`${name}\` now returning ${code}`);
    }
    this.#lastCode = code;
    const step = stepRiseFall(this.#state, success);
    this.#state = step.state;
    if (!step.changed) return;
    if (success) logger.info(`VRRP_Script(${name}) succeeded`);
    else logger.info(`VRRP_Script(${name}) failed (exited with status ${code})`);
    deliver(this.#o.onChange, { kind: "script", name, ok: success }, this.#o.logger);
  }
}
