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
import { globInclude } from "./_include_glob.ts";

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

/** A word of an `include_check` line that keepalived rejects. */
export interface IncludeCheckProblem {
  /** The word as written. */
  word: string;
  /** `unknown` check name, or a second unsigned word (`duplicate`). */
  kind: "unknown" | "duplicate";
}

/**
 * Apply an `include_check` line's words as keepalived 2.2.7 does: no word = all four checks; a
 * first word without sign sets `read` plus that check; later unsigned words are rejected;
 * `+word` adds, `-word` removes.
 *
 * @example
 * ```ts
 * import { applyIncludeCheck } from "./include.ts";
 * const r = applyIncludeCheck(new Set(), ["match", "+brace_match"]);
 * if ([...r.checks].join() !== "read,match,brace_match" || r.problems.length) throw new Error();
 * ```
 */
export function applyIncludeCheck(
  current: ReadonlySet<IncludeCheck>,
  words: readonly string[],
): { checks: Set<IncludeCheck>; problems: IncludeCheckProblem[] } {
  if (words.length === 0) return { checks: new Set(ALL_CHECKS), problems: [] };
  let checks = new Set(current);
  const problems: IncludeCheckProblem[] = [];
  words.forEach((w, i) => {
    const sign = w[0] === "+" || w[0] === "-" ? w[0] : "";
    if (sign === "" && i > 0) {
      problems.push({ word: w, kind: "duplicate" });
      return;
    }
    const name = sign ? w.slice(1) : w;
    if (!(ALL_CHECKS as readonly string[]).includes(name)) {
      if (sign === "") checks = new Set();
      problems.push({ word: name, kind: "unknown" });
      return;
    }
    const check = name as IncludeCheck;
    if (sign === "-") checks.delete(check);
    else if (sign === "+") checks.add(check);
    else checks = new Set<IncludeCheck>(["read", check]);
  });
  return { checks, problems };
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
  const g = globInclude(ctx.fs, full);
  const missing = g.missingFiles + g.missingDirectories > 0;
  const quoted = /^".*"$|^'.*'$/.test(pattern);
  if (g.matches.length === 0) {
    if (missing) {
      report(
        g.haveBrace ? "brace_match" : "match",
        "warning",
        "VK0110",
        `Config files missing '${pattern}'`,
        quoted
          ? "keepalived keeps quotes as part of an include path; write the path without them"
          : g.haveBrace
          ? "keepalived only logs this unless 'includeb', 'includea' or include_check brace_match is used"
          : "keepalived only logs this unless 'includem', 'includew', 'includea' or include_check match is used",
      );
    } else {
      report(
        "wildcard_match",
        "info",
        "VK0111",
        `No config files matched '${pattern}'`,
        "keepalived is silent about this unless 'includew', 'includea' or include_check wildcard_match is used",
      );
    }
    return { files, diagnostics };
  }
  if (missing) {
    const abort = ctx.checks.has("brace_match");
    report(
      "brace_match",
      "warning",
      "VK0112",
      `Some config files missing: '${pattern}'`,
      abort
        ? "with brace_match checked keepalived reads none of the matches"
        : "keepalived reads the files that exist; 'includeb', 'includea' or include_check brace_match make it an error",
    );
    if (abort) return { files, diagnostics };
  }
  const chainAbs = ctx.chain.map((f) => absolute(ctx.fs, f));
  for (const path of g.matches) {
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
  const fail = (code: string, message: string, hint?: string) => ({
    diagnostics: [diagnostic(at, "error", code, message, hint)],
  });
  const st = fs.stat(path);
  if (!st.exists) {
    return fail(
      "VK0117",
      `Configuration file '${path}' does not exist`,
      "keepalived -t prints 'Config files missing' and still exits 0",
    );
  }
  if (!st.isFile || st.executable) {
    return fail(
      "VK0118",
      st.isDirectory
        ? `Configuration file '${path}' is a directory`
        : `Configuration file '${path}' is not a regular non-executable file`,
      "keepalived skips it and runs with an empty configuration",
    );
  }
  const read = fs.readText(path);
  if (!read.ok) {
    return fail("VK0117", `Configuration file '${path}' cannot be read (${read.error})`);
  }
  return { file: { path, text: read.text, invalidUtf8: read.invalidUtf8 }, diagnostics: [] };
}
