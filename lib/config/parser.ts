/**
 * The keepalived.conf parser: logical lines to a `SyntaxTree`. It knows no keywords: a statement
 * followed by a `{` line (on the same physical line or the next) owns the block up to the
 * matching `}`. Brace errors follow keepalived: an extra `}` is reported and ignored, a `{` that
 * follows no statement is reported and ignored (so its `}` closes the enclosing block), and
 * blocks still open at the end are reported.
 *
 * @module
 */

import { type Diagnostic, diagnostic, type Span } from "./diagnostic.ts";
import type { Statement, SyntaxTree } from "./syntax.ts";
import type { LogicalLine } from "./lexer.ts";

interface Level {
  statements: Statement[];
  owner?: Statement;
  open?: Span;
}

/**
 * Build the syntax tree from logical lines. `files` is read after the last line (a streaming
 * lexer fills it while lines are read).
 *
 * @example
 * ```ts
 * import { parseLines } from "./parser.ts";
 * import { lexText } from "./lexer.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * const lexed = lexText("a {\n b 1\n}\n", "t.conf", { fs: memoryConfigFs({}) });
 * const { tree } = parseLines(lexed.lines, lexed.files);
 * if (tree.statements[0]?.block?.[0]?.keyword.text !== "b") throw new Error();
 * ```
 */
export function parseLines(
  lines: Iterable<LogicalLine>,
  files: readonly string[],
): { tree: SyntaxTree; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const root: Statement[] = [];
  const stack: Level[] = [{ statements: root }];
  let last: Statement | undefined;
  for (const line of lines) {
    const top = stack[stack.length - 1]!;
    if (line.brace === "{") {
      if (last && last.block === undefined) {
        last.block = [];
        stack.push({ statements: last.block, owner: last, open: line.at });
      } else {
        diagnostics.push(
          diagnostic(
            line.at,
            "error",
            "VK0142",
            "Unexpected '{' - ignoring it",
            "keepalived ignores it too, so the matching '}' closes the enclosing block",
          ),
        );
      }
      last = undefined;
      continue;
    }
    if (line.brace === "}") {
      if (stack.length > 1) {
        stack.pop();
        closeAt(top.owner!, line.at);
      } else {
        diagnostics.push(diagnostic(line.at, "error", "VK0140", "Extra '}' found - ignoring it"));
      }
      last = undefined;
      continue;
    }
    const keyword = line.words[0];
    if (!keyword) continue;
    const args = line.words.slice(1);
    const statement: Statement = { keyword, args, raw: line.raw, at: line.at };
    top.statements.push(statement);
    last = statement;
  }
  if (stack.length > 1) {
    const missing = stack.length - 1;
    const open = stack[1]!;
    diagnostics.push(
      diagnostic(
        open.owner!.at,
        "error",
        "VK0141",
        `There ${missing === 1 ? "is 1 missing '}'" : `are ${missing} missing '}'s`} (block '${
          open.owner!.keyword.text
        }' is not closed)`,
        "keepalived applies what it read and reports the count at the end",
      ),
    );
  }
  return { tree: { statements: root, files: [...files] }, diagnostics };
}

function closeAt(owner: Statement, close: Span): void {
  if (close.file !== owner.at.file) return;
  owner.at.endLine = close.line;
  owner.at.endColumn = close.endColumn ?? close.column + 1;
}
