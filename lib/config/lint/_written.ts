/**
 * What was written, before validation resolved it: find the statement of a keyword in the syntax
 * tree by the span that the model's `keyAt` map holds for it.
 *
 * @module
 */

import type { Span } from "../diagnostic.ts";
import type { Located } from "../model.ts";
import { type LintContext, spanOf } from "./context.ts";
import type { Statement, SyntaxTree } from "../syntax.ts";

const indexes = new WeakMap<SyntaxTree, Map<string, Statement>>();

/**
 * The statement whose keyword starts at `span`, if the tree holds one.
 *
 * @example
 * ```ts
 * import { statementAt } from "./_written.ts";
 * const at = { file: "a.conf", line: 2, column: 5 };
 * const st = { keyword: { text: "nopreempt", quoted: false, at }, args: [], raw: "nopreempt", at };
 * if (statementAt({ statements: [st], files: ["a.conf"] }, at) !== st) throw new Error();
 * ```
 */
export function statementAt(tree: SyntaxTree, span: Span): Statement | undefined {
  let index = indexes.get(tree);
  if (index === undefined) {
    index = new Map();
    const walk = (list: Statement[]) => {
      for (const s of list) {
        index?.set(key(s.keyword.at), s);
        if (s.block) walk(s.block);
      }
    };
    walk(tree.statements);
    indexes.set(tree, index);
  }
  return index.get(key(span));
}

function key(s: Span): string {
  return `${s.file}\0${s.line}\0${s.column}`;
}

/**
 * The first argument written after a keyword of an object, from the tree (`undefined` when the
 * tree or the keyword is missing).
 *
 * @example
 * ```ts
 * import { writtenArg } from "./_written.ts";
 * const at = { file: "a.conf", line: 2, column: 5 };
 * const word = { text: "MASTER", quoted: false, at: { ...at, column: 11 } };
 * const st = { keyword: { text: "state", quoted: false, at }, args: [word], raw: "", at };
 * const tree = { statements: [st], files: ["a.conf"] };
 * if (writtenArg({ keyAt: { state: at } }, "state", tree) !== "MASTER") throw new Error();
 * ```
 */
export function writtenArg(
  obj: { keyAt?: Record<string, Span> },
  keyword: string,
  tree: SyntaxTree | undefined,
): string | undefined {
  const at = obj.keyAt?.[keyword];
  if (tree === undefined || at === undefined) return undefined;
  return statementAt(tree, at)?.args[0]?.text;
}

/**
 * The span of the entry of a block keyword (`unicast_peer`, `virtual_ipaddress`) whose first word
 * (before any `/prefix`) is `word`; else the block keyword's span.
 *
 * @example
 * ```ts
 * import { entryAt } from "./_written.ts";
 * const at = { file: "a.conf", line: 5, column: 5 };
 * if (entryAt({ at }, "unicast_peer", "192.0.2.1", {}).line !== 5) throw new Error();
 * ```
 */
export function entryAt(obj: Located, kw: string, word: string, ctx: LintContext): Span {
  const at = obj.keyAt?.[kw];
  const block = ctx.tree && at ? statementAt(ctx.tree, at)?.block : undefined;
  const entry = block?.find((s) => s.keyword.text.split("/")[0] === word);
  return entry?.keyword.at ?? spanOf(obj, ctx, kw);
}
