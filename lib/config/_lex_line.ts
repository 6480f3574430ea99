/**
 * Private: the per-line steps of keepalived's reader that need no state: comment removal
 * (`decomment`), brace splitting and word splitting (spec §1.1 steps 2, 9 and 11).
 *
 * @module
 */

import { concat, endOf, type PosText, slice, startOf, trimEnd, trimStart } from "./_lex_text.ts";
import type { Word } from "./syntax.ts";

/** Blanks trimmed at the ends of a line. */
export const LINE_BLANKS = " \t";

const NO_ESCAPES: readonly number[] = Object.freeze([]);

/** True for a word-separating blank (space, tab, FF, NL, CR, VT) given its char code. */
function isWordBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** What `decomment` found. */
export interface Decommented {
  /** The line without comment, leading and trailing blanks. */
  text: PosText;
  /** An odd number of `"` (outside the comment). */
  unterminatedQuote: boolean;
  /** The line ended in `\` (kept as the last character). */
  continued: boolean;
  /** Start columns of `\#` / `\!` escapes that were decoded (outside quotes, before a comment). */
  escapes: readonly number[];
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
  const drops: number[] = [];
  let quote = false;
  let cut = s.length;
  let commented = false;
  let backslash = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 /* " */) {
      if (!commented) quote = !quote;
    } else if (c === 92 /* \ */) {
      if (i + 1 >= s.length) {
        backslash = i;
        if (!commented) cut = i;
        break;
      }
      const n = s.charCodeAt(i + 1);
      if (!quote && (n === 35 || n === 33) && !commented) drops.push(i);
      i++;
    } else if (!quote && !commented && (c === 35 /* # */ || c === 33 /* ! */)) {
      commented = true;
      cut = i;
    }
  }
  let out: PosText;
  if (drops.length === 0) out = slice(t, 0, cut);
  else {
    const parts: PosText[] = [];
    let from = 0;
    for (const d of drops) {
      parts.push(slice(t, from, d));
      from = d + 1;
    }
    parts.push(slice(t, from, cut));
    out = concat(...parts);
  }
  out = trimEnd(out, LINE_BLANKS);
  if (backslash >= 0) out = concat(out, slice(t, backslash, backslash + 1));
  const escapes = drops.length === 0
    ? NO_ESCAPES
    : drops.filter((d) => d < cut).map((d) => startOf(t, d));
  return { text: out, unterminatedQuote: quote, continued: backslash >= 0, escapes };
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
  else if (s.indexOf("{") < 0 && s.indexOf("}") < 0) p = -1;
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

/**
 * Split a line into words: blanks separate; `"..."` is one word (quotes removed); a `"` inside
 * a word ends it; an unmatched `"` drops the rest of the line (`unmatched` is then true).
 *
 * @example
 * ```ts
 * import { tokenize } from "./_lex_line.ts";
 * import { fromSource } from "./_lex_text.ts";
 * const { words } = tokenize(fromSource(`kw "a b"c`), "t.conf", 1);
 * if (words.map((w) => w.text).join("|") !== "kw|a b|c") throw new Error();
 * ```
 */
export function tokenize(
  line: PosText,
  file: string,
  lineNo: number,
): { words: Word[]; unmatched: boolean } {
  const s = line.s;
  const words: Word[] = [];
  let i = 0;
  const n = s.length;
  while (true) {
    while (i < n && isWordBlank(s.charCodeAt(i))) i++;
    if (i >= n) return { words, unmatched: false };
    if (s.charCodeAt(i) === 34) {
      const close = s.indexOf('"', i + 1);
      if (close < 0) return { words, unmatched: true };
      words.push(makeWord(s.slice(i + 1, close), true, line, i, close, file, lineNo));
      i = close + 1;
      continue;
    }
    let j = i;
    for (let c = s.charCodeAt(j); j < n && !isWordBlank(c) && c !== 34; c = s.charCodeAt(++j));
    words.push(makeWord(s.slice(i, j), false, line, i, j - 1, file, lineNo));
    i = j;
  }
}

function makeWord(
  text: string,
  quoted: boolean,
  line: PosText,
  from: number,
  last: number,
  file: string,
  lineNo: number,
): Word {
  const at = { file, line: lineNo, column: startOf(line, from), endColumn: endOf(line, last) };
  return { text, quoted, at };
}
