/**
 * Diagnostic codes of cluster lint (VK06xx).
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

/**
 * Codes of cluster lint (VK06xx).
 *
 * @example
 * ```ts
 * import { clusterCodes } from "./cluster.ts";
 * clusterCodes.forEach((c) => c.code);
 * ```
 */
export const clusterCodes: CodeInfo[] = [];
