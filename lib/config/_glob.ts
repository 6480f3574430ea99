/**
 * Private: POSIX-style glob with GLOB_BRACE over two injected primitives (list a directory,
 * test a path). Mirrors glibc: brace alternatives are globbed one after the other, the matches
 * of each sorted on their own; `*` and `?` never match `/` nor a leading `.`.
 *
 * @module
 */

/** What glob needs from a file system. */
export interface GlobHost {
  /** Names in a directory (not paths), or undefined when it cannot be listed. */
  readDir(path: string): string[] | undefined;
  /** True when something exists at `path`. */
  exists(path: string): boolean;
}

/**
 * Expand `{a,b}` groups (nested allowed) into the list of alternatives, left to right.
 * Unbalanced braces are kept literally; `\{` is not a group.
 *
 * @example
 * ```ts
 * import { expandBraces } from "./_glob.ts";
 * if (expandBraces("a{b,c}d").join(" ") !== "abd acd") throw new Error();
 * ```
 */
export function expandBraces(pattern: string): string[] {
  const open = findGroup(pattern);
  if (!open) return [pattern];
  const { start, end, parts } = open;
  const head = pattern.slice(0, start);
  const tail = pattern.slice(end + 1);
  const out: string[] = [];
  for (const part of parts) {
    for (const e of expandBraces(head + part + tail)) out.push(e);
  }
  return out;
}

function findGroup(p: string): { start: number; end: number; parts: string[] } | undefined {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c !== "{") continue;
    let depth = 0;
    const parts: string[] = [];
    let from = i + 1;
    for (let j = i; j < p.length; j++) {
      const d = p[j];
      if (d === "\\") {
        j++;
        continue;
      }
      if (d === "{") depth++;
      else if (d === "}") {
        depth--;
        if (depth === 0) {
          parts.push(p.slice(from, j));
          return { start: i, end: j, parts };
        }
      } else if (d === "," && depth === 1) {
        parts.push(p.slice(from, j));
        from = j + 1;
      }
    }
    return undefined; // unbalanced: literal
  }
  return undefined;
}

/**
 * True when the text holds an unescaped glob wildcard (`*`, `?` or `[`).
 *
 * @example
 * ```ts
 * import { hasMagic } from "./_glob.ts";
 * if (!hasMagic("a/*.conf") || hasMagic("a/b.conf")) throw new Error();
 * ```
 */
export function hasMagic(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "*" || c === "?" || c === "[") return true;
  }
  return false;
}

/**
 * Match one path segment against a glob segment (`*`, `?`, `[...]`, `[!...]`, `\x`).
 *
 * @example
 * ```ts
 * import { matchSegment } from "./_glob.ts";
 * if (!matchSegment("*.conf", "a.conf") || matchSegment("*.conf", ".a.conf")) throw new Error();
 * ```
 */
export function matchSegment(pattern: string, name: string): boolean {
  if (name.startsWith(".") && !pattern.startsWith(".")) return false;
  return matchFrom(pattern, 0, name, 0);
}

function matchFrom(p: string, pi: number, s: string, si: number): boolean {
  while (pi < p.length) {
    const c = p[pi]!;
    if (c === "*") {
      while (p[pi] === "*") pi++;
      if (pi === p.length) return true;
      for (let k = si; k <= s.length; k++) {
        if (matchFrom(p, pi, s, k)) return true;
      }
      return false;
    }
    if (si >= s.length) return false;
    if (c === "?") {
      pi++;
      si++;
      continue;
    }
    if (c === "[") {
      const cls = parseClass(p, pi);
      if (cls) {
        if (!cls.test(s[si]!)) return false;
        pi = cls.next;
        si++;
        continue;
      }
    }
    let lit = c;
    if (c === "\\" && pi + 1 < p.length) {
      pi++;
      lit = p[pi]!;
    }
    if (s[si] !== lit) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

function parseClass(
  p: string,
  at: number,
): { test: (ch: string) => boolean; next: number } | undefined {
  let i = at + 1;
  let negate = false;
  if (p[i] === "!" || p[i] === "^") {
    negate = true;
    i++;
  }
  const ranges: [string, string][] = [];
  let first = true;
  while (i < p.length && (first || p[i] !== "]")) {
    first = false;
    let lo = p[i]!;
    if (lo === "\\" && i + 1 < p.length) lo = p[++i]!;
    i++;
    let hi = lo;
    if (p[i] === "-" && i + 1 < p.length && p[i + 1] !== "]") {
      hi = p[i + 1]!;
      if (hi === "\\" && i + 2 < p.length) {
        hi = p[i + 2]!;
        i++;
      }
      i += 2;
    }
    ranges.push([lo, hi]);
  }
  if (p[i] !== "]") return undefined;
  return {
    test: (ch) => ranges.some(([lo, hi]) => ch >= lo && ch <= hi) !== negate,
    next: i + 1,
  };
}

function unescape(segment: string): string {
  return segment.replace(/\\(.)/g, "$1");
}

/**
 * Glob one pattern (braces included) over a host: matches of each brace alternative sorted,
 * alternatives in written order, duplicates kept (as glibc does).
 *
 * @example
 * ```ts
 * import { glob } from "./_glob.ts";
 * const host = { readDir: () => ["b.conf", "a.conf"], exists: () => true };
 * if (glob("d/*.conf", host).join() !== "d/a.conf,d/b.conf") throw new Error();
 * ```
 */
export function glob(pattern: string, host: GlobHost): string[] {
  const out: string[] = [];
  for (const alt of expandBraces(pattern)) {
    const found = globOne(alt, host);
    found.sort(byCodeUnit);
    out.push(...found);
  }
  return out;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function globOne(pattern: string, host: GlobHost): string[] {
  if (pattern === "") return [];
  if (!hasMagic(pattern)) {
    const p = unescape(pattern);
    return host.exists(p) ? [p] : [];
  }
  const absolute = pattern.startsWith("/");
  const segments = pattern.split("/").filter((s, i) => s !== "" || i === 0);
  let bases: string[] = [absolute ? "/" : ""];
  const start = absolute ? 1 : 0;
  for (let i = start; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      if (!hasMagic(seg)) {
        const candidate = joinPath(base, unescape(seg));
        if (last ? host.exists(candidate) : true) next.push(candidate);
        continue;
      }
      const names = host.readDir(base === "" ? "." : base);
      if (!names) continue;
      for (const name of names) {
        if (matchSegment(seg, name)) next.push(joinPath(base, name));
      }
    }
    bases = next;
    if (bases.length === 0) break;
  }
  return bases;
}

function joinPath(base: string, name: string): string {
  if (base === "") return name;
  if (base.endsWith("/")) return base + name;
  return base + "/" + name;
}
