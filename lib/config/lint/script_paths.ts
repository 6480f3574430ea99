/**
 * Lint rules for the commands keepalived runs (`vrrp_script` scripts, `notify*` hooks, FIFO
 * scripts): not an absolute path (VK0520), missing (VK0517), not executable (VK0518), and, with
 * `enable_script_security`, a path component a non-root user could change (VK0519, named in the
 * message; the walk is `findUnsafeComponent` of `lib/notify/security.ts`). Runs only when the
 * context has a file system (skipped with `--no-host-checks`).
 *
 * @module
 */

import { type Diagnostic, diagnostic, type Span } from "../diagnostic.ts";
import type { Model, Notifies, ScriptCommand } from "../model.ts";
import {
  describeUnsafe,
  findUnsafeComponent,
  type PathStat,
  searchPath,
  type SecurityFs,
} from "../../notify/security.ts";
import { type LintContext, spanOf } from "./context.ts";

/** keepalived's PATH when it searches a bare command name (a typical root PATH). */
const ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const NOTIFY_KEYWORDS: Record<keyof Notifies, string> = {
  master: "notify_master",
  backup: "notify_backup",
  fault: "notify_fault",
  stop: "notify_stop",
  deleted: "notify_deleted",
  generic: "notify",
  masterRxLowerPri: "notify_master_rx_lower_pri",
};

/** One command to check, where it was written and who it runs as. */
interface Use {
  command: ScriptCommand;
  what: string;
  at: Span;
  user?: string;
  group?: string;
}

/**
 * VK0517–VK0520 for every command of the model.
 *
 * @example
 * ```ts
 * import { scriptPaths } from "./script_paths.ts";
 * import type { Model } from "../model.ts";
 * const script = { command: "/nope", argv: ["/nope"] };
 * const m = {
 *   globalDefs: { enableScriptSecurity: false },
 *   scripts: [{ name: "chk", script }], instances: [], syncGroups: [],
 * } as unknown as Model;
 * const fs = { lstat: () => null, readLink: () => null };
 * if (scriptPaths(m, { fs })[0]?.code !== "VK0517") throw new Error();
 * ```
 */
export function scriptPaths(model: Model, ctx: LintContext): Diagnostic[] {
  const fs = ctx.fs;
  if (fs === undefined) return [];
  const out: Diagnostic[] = [];
  for (const use of uses(model, ctx)) {
    const d = check(use, fs, model.globalDefs.enableScriptSecurity, model);
    if (d !== undefined) out.push(d);
  }
  return out;
}

function check(
  use: Use,
  fs: SecurityFs,
  security: boolean,
  model: Model,
): Diagnostic | undefined {
  const path = use.command.argv[0] ?? "";
  if (path === "") return undefined;
  if (!path.startsWith("/")) return relative(use, path, fs);
  const st = follow(path, fs);
  if (st === null) {
    return diagnostic(
      use.at,
      "error",
      "VK0517",
      `${use.what} runs '${path}', which does not exist on this host`,
      "keepalived disables a script it cannot find; fix the path or install the script",
    );
  }
  if (st.isDir || (st.mode & 0o111) === 0) {
    return diagnostic(
      use.at,
      "error",
      "VK0518",
      `${use.what} runs '${path}', which is ${st.isDir ? "a directory" : "not executable"}`,
      st.isDir ? "name the script file" : `chmod +x '${path}'`,
    );
  }
  if (!security) return undefined;
  const user = use.user ?? model.globalDefs.scriptUser?.user;
  const group = use.group ??
    (use.user === undefined ? model.globalDefs.scriptUser?.group : undefined);
  const uid = user === undefined || user === "root" || user === "0" ? 0 : 65534;
  const gid = group === "root" || group === "0" || (group === undefined && uid === 0) ? 0 : 65534;
  const bad = findUnsafeComponent(path, { uid, gid }, fs);
  if (bad === null) return undefined;
  return diagnostic(
    use.at,
    "error",
    "VK0519",
    `${describeUnsafe(path, bad)} (${use.what}, runs as ${user ?? "root"})`,
    "with enable_script_security keepalived refuses the script: make every component root-owned " +
      "and not group- or world-writable, or run it as a non-root user",
  );
}

/** VK0520 (found by PATH search, or relative) or VK0517 (not found) for a non-absolute command. */
function relative(use: Use, path: string, fs: SecurityFs): Diagnostic {
  const found = path.includes("/") ? null : searchPath(path, ROOT_PATH, (p) => executable(p, fs));
  if (found === null && !path.includes("/")) {
    return diagnostic(
      use.at,
      "error",
      "VK0517",
      `${use.what} runs '${path}', which is not found on this host`,
      "write the command's absolute path",
    );
  }
  return diagnostic(
    use.at,
    "warning",
    "VK0520",
    found === null
      ? `${use.what} runs the relative path '${path}': keepalived resolves it from its own ` +
        `working directory`
      : `${use.what} runs '${path}' without a path: keepalived finds '${found}' by a PATH search`,
    found === null ? "write the absolute path" : `write '${found}'`,
  );
}

function executable(path: string, fs: SecurityFs): boolean {
  const st = follow(path, fs);
  return st !== null && !st.isDir && (st.mode & 0o111) !== 0;
}

/** `stat` through the `lstat`/`readLink` view: every component's links followed (at most 40). */
function follow(path: string, fs: SecurityFs): PathStat | null {
  let links = 0;
  let pending = path.split("/").filter((p) => p !== "" && p !== ".");
  let current = "";
  let st: PathStat | null = fs.lstat("/");
  while (pending.length > 0) {
    const [part = "", ...rest] = pending;
    pending = rest;
    if (part === "..") {
      current = current.slice(0, current.lastIndexOf("/"));
      continue;
    }
    const next = `${current}/${part}`;
    st = fs.lstat(next);
    if (st === null) return null;
    if (!st.isSymlink) {
      current = next;
      continue;
    }
    const target = fs.readLink(next);
    if (target === null || ++links > 40) return null;
    if (target.startsWith("/")) current = "";
    pending = [...target.split("/").filter((p) => p !== "" && p !== "."), ...pending];
  }
  return st;
}

function uses(model: Model, ctx: LintContext): Use[] {
  const list: Use[] = [];
  const add = (
    command: ScriptCommand | undefined,
    what: string,
    at: Span,
    user?: string,
    group?: string,
  ) => {
    if (command === undefined) return;
    const use: Use = { command, what, at };
    const u = user ?? command.user;
    const g = user !== undefined ? group : command.group;
    if (u !== undefined) use.user = u;
    if (g !== undefined) use.group = g;
    list.push(use);
  };
  for (const s of model.scripts) {
    add(s.script, `vrrp_script '${s.name}'`, spanOf(s, ctx, "script"), s.user?.user, s.user?.group);
  }
  for (const owner of [...model.instances, ...model.syncGroups]) {
    for (const [key, kw] of Object.entries(NOTIFY_KEYWORDS) as [keyof Notifies, string][]) {
      const cmd = owner.notify[key];
      if (cmd === undefined || cmd === true) continue;
      add(cmd, `${kw} of '${owner.name}'`, spanOf(owner, ctx, kw));
    }
  }
  const g = model.globalDefs;
  add(g.notifyFifoScript, "notify_fifo_script", spanOf(g, ctx, "notify_fifo_script"));
  add(g.vrrpNotifyFifoScript, "vrrp_notify_fifo_script", spanOf(g, ctx, "vrrp_notify_fifo_script"));
  return list;
}
