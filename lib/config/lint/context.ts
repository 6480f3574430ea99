/**
 * What a lint rule may know about the world besides the model: an injected file system for script
 * paths and the host's interfaces. Both are optional; rules that need an absent one are skipped,
 * so linting a config for another machine (CI, `--no-host-checks`, cluster mode) stays quiet.
 *
 * @module
 */

import type { Diagnostic, Span } from "../diagnostic.ts";
import type { Model } from "../model.ts";
import type { SyntaxTree } from "../syntax.ts";
import type { SecurityFs } from "../../notify/security.ts";

/** One network interface of the host, with its addresses when known. */
export interface HostInterface {
  /** Interface name (`eth0`). */
  name: string;
  /** Addresses on it without prefix length (`192.0.2.1`, `2001:db8::1`), when known. */
  addresses?: string[];
}

/**
 * Context of a lint run.
 *
 * @example
 * ```ts
 * import type { LintContext } from "./context.ts";
 * const ctx: LintContext = {
 *   fs: {
 *     lstat: (p) => ({ uid: 0, mode: p === "/bin/true" ? 0o755 : 0o755, isDir: p !== "/bin/true", isSymlink: false }),
 *     readLink: () => null,
 *   },
 *   interfaces: [{ name: "eth0", addresses: ["192.0.2.1"] }],
 * };
 * ```
 */
export interface LintContext {
  /** The file system, for script paths (`lstat` and `readLink`). Absent: no path rules. */
  fs?: SecurityFs;
  /** The host's interfaces. Absent: interface and address-owner checks are skipped. */
  interfaces?: HostInterface[];
  /** The syntax tree the model came from, for rules that need what was written before resolution. */
  tree?: SyntaxTree;
  /** File name to blame when an object carries no span (models built in code). */
  file?: string;
}

/**
 * A lint rule: a pure function from a model (and context) to diagnostics.
 *
 * @example
 * ```ts
 * import type { LintRule } from "./context.ts";
 * const none: LintRule = () => [];
 * ```
 */
export type LintRule = (model: Model, ctx: LintContext) => Diagnostic[];

/**
 * The span of a keyword in an object (or of the object's header, or the file's start).
 *
 * @example
 * ```ts
 * import { spanOf } from "./context.ts";
 * const s = spanOf({ at: { file: "a.conf", line: 3, column: 1 } }, {}, "priority");
 * if (s.line !== 3) throw new Error();
 * ```
 */
export function spanOf(
  obj: { at?: Span; keyAt?: Record<string, Span> },
  ctx: LintContext,
  keyword?: string,
): Span {
  const key = keyword === undefined ? undefined : obj.keyAt?.[keyword];
  return key ?? obj.at ?? { file: ctx.file ?? "<config>", line: 1, column: 1 };
}

/**
 * True when the keyword was written in the object (per its `keyAt` map).
 *
 * @example
 * ```ts
 * import { written } from "./context.ts";
 * const at = { file: "a.conf", line: 3, column: 5 };
 * if (!written({ keyAt: { nopreempt: at } }, "nopreempt")) throw new Error();
 * ```
 */
export function written(obj: { keyAt?: Record<string, Span> }, keyword: string): boolean {
  return obj.keyAt?.[keyword] !== undefined;
}
