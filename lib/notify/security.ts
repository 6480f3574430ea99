/**
 * Script security checks (spec §5.6), as pure functions over an injected file-system view so lint
 * rules, the agent and tests share one implementation.
 *
 * keepalived checks a script that will run with uid 0 or gid 0: every component of its path (each
 * directory from `/` down, and the file itself) must be owned by root and must not be group- or
 * world-writable, except directories with the sticky bit (like `/tmp`). A component that fails is
 * one a non-root user could replace or edit, and so could make root run anything. With
 * `enable_script_security` such a script is refused; vipkeeper names the component in the message.
 *
 * @module
 */

/** What the check needs to know about one path component (an `lstat`, not following links). */
export interface PathStat {
  /** Owner user id. */
  uid: number;
  /** Permission bits including the sticky bit (`0o1000`); file-type bits are ignored. */
  mode: number;
  /** True for a directory. */
  isDir: boolean;
  /** True for a symbolic link. */
  isSymlink: boolean;
}

/** The file-system view the check reads: `lstat` and `readlink`, each `null` when absent. */
export interface SecurityFs {
  /** Status of `path` without following a final symbolic link, or `null` if it does not exist. */
  lstat(path: string): PathStat | null;
  /** Target of the symbolic link at `path` (may be relative), or `null`. */
  readLink(path: string): string | null;
}

/** Why a component is unsafe. */
export type UnsafeReason =
  | "not-root-owned"
  | "group-writable"
  | "world-writable"
  | "missing"
  | "loop";

/** The first unsafe component of a script path. */
export interface UnsafeComponent {
  /** The component, as an absolute path (`/opt/scripts`). */
  path: string;
  /** Why it is unsafe. */
  reason: UnsafeReason;
  /** Owner uid of the component (absent when missing). */
  uid?: number;
}

/** Identity a script runs as. */
export interface RunAs {
  /** User id. */
  uid: number;
  /** Group id. */
  gid: number;
}

const MAX_LINKS = 40;

/**
 * Walk every component of the absolute `path` (following symbolic links, whose own ownership is
 * checked too) and return the first one a non-root user could change, or `null` when the path is
 * safe. Scripts that run as a non-root uid and gid are not checked (keepalived does the same), so
 * the result is then `null`.
 *
 * @param path Absolute path of the script.
 * @param runAs The uid and gid the script will run as.
 * @param fs The file-system view (`lstat` and `readLink`).
 * @returns The first unsafe component, or `null`.
 *
 * @example
 * ```ts
 * import { findUnsafeComponent, type PathStat } from "./security.ts";
 * const tree: Record<string, PathStat> = {
 *   "/": { uid: 0, mode: 0o755, isDir: true, isSymlink: false },
 *   "/opt": { uid: 1000, mode: 0o755, isDir: true, isSymlink: false },
 *   "/opt/check.sh": { uid: 0, mode: 0o755, isDir: false, isSymlink: false },
 * };
 * const fs = { lstat: (p: string) => tree[p] ?? null, readLink: () => null };
 * const bad = findUnsafeComponent("/opt/check.sh", { uid: 0, gid: 0 }, fs);
 * if (bad?.path !== "/opt" || bad.reason !== "not-root-owned") throw new Error();
 * ```
 */
export function findUnsafeComponent(
  path: string,
  runAs: RunAs,
  fs: SecurityFs,
): UnsafeComponent | null {
  if (runAs.uid !== 0 && runAs.gid !== 0) return null;
  return walk(path, fs, { links: 0 });
}

