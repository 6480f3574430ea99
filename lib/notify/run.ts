/**
 * Run one process to completion with a deadline: the shared "start, wait, and on timeout SIGTERM
 * the process group, then SIGKILL it after a grace period" step used by notify hooks and track
 * scripts.
 *
 * @module
 */

import { type Clock, sleep } from "./clock.ts";
import type { ExitStatus, Spawner, SpawnRequest } from "./spawner.ts";

/** Limits of one run. */
export interface RunLimits {
  /** Milliseconds the process may run before its group gets SIGTERM. */
  timeoutMs: number;
  /** Milliseconds between SIGTERM and SIGKILL to the group (0 = SIGKILL right after SIGTERM). */
  graceMs: number;
  /** Aborting ends the run early exactly as a timeout does (SIGTERM, grace, SIGKILL). */
  signal?: AbortSignal;
}

/** How a run went. */
export interface RunResult {
  /** Exit status, or `null` when the process could not be started. */
  status: ExitStatus | null;
  /** True when the process was killed because of the timeout (or the abort signal). */
  timedOut: boolean;
  /** Why the process could not be started. */
  error?: string;
  /** Captured output (capped). */
  output: string;
  /** Process id (0 when not started). */
  pid: number;
  /** Clock time the run started and ended. */
  startedAt: number;
  /** Clock time the run ended (after the grace period of a killed run). */
  endedAt: number;
}

/**
 * Start `request` and wait for it. If it is still running after `timeoutMs` (or `signal` aborts),
 * its process group gets SIGTERM, and SIGKILL `graceMs` later unless the whole group has exited by
 * then; so when the run ends, descendants that ignored SIGTERM are gone too. A
 * process that cannot be started gives `status: null` and `error`; nothing throws.
 *
 * @example
 * ```ts
 * import { FakeClock } from "./fake_clock.ts";
 * import { FakeSpawner } from "./fake_spawner.ts";
 * import { runWithTimeout } from "./run.ts";
 * const clock = new FakeClock();
 * const spawner = new FakeSpawner(clock, () => ({ runMs: Infinity }));
 * const run = runWithTimeout(spawner, clock, { argv: ["/bin/hang"] }, { timeoutMs: 100, graceMs: 0 });
 * await clock.advance(100);
 * const r = await run;
 * if (!r.timedOut || r.status?.signal !== "SIGTERM") throw new Error();
 * ```
 */
export async function runWithTimeout(
  spawner: Spawner,
  clock: Clock,
  request: SpawnRequest,
  limits: RunLimits,
): Promise<RunResult> {
  const startedAt = clock.now();
  let child;
  try {
    child = spawner.spawn(request);
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return {
      status: null,
      timedOut: false,
      error,
      output: "",
      pid: 0,
      startedAt,
      endedAt: startedAt,
    };
  }
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  limits.signal?.addEventListener("abort", onAbort, { once: true });
  if (limits.signal?.aborted) stop.abort();
  const deadline = sleep(clock, limits.timeoutMs, stop.signal).then(() => "deadline" as const);
  const first = await Promise.race([status, deadline]);
  let timedOut = false;
  if (first === "deadline" && !exited) {
    timedOut = true;
    child.killGroup("SIGTERM");
    if (limits.graceMs > 0) {
      // Wait for the process, then for the rest of the grace only if a descendant lingers.
      const graceEnd = clock.now() + limits.graceMs;
      const cut = new AbortController();
      await Promise.race([status, sleep(clock, limits.graceMs, cut.signal)]);
      cut.abort();
      if (child.groupAlive()) await sleep(clock, graceEnd - clock.now());
    }
    child.killGroup("SIGKILL");
  }
  stop.abort(); // cancels the deadline timer when the process exited first
  limits.signal?.removeEventListener("abort", onAbort);
  const final = await status;
  return {
    status: final,
    timedOut,
    output: child.output(),
    pid: child.pid,
    startedAt,
    endedAt: clock.now(),
  };
}
