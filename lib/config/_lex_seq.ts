/**
 * Private: `~SEQ(...)`, `~SEQx(...)` and `~LST(...)` line generators (spec §1.9).
 *
 * @module
 */

import { type PosText, slice } from "./_lex_text.ts";

/** Most lines one generator may produce (keepalived has no limit; this guards memory). */
export const MAX_ROWS = 100_000;

/** A parsed generator: the variables it sets, one row of values per replay, the text replayed. */
export interface LineGenerator {
  /** Variable names set before each replay. */
  vars: string[];
  /** Values, one row per replay. */
  rows: string[][];
  /** The rest of the line, replayed once per row. */
  text: PosText;
}

/** Why a generator line was rejected. */
export interface GeneratorError {
  /**
   * `definition` (bad shape), `values` (step/direction), `hex` (negative with ~SEQx), `too-many`
   * (rows), `multiline` (a parameter is a multi-line definition), `too-many-values` (~LST set).
   */
  error: "definition" | "values" | "hex" | "too-many" | "multiline" | "too-many-values";
}

/** Expand `$` references in generator parameters; undefined when a multi-line value was met. */
export type ParamExpander = (text: string) => string | undefined;

/**
 * C `strtol(s, &end, 0)`: blanks, sign, `0x` hex, leading-`0` octal or decimal.
 *
 * @example
 * ```ts
 * import { strtol0 } from "./_lex_seq.ts";
 * if (strtol0(" 0x1f,", 0)[0] !== 31 || strtol0("010", 0)[0] !== 8) throw new Error();
 * ```
 */
export function strtol0(s: string, at: number): [number, number] {
  let i = at;
  while (i < s.length && " \t\n\r\f\v".includes(s[i]!)) i++;
  let sign = 1;
  if (s[i] === "+" || s[i] === "-") {
    if (s[i] === "-") sign = -1;
    i++;
  }
  let base = 10;
  if (
    s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && /[0-9a-fA-F]/.test(s[i + 2] ?? "")
  ) {
    base = 16;
    i += 2;
  } else if (s[i] === "0") base = 8;
  const digits = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  const from = i;
  let v = 0;
  while (i < s.length && digits.test(s[i]!)) v = v * base + parseInt(s[i++]!, base);
  if (i === from) return [0, at];
  return [sign * v, i];
}

const skipBlanks = (s: string, i: number) => {
  while (s[i] === " " || s[i] === "\t") i++;
  return i;
};

/**
 * Parse a `~SEQ` / `~SEQx` line.
 *
 * @example
 * ```ts
 * import { parseSeq } from "./_lex_seq.ts";
 * import { fromSource } from "./_lex_text.ts";
 * const g = parseSeq(fromSource("~SEQx(k, 9, 11) kw $k"), (s) => s);
 * if (!("rows" in g) || g.rows.flat().join() !== "9,a,b" || g.text.s !== "kw $k") throw new Error();
 * ```
 */
