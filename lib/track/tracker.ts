/**
 * What trackers report, and how one report moves an instance's priority (spec §3.2). Every
 * tracker kind (`./script.ts`, `./file.ts`, `./interface.ts`, `./process.ts`) calls its listener
 * with a `TrackerEvent` whenever its state changes; the agent turns those into engine events.
 *
 * @module
 */

/** A change of one tracked object. Scripts, interfaces and processes are ok or not; files have a value. */
export type TrackerEvent =
  | { kind: "script"; name: string; ok: boolean }
  | { kind: "interface"; name: string; ok: boolean }
  | { kind: "process"; name: string; ok: boolean }
  | { kind: "file"; name: string; value: number };

/** Receives tracker changes. */
export type TrackerListener = (event: TrackerEvent) => void;

/** A running tracker. */
export interface Tracker {
  /** Begin watching (the first result is reported as soon as it is known). */
  start(): void;
  /** Stop watching; resolves when any process it started has ended. */
  stop(): Promise<void>;
}

/** What one tracked object does to an instance: nothing, a priority delta, or FAULT. */
export interface Contribution {
  /** The instance goes to FAULT. */
  fault: boolean;
  /** Added to the base priority (0 when `fault`). */
  delta: number;
}

/**
 * Contribution of an ok/not-ok tracker (interface, script, process) with `weight` and `reverse`
 * (spec §3.2): weight 0 faults when not ok (when ok with `reverse`); a positive weight adds
 * `weight × m` when ok; a negative weight adds `weight × m` when not ok (m = −1 with `reverse`).
 *
 * @example
 * ```ts
 * import { contribution } from "./tracker.ts";
 * if (contribution(true, 30, true).delta !== -30) throw new Error();
 * if (contribution(false, -40, true).delta !== 40) throw new Error();
 * if (!contribution(false, 0, false).fault) throw new Error();
 * ```
 */
export function contribution(ok: boolean, weight: number, reverse: boolean): Contribution {
  const m = reverse ? -1 : 1;
  if (weight === 0) return { fault: reverse ? ok : !ok, delta: 0 };
  if (weight > 0) return { fault: false, delta: ok ? weight * m : 0 };
  return { fault: false, delta: ok ? 0 : weight * m };
}

/**
 * Contribution of a track file with `value` (spec §3.2): s = value × weight × m clamped to
 * −254..253; s ≤ −254 faults. Weight 0: a non-zero value faults (a zero value with `reverse`).
 *
 * @example
 * ```ts
 * import { fileContribution } from "./tracker.ts";
 * if (fileContribution(3, 10, false).delta !== 30) throw new Error();
 * if (!fileContribution(-100, 5, false).fault) throw new Error();
 * if (!fileContribution(1, 0, false).fault) throw new Error();
 * ```
 */
export function fileContribution(value: number, weight: number, reverse: boolean): Contribution {
  if (weight === 0) return { fault: reverse ? value === 0 : value !== 0, delta: 0 };
  const s = Math.min(253, Math.max(-254, value * weight * (reverse ? -1 : 1)));
  return s <= -254 ? { fault: true, delta: 0 } : { fault: false, delta: s };
}
