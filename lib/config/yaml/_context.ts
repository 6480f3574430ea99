/**
 * Private: what the YAML → syntax tree mapping carries around: the file name, the line counter
 * that turns offsets into line and column, the document (to resolve aliases) and the
 * diagnostics found so far.
 *
 * @module
 */

import type { Document, LineCounter, Node } from "yaml";
import { type Diagnostic, diagnostic, type Span } from "../diagnostic.ts";
import type { Statement, Word } from "../syntax.ts";
import { quoteCommand, quoteWord } from "../emit/_quote.ts";

/**
 * The `yaml` npm package, loaded on first use (`await import("yaml")`): a keepalived.conf never
 * pays for it (the package and Node's compatibility layer cost ≈ 8 MiB of memory).
 */
export type YamlLibrary = typeof import("yaml");

/** Mapping state shared by the helpers of one document. */
export class YamlContext {
  /** Diagnostics found so far. */
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    /** The loaded `yaml` package. */
    readonly yaml: YamlLibrary,
    /** File name used in spans. */
    readonly file: string,
    private readonly lines: LineCounter,
    private readonly doc: Document.Parsed,
  ) {}

  /** The span of an offset range of the text. */
  spanOf(start: number, end?: number): Span {
    const a = this.lines.linePos(start);
    const s: Span = { file: this.file, line: a.line, column: a.col };
    if (end !== undefined && end > start) {
      const b = this.lines.linePos(end);
      s.endLine = b.line;
      s.endColumn = b.col;
    }
    return s;
  }

  /** The span of a node (its value range), or the document start when it has none. */
  nodeSpan(node: Node | null | undefined): Span {
    const r = node?.range;
    return r ? this.spanOf(r[0], r[1]) : this.spanOf(0);
  }

  /** A node with aliases resolved (an unknown alias reports and gives null). */
  resolve(node: unknown): unknown {
    if (!this.yaml.isAlias(node)) return node;
    const target = node.resolve(this.doc);
    if (target === undefined) {
      this.error(this.nodeSpan(node), "VK0701", `Unknown alias '*${node.source}'`);
      return null;
    }
    return target;
  }

  /** True (and reported) when a key was already seen in the same mapping; else records it. */
  duplicate(seen: Set<string>, key: Word): boolean {
    if (!seen.has(key.text)) {
      seen.add(key.text);
      return false;
    }
    this.error(
      key.at,
      "VK0702",
      `Duplicate key '${key.text}'; this occurrence is ignored`,
      "a keyword that repeats is written as a list of its occurrences",
    );
    return true;
  }

  /** Report an error. */
  error(at: Span, code: string, message: string, hint?: string): void {
    this.diagnostics.push(diagnostic(at, "error", code, message, hint));
  }

  /** A word at a span. */
  word(text: string, quoted: boolean, at: Span): Word {
    return { text, quoted, at };
  }
}

/**
 * A statement from a keyword word and argument words, with the `raw` line that keepalived's
 * parser would have seen (arguments quoted as `convert` writes them; those of a command keyword
 * in script quoting).
 */
export function makeStatement(
  keyword: Word,
  args: Word[],
  at: Span,
  options: { command?: boolean; block?: Statement[] } = {},
): Statement {
  const quoted = args.map((w) =>
    options.command === true ? quoteCommand(w.text) : quoteWord(w.text)
  );
  const s: Statement = { keyword, args, raw: [keyword.text, ...quoted].join(" "), at };
  if (options.block !== undefined) s.block = options.block;
  return s;
}
