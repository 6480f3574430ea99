/**
 * `include` and its checked variants (spec §1.6): which lines are includes, which checks each
 * form adds, `include_check`, and resolving one pattern to the files to read, with every
 * problem as a diagnostic. Paths are relative to the including file's directory; matches are
 * glob-sorted; directories and executable files are skipped; cycles are refused.
 *
 * @module
 */

import { posix } from "node:path";
import { type Diagnostic, diagnostic, type Severity, type Span } from "./diagnostic.ts";
import type { ConfigFs } from "./fs.ts";
import { expandBraces, hasMagic } from "./_glob.ts";

/** A check that turns an include problem into an error (keepalived's `include_check` words). */
export type IncludeCheck = "read" | "match" | "wildcard_match" | "brace_match";

const ALL_CHECKS: readonly IncludeCheck[] = Object.freeze<IncludeCheck[]>([
  "read",
  "match",
  "wildcard_match",
  "brace_match",
]);

const FORMS: Readonly<Record<string, readonly IncludeCheck[]>> = Object.freeze({
  include: Object.freeze<IncludeCheck[]>([]),
  includer: Object.freeze<IncludeCheck[]>(["read"]),
  includem: Object.freeze<IncludeCheck[]>(["read", "match"]),
  includew: Object.freeze<IncludeCheck[]>(["read", "match", "wildcard_match"]),
  includeb: Object.freeze<IncludeCheck[]>(["read", "brace_match"]),
  includea: ALL_CHECKS,
});

/** Deepest include nesting accepted. */
export const MAX_INCLUDE_DEPTH = 32;

/**
 * The checks an include keyword adds, or undefined when the word is not an include keyword.
 *
 * @example
 * ```ts
 * import { includeForm } from "./include.ts";
 * if (includeForm("includem")?.join() !== "read,match" || includeForm("includex")) throw new Error();
 * ```
 */
export function includeForm(word: string): readonly IncludeCheck[] | undefined {
  if (!word.startsWith("include") || !Object.hasOwn(FORMS, word)) return undefined;
  return FORMS[word];
}

/**
 * Apply an `include_check` line's words to the current default checks: no word = all; a word
 * without sign replaces the set (first such word) then adds; `+word` adds, `-word` removes.
 *
 * @example
 * ```ts
 * import { applyIncludeCheck } from "./include.ts";
 * const r = applyIncludeCheck(new Set(), ["read", "+match"]);
 * if ([...r.checks].join() !== "read,match" || r.unknown.length) throw new Error();
 * ```
 */
export function applyIncludeCheck(
  current: ReadonlySet<IncludeCheck>,
  words: readonly string[],
): { checks: Set<IncludeCheck>; unknown: string[] } {
  if (words.length === 0) return { checks: new Set(ALL_CHECKS), unknown: [] };
  const checks = new Set(current);
  const unknown: string[] = [];
  let replaced = false;
  for (const w of words) {
    const sign = w[0] === "+" || w[0] === "-" ? w[0] : "";
    const name = sign ? w.slice(1) : w;
    if (!(ALL_CHECKS as readonly string[]).includes(name)) {
      unknown.push(w);
      continue;
    }
    const check = name as IncludeCheck;
    if (sign === "-") checks.delete(check);
    else {
      if (sign === "" && !replaced) {
        checks.clear();
        replaced = true;
      }
      checks.add(check);
    }
  }
  return { checks, unknown };
}

/** A file to read in place of an include line. */
export interface IncludedFile {
  /** The path as it will be reported (relative paths stay relative to the process cwd). */
  path: string;
  /** Its text. */
  text: string;
  /** The bytes were not valid UTF-8 (replacement characters were substituted). */
  invalidUtf8: boolean;
}

/** Everything `resolveInclude` needs besides the pattern. */
export interface IncludeContext {
  /** The file system. */
  fs: ConfigFs;
  /** The file holding the include line. */
  fromFile: string;
  /** Checks in force (form checks plus `include_check` defaults). */
  checks: ReadonlySet<IncludeCheck>;
  /** Files being read, outermost first (the including file last). */
  chain: readonly string[];
  /** Where the pattern was written. */
  at: Span;
}

/**
 * Resolve an include pattern to the files to read, in order, with diagnostics.
 *
 * @example
 * ```ts
 * import { resolveInclude } from "./include.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * const fs = memoryConfigFs({ "/k/main.conf": "", "/k/d/b.conf": "b", "/k/d/a.conf": "a" });
 * const r = resolveInclude("d/*.conf", {
 *   fs, fromFile: "/k/main.conf", checks: new Set(), chain: ["/k/main.conf"],
 *   at: { file: "/k/main.conf", line: 1, column: 9 },
 * });
 * if (r.files.map((f) => f.text).join() !== "a,b") throw new Error();
 * ```
 */
