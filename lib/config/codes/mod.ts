/**
 * Every documented diagnostic code, from all areas of the config front end.
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";
import { clusterCodes } from "./cluster.ts";
import { lintCodes } from "./lint.ts";
import { syntaxCodes } from "./syntax.ts";
import { validateCodes } from "./validate.ts";
import { yamlCodes } from "./yaml.ts";

export type { CodeInfo } from "./types.ts";

/**
 * All codes, sorted by code.
 *
 * @example
 * ```ts
 * import { allCodes } from "./mod.ts";
 * const codes = allCodes().map((c) => c.code);
 * if (new Set(codes).size !== codes.length) throw new Error("duplicate code");
 * ```
 */
export function allCodes(): CodeInfo[] {
  return [...syntaxCodes, ...validateCodes, ...lintCodes, ...clusterCodes, ...yamlCodes]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * The documentation of one code, or undefined.
 *
 * @example
 * ```ts
 * import { codeInfo } from "./mod.ts";
 * if (codeInfo("VK0201")?.severity !== "error") throw new Error();
 * ```
 */
export function codeInfo(code: string): CodeInfo | undefined {
  return allCodes().find((c) => c.code === code);
}
