/**
 * Who a script runs as (spec §5.6): names resolved to ids through `/etc/passwd` and `/etc/group`
 * text, the default `script_user` chain, and, with `enable_script_security`, the path check of
 * `./security.ts`. The result plugs into the executor's and the script tracker's `runAs`.
 *
 * @module
 */

import type { ScriptCommand } from "../config/model.ts";
import type { RunAsDecision } from "./executor.ts";
import { describeUnsafe, findUnsafeComponent, searchPath, type SecurityFs } from "./security.ts";

/** An account from `/etc/passwd`. */
export interface Account {
  /** User id. */
  uid: number;
  /** Primary group id. */
  gid: number;
}

/** The user and group databases (the text of `/etc/passwd` and `/etc/group`). */
export interface UserDb {
  /** Accounts by name. */
  users: Map<string, Account>;
  /** Group ids by name. */
  groups: Map<string, number>;
}

/**
 * Parse `/etc/passwd` and `/etc/group` text (`name:x:uid:gid:...`, `name:x:gid:members`).
 *
 * @example
 * ```ts
 * import { parseUserDb } from "./users.ts";
 * const db = parseUserDb("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n",
 *   "root:x:0:\nnogroup:x:65534:\n");
 * if (db.users.get("nobody")?.uid !== 65534 || db.groups.get("nogroup") !== 65534) {
 *   throw new Error();
 * }
 * ```
 */
export function parseUserDb(passwd: string, group: string): UserDb {
  const users = new Map<string, Account>();
  for (const line of passwd.split("\n")) {
    const f = line.split(":");
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (f.length >= 4 && f[0] && Number.isInteger(uid) && Number.isInteger(gid) && f[2] !== "") {
      if (!users.has(f[0])) users.set(f[0], { uid, gid });
    }
  }
  const groups = new Map<string, number>();
  for (const line of group.split("\n")) {
    const f = line.split(":");
    const gid = Number(f[2]);
    if (f.length >= 3 && f[0] && f[2] !== "" && Number.isInteger(gid) && !groups.has(f[0])) {
      groups.set(f[0], gid);
    }
  }
  return { users, groups };
}

/**
 * Read the system's user database (`/etc/passwd`, `/etc/group`; missing files are empty).
 *
 * @example
 * ```ts
 * import { readUserDb } from "./users.ts";
 * const db = readUserDb();
 * if (db.users.get("root")?.uid !== 0) throw new Error();
 * ```
 */
export function readUserDb(): UserDb {
  const read = (p: string) => {
    try {
      return Deno.readTextFileSync(p);
    } catch {
      return "";
    }
  };
  return parseUserDb(read("/etc/passwd"), read("/etc/group"));
}

/**
 * Resolve `user [group]` (names or numbers) to ids; the group defaults to the user's primary
 * group. Returns an error message when a name is unknown.
 *
 * @example
 * ```ts
 * import { parseUserDb, resolveAccount } from "./users.ts";
 * const db = parseUserDb("www:x:33:33::/:/bin/false", "www:x:33:\nadm:x:4:");
 * const r = resolveAccount(db, "www", "adm");
 * if (!("uid" in r) || r.uid !== 33 || r.gid !== 4) throw new Error();
 * ```
 */
export function resolveAccount(
  db: UserDb,
  user: string,
  group?: string,
): Account | { error: string } {
  const numeric = /^\d+$/.test(user) ? { uid: Number(user), gid: Number(user) } : undefined;
  const account = db.users.get(user) ?? numeric;
  if (!account) return { error: `Unknown script user '${user}'` };
  if (group === undefined || group === "") return account;
  const g = group.startsWith(":") ? group.slice(1) : group;
  const gid = db.groups.get(g) ?? (/^\d+$/.test(g) ? Number(g) : undefined);
  if (gid === undefined) return { error: `Unknown script group '${g}'` };
  return { uid: account.uid, gid };
}

/** Global settings that decide how scripts run. */
export interface ScriptPolicy {
  /** The user database. */
  db: UserDb;
  /** `script_user USER [GROUP]` from `global_defs`. */
  scriptUser?: { user: string; group?: string };
  /** `enable_script_security`. */
  enableScriptSecurity: boolean;
  /** vipkeeper's own uid and gid (the fallback identity). */
  self: Account;
  /** `PATH` used to resolve bare command names. */
  path: string;
  /** File-system view for the security walk and PATH search. */
  fs: SecurityFs;
}

/**
 * Build a `runAs` function: the command's own user, else `script_user`, else `keepalived_script`
 * if that account exists, else vipkeeper's own identity. With `enable_script_security` a command
 * whose path has a component a non-root user could change is refused (the reason names it), and
 * so is a command without a user when neither `script_user` nor `keepalived_script` exists.
 *
 * @example
 * ```ts
 * import { parseUserDb, scriptRunAs } from "./users.ts";
 * const db = parseUserDb("keepalived_script:x:999:999::/:/bin/false", "");
 * const runAs = scriptRunAs({
 *   db, enableScriptSecurity: false, self: { uid: 0, gid: 0 }, path: "/bin",
 *   fs: { lstat: () => null, readLink: () => null },
 * });
 * const who = runAs({ command: "/x", argv: ["/x"] });
 * if (!("uid" in who) || who.uid !== 999) throw new Error();
 * ```
 */
export function scriptRunAs(policy: ScriptPolicy): (command: ScriptCommand) => RunAsDecision {
  return (command) => {
    let account: Account | { error: string };
    if (command.user !== undefined) {
      account = resolveAccount(policy.db, command.user, command.group);
    } else if (policy.scriptUser) {
      account = resolveAccount(policy.db, policy.scriptUser.user, policy.scriptUser.group);
    } else if (policy.db.users.has("keepalived_script")) {
      account = resolveAccount(policy.db, "keepalived_script");
    } else if (policy.enableScriptSecurity) {
      return { refused: "no script_user set and no keepalived_script account exists" };
    } else {
      account = policy.self;
    }
    if ("error" in account) return { refused: account.error };
    if (policy.enableScriptSecurity) {
      const program = command.argv[0] ?? "";
      const full = searchPath(program, policy.path, (p) => {
        const st = policy.fs.lstat(p);
        return st !== null && !st.isDir;
      });
      if (full === null) return { refused: `script '${program}' not found in PATH` };
      const bad = findUnsafeComponent(full, account, policy.fs);
      if (bad) return { refused: describeUnsafe(full, bad) };
    }
    return account === policy.self ? {} : { uid: account.uid, gid: account.gid };
  };
}
