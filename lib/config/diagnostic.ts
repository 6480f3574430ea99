/**
 * Diagnostics are data: every pass of the config front end returns them instead of logging.
 *
 * @module
 */

/** How bad a diagnostic is. `error` makes `lint` exit 1 and `run` refuse the configuration. */
export type Severity = "error" | "warning" | "info";

/** A place in a configuration file. Lines and columns are 1-based. */
export interface Span {
  /** The file as it was named (the `-f` argument or the include path after glob expansion). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Last line of the span, when it covers more than one place. */
  endLine?: number;
  /** Column just after the span on `endLine` (or `line`). */
  endColumn?: number;
}

/**
 * One finding about a configuration: where, how bad, a stable code, a message and an optional hint.
 *
 * @example
 * ```ts
 * import type { Diagnostic } from "./diagnostic.ts";
 * const d: Diagnostic = {
 *   file: "keepalived.conf", line: 4, column: 5, severity: "error",
 *   code: "VK0101", message: "Unknown keyword 'prority'", hint: "did you mean 'priority'?",
 * };
 * ```
 */
export interface Diagnostic extends Span {
  /** Severity of the finding. */
  severity: Severity;
  /** Stable code, documented in docs/diagnostics.md (e.g. `VK0101`). */
  code: string;
  /** Sentence-case message that quotes the offending value. */
  message: string;
  /** What to do about it, or what keepalived would do instead. */
  hint?: string;
}

/**
 * Build a diagnostic at a span.
 *
 * @example
 * ```ts
 * import { diagnostic } from "./diagnostic.ts";
 * const d = diagnostic({ file: "a.conf", line: 1, column: 1 }, "warning", "VK0000", "Something");
 * if (d.severity !== "warning") throw new Error();
 * ```
 */
export function diagnostic(
  at: Span,
  severity: Severity,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = { ...spanOf(at), severity, code, message };
  if (hint !== undefined) d.hint = hint;
  return d;
}

function spanOf(at: Span): Span {
  const s: Span = { file: at.file, line: at.line, column: at.column };
  if (at.endLine !== undefined) s.endLine = at.endLine;
  if (at.endColumn !== undefined) s.endColumn = at.endColumn;
  return s;
}

/**
 * True when any diagnostic is an error.
 *
 * @example
 * ```ts
 * import { hasErrors } from "./diagnostic.ts";
 * if (hasErrors([])) throw new Error("no diagnostics means no errors");
 * ```
 */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * Order diagnostics by file, line, column, then code, so output is stable.
 *
 * @example
 * ```ts
 * import { sortDiagnostics } from "./diagnostic.ts";
 * sortDiagnostics([]);
 * ```
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
