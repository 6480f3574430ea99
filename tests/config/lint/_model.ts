/**
 * Helpers for lint rule tests: spans, statements and syntax trees. The hand-built models come from
 * the shared `tests/_fixtures/model.ts` and are re-exported here for the rule tests.
 *
 * @module
 */

import type { Span } from "../../../lib/config/diagnostic.ts";
import type { Statement, SyntaxTree } from "../../../lib/config/syntax.ts";

export { globalDefs, instance, model, script, syncGroup, vip } from "../../_fixtures/model.ts";

/** A span in `test.conf` at the given line (column 5). */
export function at(line: number, column = 5): Span {
  return { file: "test.conf", line, column };
}

/** The codes of a diagnostic list, in order. */
export function codes(list: { code: string }[]): string[] {
  return list.map((d) => d.code);
}

/** A statement `keyword args... [{ block }]` whose keyword starts at `span`. */
export function statement(
  span: Span,
  words: string[],
  block?: Statement[],
): Statement {
  const [kw = "", ...args] = words;
  const s: Statement = {
    keyword: { text: kw, quoted: false, at: span },
    args: args.map((text, i) => ({
      text,
      quoted: false,
      at: { ...span, column: span.column + 1 + i },
    })),
    raw: words.join(" "),
    at: span,
  };
  if (block) s.block = block;
  return s;
}

/** A syntax tree of the given top-level statements. */
export function tree(...statements: Statement[]): SyntaxTree {
  return { statements, files: ["test.conf"] };
}
