/**
 * The real `AgentClock`: monotonic microseconds from `performance.now()` and `setTimeout`.
 *
 * @module
 */

import type { AgentClock } from "./ports.ts";

/** How early the event-loop timer is aimed before a deadline (ms); the rest is slept exactly. */
const LEAD_MS = 1.5;
/** The last part of a rare timer's wait that is spun rather than slept (ms). */
const SPIN_MS = 0.1;
/** A timer is rare when none fired in the last `RARE_GAP_MS` (ms). */
const RARE_GAP_MS = 5;
const cell = new Int32Array(new SharedArrayBuffer(4));
let lastFiredMs = -Infinity;
/** Run before a rare timer's last sleep when at least this much time is left (ms). */
const PRIME_MIN_MS = 0.5;
const primers = new Map<string, () => void>();
/** The main thread's timer slack (Linux): how late the kernel may end a timed sleep. */
const TIMER_SLACK = "/proc/self/timerslack_ns";
let slackTried = false;

/**
 * Lowers the timer slack of the main thread (the one running JavaScript) from Linux's default
 * 50 µs to 1 ns, once: the kernel may otherwise end every futex and epoll sleep up to 50 µs late,
 * which the Master_Down and advert timers would carry onto the wire. Needs write access to
 * `/proc/self/timerslack_ns` (asked without prompting); silently skipped without it.
 */
function tightenTimerSlack(): void {
  if (slackTried) return;
  slackTried = true;
  try {
    const granted = Deno.permissions.querySync({ name: "write", path: TIMER_SLACK });
    if (granted.state === "granted") Deno.writeTextFileSync(TIMER_SLACK, "1");
  } catch {
    // Not Linux, or no /proc: the default slack stays.
  }
}

/**
 * Registers work that runs shortly (≈ 1.5 ms) before a rare timer fires, to bring the code the
 * callback will run into the CPU caches (`warmUp` of `_warmup.ts` registers a throwaway takeover
 * in the `"engine"` slot; each agent its backups' VIP and GARP encoding in one of its own); `undefined`
 * empties the slot. It must be quick and free of side effects; what it throws is ignored.
 *
 * @example
 * ```ts
 * import { setTimerPrimer } from "./clock.ts";
 * setTimerPrimer(() => {});
 * setTimerPrimer(undefined);
 * ```
 */
export function setTimerPrimer(fn: (() => void) | undefined, slot = "engine"): void {
  if (fn === undefined) primers.delete(slot);
  else primers.set(slot, fn);
}

/**
 * Monotonic µs time and timers of the running process. A timer set for a time already past
 * fires on the next turn of the event loop.
 *
 * Deno's `setTimeout` works in whole milliseconds on a millisecond timer wheel, so it fires
 * 0.5–2 ms late; VRRP's Master_Down and advert timers want better. The timer is therefore aimed
 * `LEAD_MS` early and, when it fires, the remaining sub-millisecond part is slept exactly on a
 * futex (`Atomics.wait`, no CPU spent) before the callback runs. The first timer also lowers
 * the thread's timer slack (Linux: 50 µs by default) so that the futex wakes on time.
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
  primer: (slot, fn) => setTimerPrimer(fn, slot),
  at(at, fn) {
    tightenTimerSlack();
    const deadlineMs = at / 1000;
    const delayMs = Math.max(0, deadlineMs - performance.now() - LEAD_MS);
    let id: ReturnType<typeof setTimeout> | undefined;
    const fire = () => {
      // setTimeout may also fire up to a millisecond early (fractions are dropped).
      const remainingMs = deadlineMs - performance.now();
      if (remainingMs > 2 * LEAD_MS) {
        id = setTimeout(fire, remainingMs - LEAD_MS);
        return;
      }
      // A rare timer (a takeover's Master_Down) sleeps until SPIN_MS before its deadline and
      // spins the rest, as a futex wakes 20–100 µs late; frequent ones (many masters' adverts)
      // only sleep, so that the spinning never adds up to noticeable CPU time.
      const rare = performance.now() - lastFiredMs >= RARE_GAP_MS;
      if (rare && deadlineMs - performance.now() > PRIME_MIN_MS) {
        for (const primer of primers.values()) {
          try {
            primer();
          } catch {
            // A primer's failure must not cost the timer.
          }
        }
      }
      const wakeMs = rare ? deadlineMs - SPIN_MS : deadlineMs;
      let sleepMs = wakeMs - performance.now();
      while (sleepMs > 0) {
        Atomics.wait(cell, 0, 0, sleepMs);
        sleepMs = wakeMs - performance.now();
      }
      while (performance.now() < deadlineMs) {
        // Spin (at most SPIN_MS).
      }
      lastFiredMs = performance.now();
      fn();
    };
    id = setTimeout(fire, delayMs);
    return () => clearTimeout(id);
  },
};

/**
 * The agent-clock time (µs) of a packet's arrival from its kernel timestamp (`receivedAtMs`, wall
 * clock ms), so that Master_Down runs from when an advert arrived rather than from when the event
 * loop reached it: `nowUs` when the timestamp is missing or implausible (older than 20 ms, or a
 * wall-clock step).
 *
 * @example
 * ```ts
 * import { arrivalTime } from "./clock.ts";
 * const wallMs = performance.timeOrigin + performance.now();
 * console.assert(arrivalTime(1_000_000, wallMs - 5) <= 995_000 + 1_000);
 * console.assert(arrivalTime(1_000_000, undefined) === 1_000_000);
 * ```
 */
export function arrivalTime(nowUs: number, receivedAtMs: number | undefined): number {
  if (receivedAtMs === undefined) return nowUs;
  const ageUs = (performance.timeOrigin + performance.now() - receivedAtMs) * 1000;
  return ageUs > 0 && ageUs < 20_000 ? nowUs - Math.round(ageUs) : nowUs;
}
