import { assertEquals } from "../assert.ts";
import type { PathStat } from "../../lib/notify/security.ts";
import {
  parseUserDb,
  resolveAccount,
  type ScriptPolicy,
  scriptRunAs,
} from "../../lib/notify/users.ts";

const passwd = [
  "root:x:0:0:root:/root:/bin/bash",
  "# comment",
  "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin",
  "keepalived_script:x:990:990::/:/usr/sbin/nologin",
  "broken line",
].join("\n");
const group = "root:x:0:\nadm:x:4:syslog\nwww-data:x:33:\nkeepalived_script:x:990:\n";
const db = parseUserDb(passwd, group);

const d = (uid: number, mode: number): PathStat => ({ uid, mode, isDir: true, isSymlink: false });
const f = (uid: number, mode: number): PathStat => ({ uid, mode, isDir: false, isSymlink: false });
const tree: Record<string, PathStat> = {
  "/": d(0, 0o755),
  "/usr": d(0, 0o755),
  "/usr/bin": d(0, 0o755),
  "/usr/bin/chk": f(0, 0o755),
  "/home": d(0, 0o755),
  "/home/u": d(1000, 0o755),
  "/home/u/chk.sh": f(1000, 0o755),
};
const fsView = { lstat: (p: string) => tree[p] ?? null, readLink: () => null };

function policy(p: Partial<ScriptPolicy>): ScriptPolicy {
  return {
    db,
    enableScriptSecurity: false,
    self: { uid: 0, gid: 0 },
    path: "/usr/bin",
    fs: fsView,
    ...p,
  };
}

const c = (argv: string[], user?: string, grp?: string) => ({
  command: argv.join(" "),
  argv,
  ...(user ? { user } : {}),
  ...(grp ? { group: grp } : {}),
});

Deno.test("passwd and group lines resolve names and numbers, skipping junk", () => {
  assertEquals(db.users.size, 3);
  assertEquals(resolveAccount(db, "www-data"), { uid: 33, gid: 33 });
  assertEquals(resolveAccount(db, "www-data", ":adm"), { uid: 33, gid: 4 });
  assertEquals(resolveAccount(db, "1234", "5"), { uid: 1234, gid: 5 });
  assertEquals(resolveAccount(db, "nobody"), { error: "Unknown script user 'nobody'" });
  assertEquals(resolveAccount(db, "root", "wheel"), { error: "Unknown script group 'wheel'" });
});

Deno.test("the run-as identity falls back from the command to script_user to keepalived_script", () => {
  const run = scriptRunAs(policy({}));
  assertEquals(run(c(["/usr/bin/chk"], "www-data")), { uid: 33, gid: 33 });
  assertEquals(run(c(["/usr/bin/chk"])), { uid: 990, gid: 990 });
  const withGlobal = scriptRunAs(policy({ scriptUser: { user: "www-data", group: "adm" } }));
  assertEquals(withGlobal(c(["/usr/bin/chk"])), { uid: 33, gid: 4 });
  const bare = scriptRunAs(policy({ db: parseUserDb("root:x:0:0::/:/bin/sh", "") }));
  assertEquals(bare(c(["/usr/bin/chk"])), {});
  assertEquals(run(c(["/x"], "ghost")), { refused: "Unknown script user 'ghost'" });
});

Deno.test("with script security a root script under a user-owned directory is refused by name", () => {
  const run = scriptRunAs(policy({ enableScriptSecurity: true, scriptUser: { user: "root" } }));
  assertEquals(run(c(["chk"])), { uid: 0, gid: 0 });
  const bad = run(c(["/home/u/chk.sh"]));
  assertEquals(
    bad,
    {
      refused:
        "Unsafe permissions found for script '/home/u/chk.sh': path component '/home/u' is owned by uid 1000, not root",
    },
  );
  assertEquals(run(c(["/home/u/chk.sh"], "www-data")), { uid: 33, gid: 33 });
  assertEquals(run(c(["nothere"])), { refused: "script 'nothere' not found in PATH" });
});

Deno.test("with script security and no script user at all, scripts without a user are refused", () => {
  const run = scriptRunAs(
    policy({ enableScriptSecurity: true, db: parseUserDb("root:x:0:0::/:/bin/sh", "") }),
  );
  assertEquals(run(c(["/usr/bin/chk"])), {
    refused: "no script_user set and no keepalived_script account exists",
  });
});