export function parseSeq(
  line: PosText,
  expandParams: ParamExpander,
): LineGenerator | GeneratorError {
  const s = line.s;
  let p = 4;
  const hex = s[p] === "x";
  if (hex) p++;
  p = skipBlanks(s, p);
  if (s[p] !== "(") return { error: "definition" };
  p = skipBlanks(s, p + 1);
  const v0 = p;
  while (p < s.length && !" \t,)".includes(s[p]!)) p++;
  const name = s.slice(v0, p);
  p = skipBlanks(s, p);
  if (p >= s.length || s[p] === ")" || name === "") return { error: "definition" };
  p = skipBlanks(s, p + 1);
  const close = s.indexOf(")", p);
  // keepalived copies the parameters into a 64-byte buffer (three numbers and separators).
  if (close < 0 || close + 2 - p > 64) return { error: "definition" };
  const params = expandParams(s.slice(p, close + 1));
  if (params === undefined) return { error: "multiline" };
  let start: number, step: number, end: number;
  let [one, q] = strtol0(params, 0);
  q = skipBlanks(params, q);
  if (params[q] === ")") {
    end = one;
    step = end < 1 ? -1 : 1;
    start = end < 0 ? -1 : 1;
  } else {
    if (params[q] !== ",") return { error: "definition" };
    let two: number;
    [two, q] = strtol0(params, q + 1);
    q = skipBlanks(params, q);
    if (params[q] === ")") {
      start = one;
      end = two;
      step = start <= end ? 1 : -1;
    } else {
      if (params[q] !== ",") return { error: "definition" };
      let three: number;
      const from = q + 1;
      [three, q] = strtol0(params, from);
      q = skipBlanks(params, q);
      if (params[q] !== ")") return { error: "definition" };
      start = one;
      step = two;
      end = three;
      if (step === 0 || (start < end && step < 0) || (start > end && step > 0)) {
        return { error: "values" };
      }
    }
  }
  if (hex && (start < 0 || end < 0)) return { error: "hex" };
  if (Math.floor((end - start) / step) + 1 > MAX_ROWS) return { error: "too-many" };
  const rows: string[][] = [];
  for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
    rows.push([hex ? v.toString(16) : String(v)]);
  }
  return { vars: [name], rows, text: slice(line, skipBlanks(s, close + 1)) };
}

/**
 * Parse a `~LST(var, v1, v2, ...)` or `~LST({a,b}, {1,2}, {3,4})` line as keepalived 2.2.7 does:
 * names and values end at a blank, `,`, `}` or `)`; a set may hold fewer values than there are
 * variables (the rest are empty) but not more; parameters are not `$`-expanded.
 *
 * @example
 * ```ts
 * import { parseLst } from "./_lex_seq.ts";
 * import { fromSource } from "./_lex_text.ts";
 * const g = parseLst(fromSource("~LST({a,b}, {1,2}, {3}) kw $a $b"));
 * if (!("rows" in g) || JSON.stringify(g.rows) !== '[["1","2"],["3",""]]') throw new Error();
 * ```
 */
export function parseLst(line: PosText): LineGenerator | GeneratorError {
  const s = line.s;
  const bad: GeneratorError = { error: "definition" };
  let p = skipBlanks(s, 4);
  if (s[p++] !== "(") return bad;
  p = skipBlanks(s, p);
  let end = ",";
  if (s[p] === "{") {
    end = "}";
    p = skipBlanks(s, p + 1);
  }
  const vars: string[] = [];
  while (true) {
    const v0 = p;
    while (p < s.length && !" \t,}".includes(s[p]!)) p++;
    vars.push(s.slice(v0, p));
    p = skipBlanks(s, p);
    if (s[p] === end) break;
    if (s[p] !== ",") return bad;
    p = skipBlanks(s, p + 1);
  }
  if (s[p] === "}") p = skipBlanks(s, p + 1);
  if (s[p++] !== ",") return bad;
  p = skipBlanks(s, p);
  const rows: string[][] = [];
  while (true) {
    let setEnd = ",";
    if (s[p] === "{") {
      setEnd = "}";
      p = skipBlanks(s, p + 1);
    }
    const row: string[] = [];
    while (true) {
      const v0 = p;
      while (p < s.length && !" \t,})".includes(s[p]!)) p++;
      row.push(s.slice(v0, p));
      p = skipBlanks(s, p);
      if (s[p] === setEnd || (s[p] === ")" && setEnd === ",")) break;
      if (s[p] !== ",") return bad;
      p = skipBlanks(s, p + 1);
      if (row.length >= vars.length) return { error: "too-many-values" };
    }
    while (row.length < vars.length) row.push("");
    rows.push(row);
    if (rows.length > MAX_ROWS) return { error: "too-many" };
    if (s[p] === "}" && setEnd === "}") p = skipBlanks(s, p + 1);
    if (s[p] === ")") break;
    if (s[p] !== ",") return bad;
    p = skipBlanks(s, p + 1);
  }
  return { vars, rows, text: slice(line, skipBlanks(s, p + 1)) };
}
