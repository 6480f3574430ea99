/**
 * Diagnostic codes of the YAML front end (VK07xx).
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

/**
 * Codes of the YAML front end (VK07xx).
 *
 * @example
 * ```ts
 * import { yamlCodes } from "./yaml.ts";
 * yamlCodes.forEach((c) => c.code);
 * ```
 */
export const yamlCodes: CodeInfo[] = [];
