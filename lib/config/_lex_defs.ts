/**
 * Private: `$NAME=value` definitions and `$NAME` / `${NAME}` expansion (spec §1.7), with the
 * predefined names `_PWD`, `_INSTANCE`, `_RANDOM`, `_HASH`, `_BANG` and (2.4+) `_ENV`.
 *
 * @module
 */

import { endOf, type PosText, replaceRange, startOf } from "./_lex_text.ts";

/** Longest line keepalived holds (its buffer size). */
export const MAX_LINE = 1024;

/** A stored definition. */
export interface Definition {
  /** The value; lines of a multi-line value are separated by `\n`. */
  value: string;
  /** Defined with a trailing `\`: expanded only where the reference ends the line. */
  multiline: boolean;
  /** A predefined name whose value is computed at each use. */
  builtin?: "pwd" | "instance" | "random" | "env";
}

/** Where computed values come from. */
export interface ExpandEnv {
  /** Definitions in force. */
  defs: Map<string, Definition>;
  /** Absolute directory of the file being read. */
  pwd: string;
  /** Config id (`@id`, `${_INSTANCE}`). */
  instance: string;
  /** Next pseudo-random number in 0..2^31-1. */
  random(): number;
  /** Environment for `${_ENV NAME}`. */
  env: Readonly<Record<string, string>>;
}

/**
 * The predefined names (redefinable).
 *
 * @example
 * ```ts
 * import { standardDefinitions } from "./_lex_defs.ts";
 * if (standardDefinitions().get("_HASH")?.value !== "#") throw new Error();
 * ```
 */
export function standardDefinitions(): Map<string, Definition> {
  return new Map<string, Definition>([
    ["_PWD", { value: "", multiline: false, builtin: "pwd" }],
    ["_INSTANCE", { value: "", multiline: false, builtin: "instance" }],
    ["_RANDOM", { value: "", multiline: false, builtin: "random" }],
    ["_HASH", { value: "#", multiline: false }],
    ["_BANG", { value: "!", multiline: false }],
    ["_ENV", { value: "", multiline: false, builtin: "env" }],
  ]);
}

/** A `$NAME=value` line, parsed. */
export interface DefinitionLine {
  /** The name. */
  name: string;
  /** The value (first line of a multi-line value, with `\n` appended when non-empty). */
  value: string;
  /** The value ends in `\`: following lines continue it. */
  multiline: boolean;
}

function isAlpha(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0) | 0x20;
  return k >= 97 && k <= 122;
}
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isWordChar = (c: string | undefined) => isAlpha(c) || isDigit(c) || c === "_";

/**
 * Recognise `$NAME=VALUE` (no blank before `=`; leading blanks of VALUE dropped).
 *
 * @example
 * ```ts
 * import { parseDefinition } from "./_lex_defs.ts";
 * if (parseDefinition("$IF= eth0")?.value !== "eth0") throw new Error();
 * if (parseDefinition("$IF =eth0") !== undefined) throw new Error();
 * ```
 */
export function parseDefinition(s: string): DefinitionLine | undefined {
  if (s[0] !== "$" || !(isAlpha(s[1]) || s[1] === "_")) return undefined;
  let p = 2;
  while (p < s.length && s[p] !== "=") {
    if (!isWordChar(s[p])) return undefined;
    p++;
  }
  if (s[p] !== "=") return undefined;
  const name = s.slice(1, p);
  let v = p + 1;
  while (s[v] === " " || s[v] === "\t") v++;
  let value = s.slice(v);
  if (!value.endsWith("\\")) return { name, value, multiline: false };
  value = value.slice(0, -1).replace(/[ \t]+$/, "");
  return { name, value: value === "" ? "" : value + "\n", multiline: true };
}

/** One reference found in a line. */
interface Reference {
  name: string;
  end: number;
  params?: string;
}

function findReference(
  s: string,
  at: number,
  defs: Map<string, Definition>,
): Reference | undefined {
  const braces = s[at] === "{";
  const n0 = braces ? at + 1 : at;
  if (!(isAlpha(s[n0]) || s[n0] === "_")) return undefined;
  let k = n0 + 1;
  while (isWordChar(s[k])) k++;
  const name = s.slice(n0, k);
  let params: string | undefined;
  let end: number;
  if (braces) {
    if (name === "_ENV" && (s[k] === " " || s[k] === "\t")) {
      const m = /^[ \t]+([A-Za-z_][A-Za-z0-9_]*)\}/.exec(s.slice(k));
      if (!m) return undefined;
      params = m[1]!;
      end = k + m[0].length;
    } else {
      let ps = -1;
      let pe = -1;
      while (s[k] === " " || isDigit(s[k])) {
        if (s[k] !== " ") {
          if (ps < 0) ps = k;
          pe = k;
        }
        k++;
      }
      if (ps >= 0 && pe + 1 !== k) return undefined;
      if (s[k] !== "}") return undefined;
      if (ps >= 0) params = s.slice(ps, pe + 1);
      end = k + 1;
    }
  } else {
    if (k < s.length && !" \t,)".includes(s[k]!)) return undefined;
    end = k;
  }
  const def = defs.get(name);
  if (!def) return undefined;
  if (def.multiline && end !== s.length) return undefined;
  if (params !== undefined && def.builtin !== "random" && def.builtin !== "env") return undefined;
  if (def.builtin === "env" && params === undefined) return undefined;
  const ref: Reference = { name, end };
  if (params !== undefined) ref.params = params;
  return ref;
}

