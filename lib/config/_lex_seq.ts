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
  /** `definition` (bad shape), `values` (step/direction), `hex` (negative with ~SEQx), `too-many`. */
  error: "definition" | "values" | "hex" | "too-many" | "multiline";
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
  if (close < 0) return { error: "definition" };
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

/** Split at top-level commas (not inside `{}`), trimming blanks. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = s[i];
    if (c === "{") depth++;
    else if (c === "}") depth--;
    if (i === s.length || (c === "," && depth === 0)) {
      out.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  return out;
}

const unbrace = (s: string): string[] | undefined =>
  s.startsWith("{") && s.endsWith("}") ? s.slice(1, -1).split(",").map((x) => x.trim()) : undefined;

/**
 * Parse a `~LST(var, v1, v2, ...)` or `~LST({a,b}, {1,2}, {3,4})` line.
 *
 * @example
 * ```ts
 * import { parseLst } from "./_lex_seq.ts";
 * import { fromSource } from "./_lex_text.ts";
 * const g = parseLst(fromSource("~LST({a,b}, {1,2}, {3}) kw $a $b"), (s) => s);
 * if (!("rows" in g) || JSON.stringify(g.rows) !== '[["1","2"],["3",""]]') throw new Error();
 * ```
 */
export function parseLst(
  line: PosText,
  expandParams: ParamExpander,
): LineGenerator | GeneratorError {
  const s = line.s;
  let p = skipBlanks(s, 4);
  if (s[p] !== "(") return { error: "definition" };
  let depth = 0;
  let close = -1;
  for (let i = p; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return { error: "definition" };
  const inner = expandParams(s.slice(p + 1, close));
  if (inner === undefined) return { error: "multiline" };
  const items = splitTop(inner);
  const head = items.shift() ?? "";
  const vars = unbrace(head) ?? [head];
  if (vars.some((v) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) || items.length === 0) {
    return { error: "definition" };
  }
  if (items.length > MAX_ROWS) return { error: "too-many" };
  const rows = items.map((item) => {
    const values = vars.length > 1 ? unbrace(item) ?? [item] : [item];
    return vars.map((_, i) => values[i] ?? "");
  });
  p = skipBlanks(s, close + 1);
  return { vars, rows, text: slice(line, p) };
}
