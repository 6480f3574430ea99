/**
 * The shared intermediate form of the emitters: a resolved `Model` turned into keepalived
 * statements, each tagged with how it is written (flag, boolean, value words, command, list block,
 * keyword block). `emitConf` and `emitYaml` both render these nodes, so the two output forms
 * always hold the same statements.
 *
 * @module
 */

/**
 * One statement to write.
 *
 * - `flag`: the keyword alone (YAML `true`).
 * - `bool`: the keyword alone when true, `keyword false` when false (YAML boolean).
 * - `value`: the keyword and its words (YAML scalar).
 * - `command`: a command string with optional user and group (YAML string or mapping).
 * - `list`: a block whose lines are entries (YAML sequence).
 * - `block`: a block of keywords, optionally named (YAML mapping).
 *
 * @example
 * ```ts
 * import type { OutNode } from "./nodes.ts";
 * const n: OutNode = { kind: "value", keyword: "priority", words: ["150"] };
 * ```
 */
export type OutNode =
  | { kind: "flag"; keyword: string }
  | { kind: "bool"; keyword: string; value: boolean }
  | { kind: "value"; keyword: string; words: string[] }
  | { kind: "command"; keyword: string; command: string; user?: string; group?: string }
  | { kind: "list"; keyword: string; entries: OutEntry[] }
  | { kind: "block"; keyword: string; name?: string; body: OutNode[] };

/**
 * One line of a list block: its leading word(s) and its options. A `TrackRef` becomes
 * `{ head: ["chk"], options: [["weight", "10"]] }`; a flag option has no value.
 *
 * @example
 * ```ts
 * import type { OutEntry } from "./nodes.ts";
 * const e: OutEntry = { head: ["192.0.2.1/24"], options: [["dev", "eth1"], ["no_track"]] };
 * ```
 */
export interface OutEntry {
  /** The words that start the line (a name, an address, or a whole route). */
  head: string[];
  /** `[option]` for a flag word, `[option, value]` for an option with a value. */
  options: ([string] | [string, string])[];
  /** Words written verbatim after the options (kept unknown words). */
  tail?: string[];
  /** The key naming `head` in the YAML mapping form (`name`, `address`); absent: string only. */
  headKey?: string;
}

/**
 * The words of a list entry in keepalived order: head, options, tail.
 *
 * @example
 * ```ts
 * import { entryWords } from "./nodes.ts";
 * const w = entryWords({ head: ["chk"], options: [["weight", "5"], ["reverse"]] });
 * if (w.join(" ") !== "chk weight 5 reverse") throw new Error(w.join(" "));
 * ```
 */
export function entryWords(entry: OutEntry): string[] {
  return [...entry.head, ...entry.options.flat(), ...(entry.tail ?? [])];
}

/**
 * Write a number the way keepalived reads it back: integers plainly, decimals with at most six
 * places (microseconds) and no exponent.
 *
 * @example
 * ```ts
 * import { formatNumber } from "./nodes.ts";
 * if (formatNumber(0.1 + 0.2) !== "0.3") throw new Error(formatNumber(0.1 + 0.2));
 * if (formatNumber(150) !== "150") throw new Error();
 * ```
 */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const fixed = n.toFixed(6).replace(/0+$/, "").replace(/\.$/, "");
  return fixed === "-0" ? "0" : fixed;
}
