/**
 * A virtual clock for tests: time moves only when the test calls `advance`, and due timers fire in
 * time order with pending promise callbacks settled between them.
 *
 * @module
 */

import type { Clock } from "./clock.ts";

interface Timer {
  at: number;
  order: number;
  fn: () => void;
}

/**
 * A `Clock` whose time is moved by the test.
 *
 * @example
 * ```ts
 * import { FakeClock } from "./fake_clock.ts";
 * const clock = new FakeClock();
 * let fired = 0;
 * clock.setTimer(100, () => fired++);
 * await clock.advance(99);
 * await clock.advance(1);
 * if (fired !== 1 || clock.now() !== 100) throw new Error();
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #order = 0;

  /** Start at `start` milliseconds (default 0). */
  constructor(start = 0) {
    this.#now = start;
  }

  /** Current virtual time in milliseconds. */
  now(): number {
    return this.#now;
  }

  /** Schedule `fn` at now + `ms`; returns a canceller. */
  setTimer(ms: number, fn: () => void): () => void {
    const t: Timer = { at: this.#now + Math.max(0, ms), order: this.#order++, fn };
    this.#timers.push(t);
    return () => {
      this.#timers = this.#timers.filter((x) => x !== t);
    };
  }

  /** Number of timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.#timers.length;
  }

  /**
   * Move time forward by `ms`, firing every timer that falls due (including ones scheduled by
   * earlier timers) in time order, and letting promise callbacks run after each.
   */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#timers
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.at;
      next.fn();
      await settle();
    }
    this.#now = end;
    await settle();
  }
}

/** Let every queued promise callback run (one macrotask turn drains the microtask queue). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
