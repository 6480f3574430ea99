/**
 * The file system as the config front end sees it: a small synchronous interface, injected so
 * every pass stays pure. `denoConfigFs` is the real one, `memoryConfigFs` serves tests.
 *
 * @module
 */

import { posix } from "node:path";
import { glob as globWith } from "./_glob.ts";

/** What `stat` says about a path (symbolic links followed). */
export interface FileInfo {
  /** Something exists at the path. */
  exists: boolean;
  /** It is a regular file. */
  isFile: boolean;
  /** It is a directory. */
  isDirectory: boolean;
  /** Any execute bit is set (user, group or other). */
  executable: boolean;
}

/** The result of reading a text file: its text, or why it could not be read. */
export type ReadResult =
  | { ok: true; text: string; invalidUtf8: boolean }
  | { ok: false; error: string };

/**
 * The synchronous file-system view used by include resolution and the lexer.
 *
 * @example
 * ```ts
 * import { memoryConfigFs, type ConfigFs } from "./fs.ts";
 * const fs: ConfigFs = memoryConfigFs({ "/etc/k.conf": "x 1\n" });
 * if (!fs.stat("/etc/k.conf").isFile) throw new Error();
 * ```
 */
export interface ConfigFs {
  /** Read a whole file as UTF-8 text (invalid sequences replaced, and flagged). */
  readText(path: string): ReadResult;
  /**
   * Paths matching a glob pattern: `{a,b}` alternatives in written order, each one's matches
   * sorted; `*`, `?`, `[...]`; a pattern without wildcards matches itself when it exists.
   * Relative patterns are relative to `cwd()` and the matches stay relative.
   */
  glob(pattern: string): string[];
  /** What is at a path. */
  stat(path: string): FileInfo;
  /** The directory relative paths are resolved against (absolute). */
  cwd(): string;
}

const MISSING: FileInfo = { exists: false, isFile: false, isDirectory: false, executable: false };

/**
 * The real file system through `Deno.*` (needs `--allow-read`).
 *
 * @example
 * ```ts
 * import { denoConfigFs } from "./fs.ts";
 * const fs = denoConfigFs();
 * fs.stat("/definitely/not/here");
 * ```
 */
export function denoConfigFs(): ConfigFs {
  const stat = (path: string): FileInfo => {
    try {
      const s = Deno.statSync(path);
      const mode = s.mode ?? 0;
      return {
        exists: true,
        isFile: s.isFile,
        isDirectory: s.isDirectory,
        executable: (mode & 0o111) !== 0,
      };
    } catch {
      return { ...MISSING };
    }
  };
  return {
    readText(path) {
      try {
        return decode(Deno.readFileSync(path));
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
    glob(pattern) {
      return globWith(pattern, {
        readDir(dir) {
          try {
            return [...Deno.readDirSync(dir)].map((e) => e.name);
          } catch {
            return undefined;
          }
        },
        exists: (p) => stat(p).exists,
      });
    },
    stat,
    cwd() {
      try {
        return Deno.cwd();
      } catch {
        return "/";
      }
    },
  };
}

function decode(bytes: Uint8Array): ReadResult {
  try {
    return {
      ok: true,
      text: new TextDecoder("utf-8", { fatal: true }).decode(bytes),
      invalidUtf8: false,
    };
  } catch {
    return { ok: true, text: new TextDecoder("utf-8").decode(bytes), invalidUtf8: true };
  }
}

/** Options of `memoryConfigFs`. */
export interface MemoryFsOptions {
  /** Paths (keys of `files`) that have an execute bit. */
  executable?: string[];
  /** Paths (keys of `files`) that exist but cannot be read. */
  unreadable?: string[];
  /** Extra empty directories. */
  directories?: string[];
  /** Files whose content is given as bytes (read with UTF-8 decoding, invalid bytes flagged). */
  binary?: Record<string, Uint8Array>;
  /** Working directory for relative paths (default `/`). */
  cwd?: string;
}

/**
 * An in-memory file system for tests: file paths (absolute, or relative to `cwd`) to contents.
 * Directories are implied by the files in them.
 *
 * @example
 * ```ts
 * import { memoryConfigFs } from "./fs.ts";
 * const fs = memoryConfigFs({ "/k/a.conf": "", "/k/b.conf": "" }, { cwd: "/k" });
 * if (fs.glob("*.conf").join() !== "a.conf,b.conf") throw new Error();
 * ```
 */
export function memoryConfigFs(
  files: Record<string, string>,
  opts: MemoryFsOptions = {},
): ConfigFs {
  const cwd = opts.cwd ?? "/";
  const abs = (p: string) => posix.resolve(cwd, p);
  const content = new Map<string, Uint8Array | string>();
  for (const [p, t] of Object.entries(files)) content.set(abs(p), t);
  for (const [p, b] of Object.entries(opts.binary ?? {})) content.set(abs(p), b);
  const exec = new Set((opts.executable ?? []).map(abs));
  const unreadable = new Set((opts.unreadable ?? []).map(abs));
  const dirs = new Set<string>(["/"]);
  const addDirs = (p: string) => {
    for (let d = posix.dirname(p); !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
  };
  for (const p of content.keys()) addDirs(p);
  for (const d of opts.directories ?? []) {
    dirs.add(abs(d));
    addDirs(abs(d));
  }
  const stat = (path: string): FileInfo => {
    const p = abs(path);
    if (content.has(p)) {
      return { exists: true, isFile: true, isDirectory: false, executable: exec.has(p) };
    }
    if (dirs.has(p)) return { exists: true, isFile: false, isDirectory: true, executable: true };
    return { ...MISSING };
  };
  return {
    readText(path) {
      const p = abs(path);
      const c = content.get(p);
      if (c === undefined) {
        return { ok: false, error: dirs.has(p) ? "Is a directory" : "No such file or directory" };
      }
      if (unreadable.has(p)) return { ok: false, error: "Permission denied" };
      return typeof c === "string" ? { ok: true, text: c, invalidUtf8: false } : decode(c);
    },
    glob(pattern) {
      return globWith(pattern, {
        readDir(dir) {
          const d = abs(dir);
          if (!dirs.has(d)) return undefined;
          const names = new Set<string>();
          for (const p of [...content.keys(), ...dirs]) {
            if (p !== d && posix.dirname(p) === d) names.add(posix.basename(p));
          }
          return [...names];
        },
        exists: (p) => stat(p).exists,
      });
    },
    stat,
    cwd: () => cwd,
  };
}
