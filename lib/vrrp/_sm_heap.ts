/**
 * A binary min-heap of timer deadlines ordered by time, then by arming order, so equal deadlines
 * fire deterministically. Entries are invalidated lazily by a generation number.
 *
 * @module
 */

/** One armed timer. */
export interface HeapEntry<T> {
  /** Deadline in µs. */
  at: number;
  /** Arming order, the tie-break for equal deadlines. */
  seq: number;
  /** What fires. */
  item: T;
}

/** Min-heap on (at, seq). */
export class TimerHeap<T> {
  #a: HeapEntry<T>[] = [];
  #seq = 0;

  /** Number of entries, stale ones included. */
  get size(): number {
    return this.#a.length;
  }

  /** Next arming number, for callers that keep their own order (see `push`). */
  nextSeq(): number {
    return this.#seq++;
  }

  /** Adds a deadline; `seq` (from `nextSeq`) keeps an earlier arming's place among equal times. */
  push(at: number, item: T, seq: number = this.#seq++): void {
    const e = { at, seq, item };
    const a = this.#a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = a[p]!;
      if (!less(e, pe)) break;
      a[i] = pe;
      i = p;
    }
    a[i] = e;
  }

  /** The earliest entry, without removing it. */
  peek(): HeapEntry<T> | undefined {
    return this.#a[0];
  }

  /** Removes and returns the earliest entry. */
  pop(): HeapEntry<T> | undefined {
    const a = this.#a;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && less(a[r]!, a[l]!) ? r : l;
      if (!less(a[c]!, last)) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

function less<T>(x: HeapEntry<T>, y: HeapEntry<T>): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}
