/**
 * The real `AgentClock`: monotonic microseconds from `performance.now()` and `setTimeout`.
 *
 * @module
 */

import type { AgentClock } from "./ports.ts";

/**
 * Monotonic µs time and timers of the running process. A timer set for a time already past
 * fires on the next turn of the event loop.
 *
 * @example
 * ```ts
 * import { systemAgentClock } from "./clock.ts";
 * const t0 = systemAgentClock.now();
 * const cancel = systemAgentClock.at(t0 + 1_000_000, () => {});
 * cancel();
 * ```
 */
export const systemAgentClock: AgentClock = {
  now: () => Math.round(performance.now() * 1000),
  at(at, fn) {
    const delayMs = Math.max(0, (at - Math.round(performance.now() * 1000)) / 1000);
    const id = setTimeout(fn, delayMs);
    return () => clearTimeout(id);
  },
};
