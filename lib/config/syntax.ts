/**
 * The syntax tree that the keepalived.conf parser (and the YAML front end) produce and that
 * validation walks with the keyword table. It knows nothing of keyword meanings.
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";

/** One word of a line after comment stripping, `$` expansion and quote removal. */
export interface Word {
  /** The word's text with quotes removed. */
  text: string;
  /** True when the word was written in double quotes. */
  quoted: boolean;
  /** Where the word starts (and ends). For expanded text: the use site. */
  at: Span;
}

/**
 * One statement: a keyword, its argument words and, when a `{ ... }` followed it, the
 * statements of the block.
 */
export interface Statement {
  /** The first word of the line. */
  keyword: Word;
  /** The remaining words. */
  args: Word[];
  /** The statements between `{` and `}` when the keyword opened a block. */
  block?: Statement[];
  /**
   * The whole logical line after comment stripping and expansion, before word splitting.
   * Keywords that hold a command (`notify*`, `script`) re-split it with quote rules of their own.
   */
  raw: string;
  /** Span of the whole statement (for a block: up to its closing brace). */
  at: Span;
}

/** A parsed configuration: the top-level statements of the main file with includes inlined. */
export interface SyntaxTree {
  /** Top-level statements in file order. */
  statements: Statement[];
  /** Every file that was read, main file first, in the order they were opened. */
  files: string[];
}