/** A problem met while expanding. */
export interface ExpandNote {
  /** Index in the line where it happened. */
  index: number;
  /** What kind. */
  kind: "env" | "random-params" | "too-long" | "loop";
  /** Detail for the message. */
  detail: string;
}

/** What `expand` did. */
export interface Expanded {
  /** The line after expansion (undefined when the line has to be dropped). */
  text?: PosText;
  /** Something was replaced. */
  changed: boolean;
  /** Remaining lines of multi-line values, innermost last. */
  replays: { lines: string[]; column: number; endColumn: number }[];
  /** Problems found. */
  notes: ExpandNote[];
  /** Substitution stopped because the line would become too long (keepalived keeps the line). */
  stopped?: boolean;
}

/**
 * Replace every reference that keepalived would replace, rescanning replaced text (recursive).
 *
 * @example
 * ```ts
 * import { expand, standardDefinitions } from "./_lex_defs.ts";
 * import { fromSource } from "./_lex_text.ts";
 * const defs = standardDefinitions();
 * defs.set("A", { value: "x", multiline: false });
 * const env = { defs, pwd: "/", instance: "n1", random: () => 0, env: {} };
 * if (expand(fromSource("$A ${A}y $Az"), env).text?.s !== "x xy $Az") throw new Error();
 * ```
 */
export function expand(line: PosText, env: ExpandEnv): Expanded {
  let t = line;
  const out: Expanded = { changed: false, replays: [], notes: [] };
  let pos = 0;
  let count = 0;
  while ((pos = t.s.indexOf("$", pos)) >= 0 && pos + 1 < t.s.length) {
    const ref = findReference(t.s, pos + 1, env.defs);
    if (!ref) {
      pos++;
      continue;
    }
    if (++count > 1000) {
      out.notes.push({ index: pos, kind: "loop", detail: ref.name });
      return out;
    }
    const def = env.defs.get(ref.name)!;
    let value = computeValue(def, ref, env, out.notes, pos);
    let rest: string[] | undefined;
    if (def.multiline) {
      const lines = value.split("\n");
      value = lines[0]!;
      rest = lines.slice(1);
    }
    const next = replaceRange(t, pos, ref.end, value);
    if (next.s.length * 3 >= MAX_LINE && byteLength(next.s) >= MAX_LINE) {
      out.notes.push({ index: pos, kind: "too-long", detail: t.s });
      out.text = t;
      out.stopped = true;
      return out;
    }
    if (rest) {
      out.replays.push({ lines: rest, column: startOf(t, pos), endColumn: endOf(t, ref.end - 1) });
    }
    t = next;
    out.changed = true;
    if (value.replace(/^[ \t]+/, "").startsWith("~")) break;
  }
  out.text = t;
  return out;
}

function computeValue(
  def: Definition,
  ref: Reference,
  env: ExpandEnv,
  notes: ExpandNote[],
  index: number,
): string {
  switch (def.builtin) {
    case "pwd":
      return env.pwd;
    case "instance":
      return env.instance;
    case "env":
      notes.push({ index, kind: "env", detail: ref.params ?? "" });
      return env.env[ref.params ?? ""] ?? "";
    case "random": {
      let min = 0;
      let max = 32767;
      if (ref.params !== undefined) {
        const nums = ref.params.split(/ +/).map(Number);
        min = nums[0] ?? 0;
        if (nums.length > 1) max = nums[1] ?? max;
        if (nums.length > 2) notes.push({ index, kind: "random-params", detail: ref.params });
        if (max < min) {
          notes.push({ index, kind: "random-params", detail: ref.params });
          max = min;
        }
      }
      return String((env.random() % (max - min + 1)) + min);
    }
    default:
      return def.value;
  }
}

/**
 * UTF-8 length of a string (what keepalived's byte buffer sees).
 *
 * @example
 * ```ts
 * import { byteLength } from "./_lex_defs.ts";
 * if (byteLength("é") !== 2) throw new Error();
 * ```
 */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * A small seeded generator (mulberry32) giving non-negative 31-bit integers.
 *
 * @example
 * ```ts
 * import { seededRandom } from "./_lex_defs.ts";
 * const a = seededRandom(7), b = seededRandom(7);
 * if (a() !== b()) throw new Error();
 * ```
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) >>> 1;
  };
}
