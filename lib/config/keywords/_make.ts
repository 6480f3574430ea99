/**
 * Small constructors that keep the keyword tables readable.
 *
 * @module
 */

import type { KeywordSpec, LevelId, Shape } from "./types.ts";

/** Largest value of a C `int`, keepalived's usual upper bound. */
export const INT_MAX = 2147483647;

type Extra = Omit<KeywordSpec, "name" | "shape" | "args" | "doc">;

/** A keyword entry. */
export function kw(
  name: string,
  shape: Shape,
  args: string,
  doc: string,
  extra: Extra = {},
): KeywordSpec {
  return { name, shape, args, doc, ...extra };
}

/** Integer shape. */
export function int(min: number, max: number): Shape {
  return { kind: "int", min, max };
}

/** Decimal (seconds) shape. */
export function dec(min: number, max: number): Shape {
  return { kind: "decimal", min, max };
}

/** Nested keyword block. */
export function block(level: LevelId): Shape {
  return { kind: "block", level };
}

/** Flag (no argument). */
export const FLAG: Shape = { kind: "flag" };
/** Optional boolean. */
export const BOOL: Shape = { kind: "bool" };
/** One word. */
export const WORD: Shape = { kind: "word" };
/** A command line. */
export const COMMAND: Shape = { kind: "command" };
/** Any words (possibly none). */
export const ANY: Shape = { kind: "words", min: 0 };
/** At least one word. */
export const WORDS: Shape = { kind: "words", min: 1 };

/** A keyword of another keepalived daemon, recognised and skipped. */
export function notRun(name: string, isBlock: boolean, who: string, doc: string): KeywordSpec {
  return {
    name,
    shape: { kind: "skip", block: isBlock },
    args: isBlock ? "{ ... }" : "...",
    doc,
    notRun: who,
  };
}

/** A keyword accepted and kept verbatim but not used by vipkeeper. */
export function kept(name: string, args: string, doc: string, extra: Extra = {}): KeywordSpec {
  return { name, shape: ANY, args, doc, unmodelled: true, ...extra };
}
