/**
 * The clock that notify and trackers read: the time now and one-shot timers. `systemClock` is the
 * real one; tests pass `FakeClock` (`./fake_clock.ts`) and move time by hand.
 *
 * @module
 */

/** Milliseconds-based time source with cancellable one-shot timers. */
export interface Clock {
  /** Current time in milliseconds (monotonic for the system clock). */
  now(): number;
  /** Call `fn` once after `ms` milliseconds; returns a function that cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
}

/**
 * The process clock: `performance.now()` and `setTimeout`.
 *
 * @example
 * ```ts
 * import { systemClock } from "./clock.ts";
 * const cancel = systemClock.setTimer(10_000, () => {});
 * cancel();
 * if (!(systemClock.now() >= 0)) throw new Error();
 * ```
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const id = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(id);
  },
};

/**
 * Resolve after `ms` milliseconds of `clock` time, or as soon as `signal` aborts.
 *
 * @example
 * ```ts
 * import { sleep, systemClock } from "./clock.ts";
 * await sleep(systemClock, 1);
 * ```
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      cancel();
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const cancel = clock.setTimer(ms, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
