/**
 * The shape of a documented diagnostic code. Each area of the config front end lists its codes
 * in a file of this folder; `docs/diagnostics.md` is generated from all of them.
 *
 * @module
 */

import type { Severity } from "../diagnostic.ts";

/**
 * One stable diagnostic code.
 *
 * @example
 * ```ts
 * import type { CodeInfo } from "./types.ts";
 * const c: CodeInfo = {
 *   code: "VK0101", severity: "error", title: "Unknown keyword",
 *   description: "The keyword is not known at this level of the configuration.",
 * };
 * ```
 */
export interface CodeInfo {
  /** `VK` and four digits. Ranges: 01xx syntax, 02xx–04xx validation, 05xx lint, 06xx cluster, 07xx YAML. */
  code: string;
  /** Usual severity (a rule may lower or raise it, and says so in `description`). */
  severity: Severity;
  /** A few words. */
  title: string;
  /** What triggers it, what keepalived does in the same case, and how to fix it. */
  description: string;
}
