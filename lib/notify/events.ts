/**
 * The ordered notification stream for library users: every notification the executor accepts
 * becomes a `NotifyEvent` with a sequence number, delivered to listeners at once and to async
 * iterators through a bounded buffer (a slow reader loses the oldest events and sees a gap in
 * `seq`).
 *
 * @module
 */

import type { NotifyEventState, NotifyKind } from "./plan.ts";

/** One notification, in the order the engine emitted it. */
export interface NotifyEvent {
  /** 1, 2, 3, ... in emission order; a gap means an iterator's buffer overflowed. */
  seq: number;
  /** Instance or sync group. */
  kind: NotifyKind;
  /** Instance or group name. */
  name: string;
  /** State word as given to the generic notify and the FIFO (a deletion without
   * `notify_deleted` reads `FAULT`, see `deleted`). */
  state: NotifyEventState;
  /** Effective priority (0 for groups). */
  priority: number;
  /** Clock time (milliseconds) when it was emitted. */
  time: number;
  /** True when the instance was removed by a reload (whatever `state` says). */
  deleted?: true;
}

/** A listener; exceptions it throws are caught and reported to `onListenerError`. */
export type NotifyListener = (event: NotifyEvent) => void;

/**
 * The event hub. `publish` numbers and delivers; `on` adds a listener; iterating gives the
 * events published after the iterator was created.
 *
 * @example
 * ```ts
 * import { NotifyEvents } from "./events.ts";
 * const events = new NotifyEvents();
 * const seen: string[] = [];
 * const off = events.on((e) => seen.push(`${e.seq} ${e.name} ${e.state}`));
 * const iter = events[Symbol.asyncIterator]();
 * events.publish({ kind: "instance", name: "VI_1", state: "MASTER", priority: 150, time: 0 });
 * off();
 * const first = await iter.next();
 * if (seen[0] !== "1 VI_1 MASTER" || first.value?.seq !== 1) throw new Error();
 * ```
 */
export class NotifyEvents implements AsyncIterable<NotifyEvent> {
  #seq = 0;
  #listeners = new Set<NotifyListener>();
  #closed = false;

  /**
   * @param bufferLimit Events each iterator keeps while its reader is busy (default 4096).
   * @param onListenerError Called with whatever a listener throws (default: ignored).
   */
  constructor(
    readonly bufferLimit = 4096,
    readonly onListenerError: (error: unknown) => void = () => {},
  ) {}

  /** Sequence number of the last event published (0 before the first). */
  get lastSeq(): number {
    return this.#seq;
  }

  /** Number and deliver an event; returns it with its `seq`. */
  publish(event: Omit<NotifyEvent, "seq">): NotifyEvent {
    const full: NotifyEvent = { seq: ++this.#seq, ...event };
    for (const l of [...this.#listeners]) {
      try {
        l(full);
      } catch (e) {
        this.onListenerError(e);
      }
    }
    return full;
  }

  /** Add a listener; returns the function that removes it. */
  on(listener: NotifyListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** End every iterator (after it has read what is buffered) and drop the listeners. */
  close(): void {
    this.#closed = true;
    for (const l of [...this.#listeners]) {
      (l as NotifyListener & { end?: () => void }).end?.();
    }
    this.#listeners.clear();
  }

  /** Events published from now on, until `close` or the iterator's `return`. */
  [Symbol.asyncIterator](): AsyncIterator<NotifyEvent> {
    const buffer: NotifyEvent[] = [];
    let wake: (() => void) | null = null;
    let done = this.#closed;
    const listener = Object.assign((e: NotifyEvent) => {
      buffer.push(e);
      if (buffer.length > this.bufferLimit) buffer.shift();
      wake?.();
    }, {
      end: () => {
        done = true;
        wake?.();
      },
    });
    if (!done) this.#listeners.add(listener);
    return {
      next: async (): Promise<IteratorResult<NotifyEvent>> => {
        while (buffer.length === 0 && !done) {
          await new Promise<void>((r) => (wake = r));
          wake = null;
        }
        const value = buffer.shift();
        return value ? { value, done: false } : { value: undefined, done: true };
      },
      return: () => {
        done = true;
        this.#listeners.delete(listener);
        buffer.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