function walk(path: string, fs: SecurityFs, state: { links: number }): UnsafeComponent | null {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  let current = "/";
  const root = fs.lstat("/");
  const rootBad = root ? judge("/", root) : { path: "/", reason: "missing" as const };
  if (rootBad) return rootBad;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === "..") {
      current = parentOf(current);
      continue;
    }
    const next = current === "/" ? `/${part}` : `${current}/${part}`;
    const st = fs.lstat(next);
    if (!st) return { path: next, reason: "missing" };
    const bad = judge(next, st);
    if (bad) return bad;
    if (st.isSymlink) {
      if (++state.links > MAX_LINKS) return { path: next, reason: "loop" };
      const target = fs.readLink(next);
      if (target === null) return { path: next, reason: "missing" };
      const rest = parts.slice(i + 1).join("/");
      const base = target.startsWith("/") ? target : `${current}/${target}`;
      return walk(rest === "" ? base : `${base}/${rest}`, fs, state);
    }
    current = next;
  }
  return null;
}

function judge(path: string, st: PathStat): UnsafeComponent | null {
  if (st.uid !== 0) return { path, reason: "not-root-owned", uid: st.uid };
  if (st.isSymlink) return null; // a link's own mode bits mean nothing
  const sticky = st.isDir && (st.mode & 0o1000) !== 0;
  if (sticky) return null;
  if (st.mode & 0o002) return { path, reason: "world-writable", uid: st.uid };
  if (st.mode & 0o020) return { path, reason: "group-writable", uid: st.uid };
  return null;
}

function parentOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

/**
 * The message vipkeeper logs (and lint reports) for an unsafe script path.
 *
 * @example
 * ```ts
 * import { describeUnsafe } from "./security.ts";
 * const m = describeUnsafe("/opt/check.sh", { path: "/opt", reason: "world-writable", uid: 0 });
 * if (!m.includes("'/opt'")) throw new Error(m);
 * ```
 */
export function describeUnsafe(script: string, bad: UnsafeComponent): string {
  const why = {
    "not-root-owned": `is owned by uid ${bad.uid ?? "?"}, not root`,
    "group-writable": "is writable by its group",
    "world-writable": "is writable by everyone",
    "missing": "does not exist",
    "loop": "has too many levels of symbolic links",
  }[bad.reason];
  return `Unsafe permissions found for script '${script}': path component '${bad.path}' ${why}`;
}

/**
 * Find a bare command name (no `/`) in a `PATH` string, as keepalived does at load time: the first
 * directory whose entry is executable wins. Names containing `/` are returned unchanged; empty
 * `PATH` entries mean the current directory and are skipped (keepalived never runs relative
 * paths). Returns `null` when nothing matches.
 *
 * @param name The command word (argv[0]).
 * @param pathVar The `PATH` value, e.g. `/usr/sbin:/usr/bin:/sbin:/bin`.
 * @param isExecutable Whether a full path is an executable regular file for the run-as user.
 *
 * @example
 * ```ts
 * import { searchPath } from "./security.ts";
 * const found = searchPath("check", "/usr/local/bin:/usr/bin", (p) => p === "/usr/bin/check");
 * if (found !== "/usr/bin/check") throw new Error();
 * ```
 */
export function searchPath(
  name: string,
  pathVar: string,
  isExecutable: (path: string) => boolean,
): string | null {
  if (name.includes("/")) return name;
  for (const dir of pathVar.split(":")) {
    if (dir === "" || !dir.startsWith("/")) continue;
    const full = dir.endsWith("/") ? `${dir}${name}` : `${dir}/${name}`;
    if (isExecutable(full)) return full;
  }
  return null;
}

/**
 * A `SecurityFs` over the real file system (`Deno.lstatSync`, `Deno.readLinkSync`).
 *
 * @example
 * ```ts
 * import { denoSecurityFs } from "./security.ts";
 * const st = denoSecurityFs.lstat("/");
 * if (!st?.isDir) throw new Error();
 * ```
 */
export const denoSecurityFs: SecurityFs = {
  lstat(path) {
    try {
      const st = Deno.lstatSync(path);
      return {
        uid: st.uid ?? 0,
        mode: st.mode ?? 0,
        isDir: st.isDirectory,
        isSymlink: st.isSymlink,
      };
    } catch {
      return null;
    }
  },
  readLink(path) {
    try {
      return Deno.readLinkSync(path);
    } catch {
      return null;
    }
  },
};
