/**
 * Diagnostic codes of semantic lint rules (VK05xx).
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

/**
 * Codes of semantic lint rules (VK05xx).
 *
 * @example
 * ```ts
 * import { lintCodes } from "./lint.ts";
 * lintCodes.forEach((c) => c.code);
 * ```
 */
export const lintCodes: CodeInfo[] = [];
