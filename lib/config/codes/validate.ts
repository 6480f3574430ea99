/**
 * Diagnostic codes of keyword table and validation (VK02xx-VK04xx).
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

/**
 * Codes of keyword table and validation (VK02xx-VK04xx).
 *
 * @example
 * ```ts
 * import { validateCodes } from "./validate.ts";
 * validateCodes.forEach((c) => c.code);
 * ```
 */
export const validateCodes: CodeInfo[] = [];
