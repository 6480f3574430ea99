/**
 * Private: text that remembers, for every character, the columns it came from, so that words
 * built after comment stripping, `@` removal, `$` expansion and brace splitting still point at
 * where they were written (expanded text points at the `$` reference that produced it).
 *
 * Columns are kept as runs: a run of source text advances one column per character; a run of
 * expanded text maps every character to the span of the reference.
 *
 * @module
 */

/** A run of characters starting at index `at`. */
export interface Run {
  /** Index in the text where the run starts. */
  readonly at: number;
  /** Start column of the run's first character. */
  readonly col: number;
  /** For a fixed run: the end column shared by all its characters. */
  readonly end: number;
  /** True when all characters share the span `[col, end)`. */
  readonly fixed: boolean;
}

/** A string with the source columns (1-based, end exclusive) of each UTF-16 unit. */
export interface PosText {
  /** The text. */
  readonly s: string;
  /** Column runs, in order; the first starts at 0 when the text is not empty. */
  readonly runs: readonly Run[];
}

/**
 * Text as written on a physical line starting at column `col`.
 *
 * @example
 * ```ts
 * import { fromSource, startOf } from "./_lex_text.ts";
 * if (startOf(fromSource("ab"), 1) !== 2) throw new Error();
 * ```
 */
export function fromSource(s: string, col = 1): PosText {
  return { s, runs: s === "" ? [] : [{ at: 0, col, end: 0, fixed: false }] };
}

/**
 * Text that all points at one span (expanded or replayed text).
 *
 * @example
 * ```ts
 * import { atSpan, endOf } from "./_lex_text.ts";
 * if (endOf(atSpan("xyz", 4, 9), 2) !== 9) throw new Error();
 * ```
 */
export function atSpan(s: string, startCol: number, endCol: number): PosText {
  return { s, runs: s === "" ? [] : [{ at: 0, col: startCol, end: endCol, fixed: true }] };
}

function runIndex(t: PosText, i: number): number {
  const runs = t.runs;
  let k = runs.length - 1;
  while (k > 0 && runs[k]!.at > i) k--;
  return k;
}

/**
 * Start column of the character at index `i` (the last character's when `i` is past the end).
 *
 * @example
 * ```ts
 * import { fromSource, startOf } from "./_lex_text.ts";
 * if (startOf(fromSource("abc", 5), 2) !== 7) throw new Error();
 * ```
 */
export function startOf(t: PosText, i: number): number {
  if (t.runs.length === 0) return 1;
  const idx = Math.min(Math.max(i, 0), t.s.length - 1);
  const r = t.runs[runIndex(t, idx)]!;
  return r.fixed ? r.col : r.col + (idx - r.at);
}

/**
 * End column (exclusive) of the character at index `i`.
 *
 * @example
 * ```ts
 * import { endOf, fromSource } from "./_lex_text.ts";
 * if (endOf(fromSource("abc"), 2) !== 4) throw new Error();
 * ```
 */
export function endOf(t: PosText, i: number): number {
  if (t.runs.length === 0) return 1;
  const idx = Math.min(Math.max(i, 0), t.s.length - 1);
  const r = t.runs[runIndex(t, idx)]!;
  return r.fixed ? r.end : r.col + (idx - r.at) + 1;
}

/**
 * A piece of the text, like `String.prototype.slice` (non-negative indices).
 *
 * @example
 * ```ts
 * import { fromSource, slice, startOf } from "./_lex_text.ts";
 * if (startOf(slice(fromSource("abc"), 1), 0) !== 2) throw new Error();
 * ```
 */
export function slice(t: PosText, from: number, to = t.s.length): PosText {
  const a = Math.max(0, Math.min(from, t.s.length));
  const b = Math.max(a, Math.min(to, t.s.length));
  if (a === 0 && b === t.s.length) return t;
  const runs: Run[] = [];
  const rs = t.runs;
  for (let k = 0; k < rs.length; k++) {
    const r = rs[k]!;
    const rEnd = k + 1 < rs.length ? rs[k + 1]!.at : t.s.length;
    const lo = Math.max(r.at, a);
    const hi = Math.min(rEnd, b);
    if (lo >= hi) continue;
    runs.push({
      at: lo - a,
      col: r.fixed ? r.col : r.col + (lo - r.at),
      end: r.end,
      fixed: r.fixed,
    });
  }
  return { s: t.s.slice(a, b), runs };
}

/**
 * Join pieces.
 *
 * @example
 * ```ts
 * import { concat, fromSource, startOf } from "./_lex_text.ts";
 * if (startOf(concat(fromSource("a"), fromSource("b", 5)), 1) !== 5) throw new Error();
 * ```
 */
export function concat(...parts: PosText[]): PosText {
  let s = "";
  const runs: Run[] = [];
  for (const p of parts) {
    const off = s.length;
    for (const r of p.runs) runs.push(off === 0 ? r : { ...r, at: r.at + off });
    s += p.s;
  }
  return { s, runs };
}

/**
 * Replace `[from, to)` by `value`, which points at the span of the replaced text.
 *
 * @example
 * ```ts
 * import { endOf, fromSource, replaceRange, startOf } from "./_lex_text.ts";
 * const t = replaceRange(fromSource("a $X b"), 2, 4, "long");
 * if (t.s !== "a long b" || startOf(t, 3) !== 3 || endOf(t, 3) !== 5) throw new Error();
 * ```
 */
export function replaceRange(t: PosText, from: number, to: number, value: string): PosText {
  const s0 = startOf(t, from);
  const e0 = to > from ? endOf(t, to - 1) : s0;
  return concat(slice(t, 0, from), atSpan(value, s0, e0), slice(t, to));
}

/**
 * Keep only the characters at the given indices (ascending).
 *
 * @example
 * ```ts
 * import { fromSource, pick, startOf } from "./_lex_text.ts";
 * const t = pick(fromSource("a\\#b"), [0, 2, 3]);
 * if (t.s !== "a#b" || startOf(t, 1) !== 3) throw new Error();
 * ```
 */
export function pick(t: PosText, idx: readonly number[]): PosText {
  const parts: PosText[] = [];
  let k = 0;
  while (k < idx.length) {
    const a = idx[k]!;
    let b = a + 1;
    k++;
    while (k < idx.length && idx[k] === b) {
      b++;
      k++;
    }
    parts.push(slice(t, a, b));
  }
  return parts.length === 1 ? parts[0]! : concat(...parts);
}

/**
 * Remove leading characters that are in `chars`.
 *
 * @example
 * ```ts
 * import { fromSource, startOf, trimStart } from "./_lex_text.ts";
 * if (startOf(trimStart(fromSource("  a"), " "), 0) !== 3) throw new Error();
 * ```
 */
export function trimStart(t: PosText, chars: string): PosText {
  let i = 0;
  while (i < t.s.length && chars.indexOf(t.s.charAt(i)) >= 0) i++;
  return i === 0 ? t : slice(t, i);
}

/**
 * Remove trailing characters that are in `chars`.
 *
 * @example
 * ```ts
 * import { fromSource, trimEnd } from "./_lex_text.ts";
 * if (trimEnd(fromSource("a  "), " ").s !== "a") throw new Error();
 * ```
 */
export function trimEnd(t: PosText, chars: string): PosText {
  let i = t.s.length;
  while (i > 0 && chars.indexOf(t.s.charAt(i - 1)) >= 0) i--;
  return i === t.s.length ? t : slice(t, 0, i);
}
