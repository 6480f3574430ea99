/**
 * The agent's queue of side effects (VIP changes, GARPs, notify hand-offs, log lines): each runs
 * after the ones queued before it; one that fails is logged and the rest go on.
 *
 * @module
 */

import type { Logger } from "../notify/logger.ts";

/**
 * Work in order, with a count of what is still running.
 *
 * @example
 * ```ts
 * import { WorkQueue } from "./_work_queue.ts";
 * import { memoryLogger } from "../notify/logger.ts";
 * const q = new WorkQueue(memoryLogger());
 * const seen: string[] = [];
 * q.enqueue("first", () => Promise.resolve(void seen.push("a")));
 * q.enqueue("second", () => Promise.resolve(void seen.push("b")));
 * await q.settled();
 * console.assert(seen.join() === "a,b" && q.idle);
 * ```
 */
export class WorkQueue {
  #chain: Promise<void> = Promise.resolve();
  #pending = 0;

  /** Failures are logged here as `WHAT failed: MESSAGE`. */
  constructor(readonly logger: Logger) {}

  /** Nothing queued or running. */
  get idle(): boolean {
    return this.#pending === 0;
  }

  /** Runs `job` after everything queued before it. */
  enqueue(what: string, job: () => Promise<void>): void {
    this.#pending++;
    this.#chain = this.#chain.then(job).catch((e) => this.#failed(what, e)).finally(() => {
      this.#pending--;
    });
  }

  /** Work started already: what is queued after it waits for it. */
  track(what: string, started: Promise<void>): void {
    this.#pending++;
    const done = started.then(undefined, (e) => this.#failed(what, e))
      .then(() => void this.#pending--);
    this.#chain = this.#chain.then(() => done);
  }

  /** Resolves once everything queued so far has run. */
  settled(): Promise<void> {
    return this.#chain;
  }

  #failed(what: string, e: unknown): void {
    this.logger.error(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
