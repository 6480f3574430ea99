/**
 * The state threaded through validation: the diagnostics found so far.
 *
 * @module
 */

import { type Diagnostic, diagnostic, type Severity, type Span } from "./diagnostic.ts";

/** Collects diagnostics for one validation run. */
export class Ctx {
  /** Diagnostics in the order they were found. */
  readonly diagnostics: Diagnostic[] = [];

  /** Add a diagnostic. */
  add(at: Span, severity: Severity, code: string, message: string, hint?: string): void {
    this.diagnostics.push(diagnostic(at, severity, code, message, hint));
  }
  /** Add an error. */
  error(at: Span, code: string, message: string, hint?: string): void {
    this.add(at, "error", code, message, hint);
  }
  /** Add a warning. */
  warn(at: Span, code: string, message: string, hint?: string): void {
    this.add(at, "warning", code, message, hint);
  }
  /** Add an info. */
  info(at: Span, code: string, message: string, hint?: string): void {
    this.add(at, "info", code, message, hint);
  }
}
