/**
 * The keepalived.conf front end up to the syntax tree: include resolution, lexing and parsing
 * in one call that never throws and never logs.
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "./diagnostic.ts";
import type { ConfigFs } from "./fs.ts";
import type { IncludeCheck } from "./include.ts";
import { lexConfigStream, type LexOptions } from "./lexer.ts";
import { parseLines } from "./parser.ts";
import type { SyntaxTree } from "./syntax.ts";

/** Options of `parseConfig`. */
export interface ParseOptions {
  /** Where files are read from (`denoConfigFs()` or `memoryConfigFs(...)`). */
  fs: ConfigFs;
  /**
   * Config id for `@id` lines and `${_INSTANCE}` (keepalived's `-i`). Callers pass the host name
   * up to the first `.` by default; when undefined, no `@id` line matches.
   */
  configId?: string;
  /** Seed of `${_RANDOM}` (default 0, so results are repeatable). */
  randomSeed?: number;
  /** Environment for `${_ENV NAME}` (default empty). */
  env?: Record<string, string>;
  /** Default include checks; keepalived's `-e`/`--all-config` means all four. */
  includeChecks?: readonly IncludeCheck[];
}

/**
 * Read a keepalived.conf and everything it includes into a syntax tree, with diagnostics.
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * const fs = memoryConfigFs({ "/etc/keepalived/keepalived.conf": "vrrp_instance VI_1 {\n}\n" });
 * const { tree, diagnostics } = parseConfig("/etc/keepalived/keepalived.conf", { fs });
 * if (tree.statements[0]?.args[0]?.text !== "VI_1" || diagnostics.length) throw new Error();
 * ```
 */
export function parseConfig(
  path: string,
  options: ParseOptions,
): { tree: SyntaxTree; diagnostics: Diagnostic[] } {
  try {
    const lexOptions: LexOptions = { fs: options.fs };
    if (options.configId !== undefined) lexOptions.configId = options.configId;
    if (options.randomSeed !== undefined) lexOptions.randomSeed = options.randomSeed;
    if (options.env !== undefined) lexOptions.env = options.env;
    if (options.includeChecks !== undefined) lexOptions.includeChecks = options.includeChecks;
    const lexed = lexConfigStream(path, lexOptions);
    const parsed = parseLines(lexed.lines, lexed.files);
    return { tree: parsed.tree, diagnostics: [...lexed.diagnostics, ...parsed.diagnostics] };
  } catch (e) {
    return {
      tree: { statements: [], files: [] },
      diagnostics: [
        diagnostic(
          { file: path, line: 1, column: 1 },
          "error",
          "VK0199",
          `Internal error while reading '${path}': ${e instanceof Error ? e.message : String(e)}`,
          "please report this as a vipkeeper bug",
        ),
      ],
    };
  }
}

/**
 * keepalived's default config id: the host name up to its first `.` (what `-i` defaults to).
 *
 * @example
 * ```ts
 * import { configIdFromHostname } from "./parse.ts";
 * if (configIdFromHostname("lb1.example.net") !== "lb1") throw new Error();
 * ```
 */
export function configIdFromHostname(hostname: string): string {
  const dot = hostname.indexOf(".");
  return dot < 0 ? hostname : hostname.slice(0, dot);
}
