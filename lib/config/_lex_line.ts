/**
 * Private: the per-line steps of keepalived's reader that need no state: comment removal
 * (`decomment`), brace splitting and word splitting (spec §1.1 steps 2, 9 and 11).
 *
 * @module
 */

import {
  concat,
  endOf,
  fromSource,
  pick,
  type PosText,
  slice,
  startOf,
  trimEnd,
  trimStart,
} from "./_lex_text.ts";

/** Blanks that separate words. */
export const WORD_BLANKS = " \t\f\n\r\v";
/** Blanks trimmed at the ends of a line. */
export const LINE_BLANKS = " \t";

/** What `decomment` found. */
export interface Decommented {
  /** The line without comment, leading and trailing blanks. */
  text: PosText;
  /** An odd number of `"` (outside the comment). */
  unterminatedQuote: boolean;
  /** The line ended in `\` (kept as the last character). */
  continued: boolean;
}

/**
 * Strip leading blanks, a `#`/`!` comment outside double quotes (`\#`, `\!` escape them), and
 * trailing blanks; a final `\` is kept after the trailing blanks are removed.
 *
 * @example
 * ```ts
 * import { decomment } from "./_lex_line.ts";
 * import { fromSource } from "./_lex_text.ts";
 * if (decomment(fromSource(`  kw "a # b" \\# c # x`)).text.s !== `kw "a # b" # c`) {
 *   throw new Error();
 * }
 * ```
 */
export function decomment(line: PosText): Decommented {
  const t = trimStart(line, LINE_BLANKS);
  const s = t.s;
  const keep: number[] = [];
  let quote = false;
  let commentAt = -1;
  let backslash = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') {
      if (commentAt < 0) quote = !quote;
      keep.push(i);
      continue;
    }
    if (c === "\\") {
      if (i + 1 >= s.length) {
        backslash = i;
        break;
      }
      const n = s[i + 1]!;
      if (!quote && (n === "#" || n === "!")) {
        keep.push(i + 1);
      } else {
        keep.push(i, i + 1);
      }
      i++;
      continue;
    }
    if (!quote && commentAt < 0 && (c === "#" || c === "!")) commentAt = keep.length;
    keep.push(i);
  }
  const kept = commentAt >= 0 ? keep.slice(0, commentAt) : keep;
  let out = pick(t, kept);
  out = trimEnd(out, LINE_BLANKS);
  if (backslash >= 0) out = concat(out, slice(t, backslash, backslash + 1));
  return { text: out, unterminatedQuote: quote, continued: backslash >= 0 };
}

/** A line cut at its first unquoted brace. */
export interface BraceSplit {
  /** What is returned now: the text before the brace, or the brace alone. */
  head: PosText;
  /** What is read as the next line(s). */
  residue?: PosText;
}

/**
 * Split off the first `{` or `}` outside double quotes (spec §1.1 step 9).
 *
 * @example
 * ```ts
 * import { braceSplit } from "./_lex_line.ts";
 * import { fromSource } from "./_lex_text.ts";
 * const r = braceSplit(fromSource("a { b }"));
 * if (r.head.s !== "a" || r.residue?.s !== "{ b }") throw new Error();
 * ```
 */
export function braceSplit(line: PosText): BraceSplit {
  const s = line.s;
  let p = -1;
  if (s[0] === "{" || s[0] === "}") p = 0;
  else {
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '"') {
        const close = s.indexOf('"', i + 1);
        if (close < 0) break;
        i = close;
        continue;
      }
      if (c === "{" || c === "}") {
        p = i;
        break;
      }
    }
  }
  if (p < 0) return { head: trimEnd(line, LINE_BLANKS) };
  let cut = p;
  if (p === 0) {
    cut = 1;
    while (cut < s.length && LINE_BLANKS.includes(s[cut]!)) cut++;
  }
  const head = trimEnd(slice(line, 0, p === 0 ? 1 : p), LINE_BLANKS);
  if (cut >= s.length) return { head };
  const residue = trimEnd(slice(line, cut), LINE_BLANKS);
  return residue.s === "" ? { head } : { head, residue };
}

/** One word with its columns. */
export interface RawWord {
  /** Text without quotes. */
  text: string;
  /** Written in double quotes. */
  quoted: boolean;
  /** First column (the opening quote for a quoted word). */
  column: number;
  /** Column after the last character (after the closing quote). */
  endColumn: number;
}

/**
 * Split a line into words: blanks separate; `"..."` is one word (quotes removed); a `"` inside
 * a word ends it; an unmatched `"` drops the rest of the line (`unmatched` is then true).
 *
 * @example
 * ```ts
 * import { tokenize } from "./_lex_line.ts";
 * import { fromSource } from "./_lex_text.ts";
 * const { words } = tokenize(fromSource(`kw "a b"c`));
 * if (words.map((w) => w.text).join("|") !== "kw|a b|c") throw new Error();
 * ```
 */
export function tokenize(line: PosText): { words: RawWord[]; unmatched: boolean } {
  const s = line.s;
  const words: RawWord[] = [];
  let i = 0;
  while (true) {
    while (i < s.length && WORD_BLANKS.includes(s[i]!)) i++;
    if (i >= s.length) return { words, unmatched: false };
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1);
      if (close < 0) return { words, unmatched: true };
      words.push({
        text: s.slice(i + 1, close),
        quoted: true,
        column: startOf(line, i),
        endColumn: endOf(line, close),
      });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !WORD_BLANKS.includes(s[j]!) && s[j] !== '"') j++;
    words.push({
      text: s.slice(i, j),
      quoted: false,
      column: startOf(line, i),
      endColumn: endOf(line, j - 1),
    });
    i = j;
  }
}

/**
 * Re-export for callers that build text from a physical line.
 *
 * @example
 * ```ts
 * import { sourceText } from "./_lex_line.ts";
 * if (sourceText("x").s !== "x") throw new Error();
 * ```
 */
export function sourceText(s: string): PosText {
  return fromSource(s);
}
