/**
 * Diagnostic codes of lexer, include and parser (VK01xx).
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

/**
 * Codes of lexer, include and parser (VK01xx).
 *
 * @example
 * ```ts
 * import { syntaxCodes } from "./syntax.ts";
 * syntaxCodes.forEach((c) => c.code);
 * ```
 */
export const syntaxCodes: CodeInfo[] = [];
