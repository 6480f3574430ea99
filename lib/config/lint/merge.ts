/**
 * Merging lint diagnostics with validation's, without saying the same thing twice. Several lint
 * rules also work on models built in code (where validation never ran); on a model that came
 * from a file, validation may already have reported the same finding at the same place. Then
 * the validation diagnostic stays and the lint one goes.
 *
 * @module
 */

import type { Diagnostic } from "../diagnostic.ts";

/** Lint codes and the validation codes that report the same finding. */
export const SUPERSEDED_BY: Readonly<Record<string, readonly string[]>> = {
  VK0501: ["VK0416"],
  VK0502: ["VK0402"],
  VK0505: ["VK0413"],
  VK0506: ["VK0411"],
  VK0507: ["VK0407"],
  VK0508: ["VK0407"],
  VK0509: ["VK0409"],
  VK0510: ["VK0312"],
  VK0512: ["VK0405"],
  VK0513: ["VK0406"],
};

/**
 * Validation diagnostics plus the lint diagnostics that no validation diagnostic of a
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
  const seen = new Set(validation.map((d) => `${d.code}\0${d.file}\0${d.line}`));
  const kept = lint.filter((d) =>
    !(SUPERSEDED_BY[d.code] ?? []).some((code) => seen.has(`${code}\0${d.file}\0${d.line}`))
  );
  return [...validation, ...kept];
}
