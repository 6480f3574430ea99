/**
 * Merging lint diagnostics with validation's, without saying the same thing twice. Several lint
 * rules also work on models built in code (where validation never ran); on a model that came
 * from a file, validation may already have reported the same finding at the same place. Then
 * the validation diagnostic stays and the lint one goes, except where the lint diagnostic says
 * the same and more (the consequence for the user): then the lint one replaces it.
 *
 * @module
 */

import type { Diagnostic } from "../diagnostic.ts";

/** Lint codes and the validation codes that report the same finding (validation's stays). */
export const SUPERSEDED_BY: Readonly<Record<string, readonly string[]>> = {
  VK0501: ["VK0416"],
  VK0502: ["VK0402"],
  VK0505: ["VK0413"],
  VK0507: ["VK0407"],
  VK0508: ["VK0407"],
  VK0510: ["VK0312"],
  VK0512: ["VK0405"],
  VK0513: ["VK0406"],
};

/** Lint codes that replace a validation finding on the same line because they add its consequence. */
export const REPLACES: Readonly<Record<string, readonly string[]>> = {
  VK0506: ["VK0411"],
  VK0509: ["VK0409"],
};

/**
 * Validation diagnostics (less those a lint diagnostic replaces) plus the lint diagnostics that
 * no validation diagnostic of a
 * superseding code already covers on the same file and line.
 *
 * @example
 * ```ts
 * import { mergeDiagnostics } from "./merge.ts";
 * const at = { file: "a.conf", line: 4, column: 5 };
 * const v = [{ ...at, severity: "warning" as const, code: "VK0407", message: "cleared" }];
 * const l = [{ ...at, severity: "warning" as const, code: "VK0507", message: "no effect" }];
 * if (mergeDiagnostics(v, l).length !== 1) throw new Error();
 * ```
 */
export function mergeDiagnostics(
  validation: readonly Diagnostic[],
  lint: readonly Diagnostic[],
): Diagnostic[] {
  const key = (code: string, d: Diagnostic) => `${code}\0${d.file}\0${d.line}`;
  const seen = new Set(validation.map((d) => key(d.code, d)));
  const kept = lint.filter((d) => !(SUPERSEDED_BY[d.code] ?? []).some((c) => seen.has(key(c, d))));
  const replaced = new Set(kept.flatMap((d) => (REPLACES[d.code] ?? []).map((c) => key(c, d))));
  return [...validation.filter((d) => !replaced.has(key(d.code, d))), ...kept];
}
