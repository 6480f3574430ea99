/**
 * Counting and rate-limited logging of dropped packets and send errors: a flood of junk is
 * counted in full but logged at most once per reason and instance every `intervalMs`.
 *
 * @module
 */

import type { Logger } from "../notify/logger.ts";

/** Drop counters with rate-limited log lines. */
export class DropLog {
  #counts = new Map<string, Map<string, number>>();
  #lastLog = new Map<string, { at: number; suppressed: number }>();

  /** Log to `logger`, at most once per key every `intervalMs` (default 10 s). */
  constructor(
    readonly logger: Logger,
    readonly intervalMs = 10_000,
    readonly now: () => number = () => performance.now(),
  ) {}

  /** Count one dropped packet for `instance`. */
  drop(instance: string, reason: string, iface: string): void {
    this.#bump(instance, reason);
    this.#log(
      `${instance}|${reason}`,
      (n) =>
        `(${instance}) dropped advert on ${iface}: ${reason}${n ? ` (${n} more not logged)` : ""}`,
    );
  }

  /** Count one failed send. */
  sendError(instance: string, destination: string, error: unknown): void {
    this.#bump(instance, "send-error");
    const why = error instanceof Error ? error.message : String(error);
    this.#log(
      `${instance}|send`,
      (n) =>
        `(${instance}) could not send advert to ${destination}: ${why}${n ? ` (${n} more)` : ""}`,
    );
  }

  /** Counters by instance and reason. */
  snapshot(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [inst, m] of this.#counts) out[inst] = Object.fromEntries(m);
    return out;
  }

  #bump(instance: string, reason: string): void {
    const m = this.#counts.get(instance) ?? new Map<string, number>();
    m.set(reason, (m.get(reason) ?? 0) + 1);
    this.#counts.set(instance, m);
  }

  #log(key: string, text: (suppressed: number) => string): void {
    const now = this.now();
    const last = this.#lastLog.get(key);
    if (last && now - last.at < this.intervalMs) {
      last.suppressed++;
      return;
    }
    this.logger.warn(text(last?.suppressed ?? 0));
    this.#lastLog.set(key, { at: now, suppressed: 0 });
  }
}
