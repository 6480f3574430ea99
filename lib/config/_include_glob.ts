/**
 * Private: an include pattern globbed the way keepalived 2.2.7 sees it (glibc `glob` with
 * `GLOB_BRACE` and counting hooks): the matches, plus how many directories could not be opened,
 * how many literal paths did not exist, and whether wildcards were expanded at all.
 *
 * @module
 */

import { posix } from "node:path";
import type { ConfigFs } from "./fs.ts";
import { expandBraces, hasMagic } from "./_glob.ts";

/** What globbing an include pattern found. */
export interface IncludeGlob {
  /** Matches: brace alternatives in written order, each one's matches sorted. */
  matches: string[];
  /** Directories that had to be listed but could not be (keepalived: `missing_directories`). */
  missingDirectories: number;
  /** Literal paths that do not exist (keepalived: `missing_files`). */
  missingFiles: number;
  /** A wildcard was expanded in some existing directory (keepalived: `have_wildcards`). */
  haveWildcards: boolean;
  /** The pattern holds an unescaped `{` (keepalived: `have_brace`). */
  haveBrace: boolean;
}

const escapeGlob = (s: string) => s.replace(/[\\*?[{}]/g, "\\$&");
const unescapeGlob = (s: string) => s.replace(/\\(.)/g, "$1");

/**
 * Glob an include pattern with keepalived's bookkeeping.
 *
 * @example
 * ```ts
 * import { globInclude } from "./_include_glob.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * const fs = memoryConfigFs({ "/k/d/a.conf": "" });
 * const g = globInclude(fs, "/k/{nod,d}/*.conf");
 * if (g.matches.join() !== "/k/d/a.conf" || g.missingDirectories !== 1) throw new Error();
 * ```
 */
export function globInclude(fs: ConfigFs, pattern: string): IncludeGlob {
  const out: IncludeGlob = {
    matches: [],
    missingDirectories: 0,
    missingFiles: 0,
    haveWildcards: false,
    haveBrace: /(^|[^\\])\{/.test(pattern),
  };
  for (const alt of expandBraces(pattern)) {
    const found = hasMagic(alt) ? walk(fs, alt, out) : literal(fs, alt, out);
    found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    out.matches.push(...found);
  }
  return out;
}

function literal(fs: ConfigFs, path: string, out: IncludeGlob): string[] {
  const p = unescapeGlob(path);
  if (p !== "" && fs.stat(p).exists) return [p];
  out.missingFiles++;
  return [];
}

function walk(fs: ConfigFs, pattern: string, out: IncludeGlob): string[] {
  const absolute = pattern.startsWith("/");
  const segments = pattern.split("/").filter((s) => s !== "");
  let bases = [absolute ? "/" : ""];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      if (!hasMagic(seg)) {
        const candidate = join(base, unescapeGlob(seg));
        if (!last) next.push(candidate);
        else if (fs.stat(candidate).exists) next.push(candidate);
        else out.missingFiles++;
        continue;
      }
      const dir = base === "" ? "." : base;
      if (!fs.stat(dir).isDirectory) {
        out.missingDirectories++;
        continue;
      }
      out.haveWildcards = true;
      next.push(...safeGlob(fs, join(escapeGlob(base), seg)));
    }
    bases = next;
    if (bases.length === 0) break;
  }
  return bases;
}

function join(base: string, name: string): string {
  return base === "" ? name : posix.join(base, name);
}

function safeGlob(fs: ConfigFs, pattern: string): string[] {
  try {
    return fs.glob(pattern);
  } catch {
    return [];
  }
}