export function resolveInclude(
  pattern: string,
  ctx: IncludeContext,
): { files: IncludedFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files: IncludedFile[] = [];
  const report = (
    check: IncludeCheck | undefined,
    soft: Severity,
    code: string,
    msg: string,
    hint: string,
  ) =>
    diagnostics.push(
      diagnostic(ctx.at, check && ctx.checks.has(check) ? "error" : soft, code, msg, hint),
    );
  const full = pattern.startsWith("/") ? pattern : posix.join(posix.dirname(ctx.fromFile), pattern);
  const alternatives = expandBraces(full);
  const perAlt = alternatives.map((alt) => safeGlob(ctx.fs, alt));
  const total = perAlt.reduce((n, m) => n + m.length, 0);
  const magic = hasMagic(full);
  if (total === 0) {
    const dirMissing = alternatives.some((alt) => !literalDirExists(ctx.fs, alt));
    if (magic && !dirMissing) {
      report(
        "wildcard_match",
        "info",
        "VK0111",
        `No config files matched '${pattern}'`,
        "keepalived is silent about this unless 'includew', 'includea' or include_check wildcard_match is used",
      );
    } else {
      report(
        magic
          ? "wildcard_match"
          : alternatives.length > 1 && ctx.checks.has("brace_match")
          ? "brace_match"
          : "match",
        "warning",
        "VK0110",
        `Config files missing '${pattern}'`,
        /^".*"$|^'.*'$/.test(pattern)
          ? "keepalived keeps quotes as part of an include path; write the path without them"
          : magic
          ? "a directory in the pattern does not exist; keepalived only logs this unless wildcard_match is checked"
          : "keepalived only logs this unless 'includem', 'includew', 'includea' or include_check match is used",
      );
    }
    return { files, diagnostics };
  }
  if (alternatives.length > 1) {
    const missing = alternatives.filter((_, i) => perAlt[i]!.length === 0);
    if (missing.length > 0) {
      report(
        "brace_match",
        "warning",
        "VK0112",
        `Some config files missing: '${missing.join("', '")}'`,
        "keepalived reads the files that exist; 'includeb', 'includea' or include_check brace_match make it an error",
      );
    }
  }
  const chainAbs = ctx.chain.map((f) => absolute(ctx.fs, f));
  for (const path of perAlt.flat()) {
    const st = ctx.fs.stat(path);
    if (!st.isFile || st.executable) {
      report(
        "read",
        "warning",
        "VK0113",
        st.isDirectory
          ? `Configuration file '${path}' is a directory - skipping`
          : `Configuration file '${path}' is not a regular non-executable file - skipping`,
        "keepalived skips it too; include regular files without execute permission",
      );
      continue;
    }
    const abs = absolute(ctx.fs, path);
    const loopAt = chainAbs.indexOf(abs);
    if (loopAt >= 0) {
      const names = [...ctx.chain.slice(loopAt), path].map((f) => `'${f}'`).join(" -> ");
      diagnostics.push(
        diagnostic(
          ctx.at,
          "error",
          "VK0115",
          `Include cycle: ${names}`,
          "keepalived recurses until it runs out of file descriptors; remove one of the includes",
        ),
      );
      continue;
    }
    if (ctx.chain.length >= MAX_INCLUDE_DEPTH) {
      diagnostics.push(
        diagnostic(
          ctx.at,
          "error",
          "VK0116",
          `Includes nested more than ${MAX_INCLUDE_DEPTH} deep at '${path}'`,
        ),
      );
      continue;
    }
    const read = ctx.fs.readText(path);
    if (!read.ok) {
      report(
        "read",
        "warning",
        "VK0114",
        `Configuration file '${path}' cannot be read (${read.error})`,
        "keepalived skips it",
      );
      continue;
    }
    files.push({ path, text: read.text, invalidUtf8: read.invalidUtf8 });
  }
  return { files, diagnostics };
}

/** The directory part of a pattern before its first wildcard exists (or there is none). */
function literalDirExists(fs: ConfigFs, pattern: string): boolean {
  const m = /[*?[]/.exec(pattern);
  const head = m ? pattern.slice(0, m.index) : pattern;
  const slash = head.lastIndexOf("/");
  if (slash <= 0) return true;
  return fs.stat(head.slice(0, slash)).isDirectory;
}

function safeGlob(fs: ConfigFs, pattern: string): string[] {
  try {
    return fs.glob(pattern);
  } catch {
    return [];
  }
}

/**
 * A path made absolute and normalised against the file system's cwd.
 *
 * @example
 * ```ts
 * import { absolute } from "./include.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * if (absolute(memoryConfigFs({}, { cwd: "/k" }), "./a/../b.conf") !== "/k/b.conf") throw new Error();
 * ```
 */
export function absolute(fs: ConfigFs, path: string): string {
  return posix.resolve(fs.cwd(), path);
}

/**
 * Open the main configuration file: it must exist and be a regular non-executable file.
 *
 * @example
 * ```ts
 * import { openMainFile } from "./include.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * const r = openMainFile("k.conf", memoryConfigFs({ "/k.conf": "x" }));
 * if (r.file?.text !== "x") throw new Error();
 * ```
 */
export function openMainFile(
  path: string,
  fs: ConfigFs,
): { file?: IncludedFile; diagnostics: Diagnostic[] } {
  const at = { file: path, line: 1, column: 1 };
  const st = fs.stat(path);
  if (!st.exists) {
    return {
      diagnostics: [
        diagnostic(
          at,
          "error",
          "VK0117",
          `Configuration file '${path}' does not exist`,
          "keepalived -t prints 'Config files missing' and still exits 0",
        ),
      ],
    };
  }
  if (!st.isFile || st.executable) {
    return {
      diagnostics: [
        diagnostic(
          at,
          "error",
          "VK0118",
          st.isDirectory
            ? `Configuration file '${path}' is a directory`
            : `Configuration file '${path}' is not a regular non-executable file`,
          "keepalived skips it and runs with an empty configuration",
        ),
      ],
    };
  }
  const read = fs.readText(path);
  if (!read.ok) {
    return {
      diagnostics: [
        diagnostic(
          at,
          "error",
          "VK0117",
          `Configuration file '${path}' cannot be read (${read.error})`,
        ),
      ],
    };
  }
  return { file: { path, text: read.text, invalidUtf8: read.invalidUtf8 }, diagnostics: [] };
}
