/**
 * Private: turns the lexer's findings into diagnostics with the codes of `codes/syntax.ts`.
 *
 * @module
 */

import { type Diagnostic, diagnostic, type Severity, type Span } from "./diagnostic.ts";
import { syntaxCodes } from "./codes/syntax.ts";
import type { GeneratorError } from "./_lex_seq.ts";

const SEVERITY = new Map<string, Severity>(syntaxCodes.map((c) => [c.code, c.severity]));

const clip = (s: string) => (s.length > 80 ? s.slice(0, 77) + "..." : s);

const MESSAGES: Record<string, (d: string) => [string, string?]> = {
  VK0101: (
    d,
  ) => [`Line too long (${d} bytes, at most 1022) - ignoring it`, "keepalived drops it too"],
  VK0102: () => ["Line has an embedded NUL - ignoring it"],
  VK0103: (d) => [`File '${d}' is not valid UTF-8`],
  VK0104: (d) => [`Unterminated quote in '${clip(d)}'`],
  VK0105: (d) => [`Unmatched quote in '${clip(d)}' - the rest of the line is ignored`],
  VK0106: (d) => [
    `Include '${clip(d)}' is not a literal include line and is not processed`,
    "it follows '@id', a '$' substitution or a brace on the same line; keepalived processes such an include twice (once more when its child processes re-read the raw line); write the include alone at the start of a line",
  ],
  VK0107: (
    d,
  ) => [`Include needs exactly one pattern: '${clip(d)}'`, "quote a path that has blanks"],
  VK0108: (d) => [
    `File '${d}' starts with a byte-order mark - ignoring it`,
    "keepalived reads the mark as part of the first keyword; save the file without it",
  ],
  VK0119: (
    d,
  ) => [`Unknown include_check word '${d}'`, "use read, match, wildcard_match or brace_match"],
  VK0120: (d) => [`Invalid generator '${clip(d)}'`],
  VK0121: (d) => [`Invalid ~SEQ values '${clip(d)}'`],
  VK0125: (d) => [`Parameter substitution on '${clip(d)}' would exceed the maximum line length`],
  VK0126: (
    d,
  ) => [`Definition '$${d}' expands to itself`, "keepalived would loop; fix the definitions"],
  VK0127: (d) => [
    `'\${_ENV ${d}}' is not known to keepalived 2.2.7`,
    "keepalived 2.2.7 leaves it as written; it was added in 2.4.0",
  ],
  VK0128: (d) => [`Odd '\${_RANDOM ${d}}' parameters`, "give MIN and MAX with MIN <= MAX"],
  VK0130: (d) =>
    d === "\\"
      ? [
        "A comment ending in '\\' leaves a lone '\\' on the line",
        "keepalived reads it as the unknown keyword '\\'; remove the backslash",
      ]
      : [
        `Trailing '\\' in '${clip(d)}' does not continue the line`,
        "only $NAME= definitions continue",
      ],
  VK0129: (d) => [
    `Generators or multi-line definitions nest too deep at '${clip(d)}'`,
    "a multi-line definition that refers to itself makes keepalived loop forever",
  ],
  VK0131: (d) => [
    `Escaped comment character in '${clip(d)}' is only honoured by keepalived's parent process`,
    "keepalived's VRRP process re-reads the line with the escape removed and treats the rest as a comment; quote the text instead",
  ],
  VK0143: (d) => [`Conditional '${clip(d)}' has nothing after the id - line dropped`],
};

/**
 * Collects diagnostics.
 *
 * @example
 * ```ts
 * import { Reporter } from "./_lex_report.ts";
 * const r = new Reporter();
 * r.add({ file: "a.conf", line: 1, column: 1 }, "VK0102", "");
 * if (r.diagnostics[0]?.severity !== "error") throw new Error();
 * ```
 */
export class Reporter {
  /** All diagnostics so far. */
  readonly diagnostics: Diagnostic[] = [];

  /** Add a diagnostic with its code's message and severity. */
  add(at: Span, code: string, detail: string): void {
    const [message, hint] = MESSAGES[code]?.(detail) ?? [detail];
    this.diagnostics.push(diagnostic(at, SEVERITY.get(code) ?? "error", code, message, hint));
  }

  /** Add ready-made diagnostics. */
  push(ds: readonly Diagnostic[]): void {
    this.diagnostics.push(...ds);
  }

  /** An expansion note. */
  note(at: Span, kind: "env" | "random-params" | "too-long" | "loop", detail: string): void {
    const code =
      { env: "VK0127", "random-params": "VK0128", "too-long": "VK0125", loop: "VK0126" }[kind];
    this.add(at, code, detail);
  }

  /** A rejected generator line. */
  generator(at: Span, error: GeneratorError["error"], text: string): void {
    if (error === "definition" || error === "multiline" || error === "too-many-values") {
      this.add(at, "VK0120", text);
    } else this.add(at, "VK0121", text);
  }
}
