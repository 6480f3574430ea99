import { assertEquals, assertMatch } from "../../assert.ts";
import { scriptPaths } from "../../../lib/config/lint/script_paths.ts";
import type { PathStat, SecurityFs } from "../../../lib/notify/security.ts";
import { at, codes, globalDefs, instance, model, script } from "./_model.ts";

const dir = (uid = 0, mode = 0o755): PathStat => ({ uid, mode, isDir: true, isSymlink: false });
const file = (uid = 0, mode = 0o755): PathStat => ({ uid, mode, isDir: false, isSymlink: false });

function fakeFs(entries: Record<string, PathStat>, links: Record<string, string> = {}): SecurityFs {
  return { lstat: (p) => entries[p] ?? null, readLink: (p) => links[p] ?? null };
}

const base = {
  "/": dir(),
  "/usr": dir(),
  "/usr/bin": dir(),
  "/usr/bin/true": file(),
  "/etc": dir(),
  "/etc/keepalived": dir(),
  "/etc/keepalived/notify.sh": file(0, 0o644),
  "/opt": dir(1000),
  "/opt/check.sh": file(),
  "/srv": dir(0, 0o775),
  "/srv/check.sh": file(),
  "/tmp": dir(0, 0o1777),
  "/tmp/check.sh": file(),
  "/bin": { uid: 0, mode: 0o777, isDir: false, isSymlink: true },
};
const fs = fakeFs(base, { "/bin": "usr/bin" });
const cmd = (command: string) => ({ command, argv: [command] });

Deno.test("lint: a script that does not exist or is not executable is an error", () => {
  const m = model({
    scripts: [script("missing", { script: cmd("/usr/bin/nope"), keyAt: { script: at(3) } })],
    instances: [instance("VI_1", { notify: { master: cmd("/etc/keepalived/notify.sh") } })],
  });
  const d = scriptPaths(m, { fs });
  assertEquals(codes(d), ["VK0517", "VK0518"]);
  assertEquals(d[0]?.line, 3);
  assertMatch(d[0]?.message ?? "", /vrrp_script 'missing' runs '\/usr\/bin\/nope'/);
  assertMatch(d[1]?.message ?? "", /notify_master of 'VI_1' .* not executable/);
});

Deno.test("lint: a bare command name is resolved by PATH search with a warning", () => {
  const m = model({
    scripts: [script("a", { script: cmd("true") }), script("b", { script: cmd("nope") })],
  });
  const d = scriptPaths(m, { fs: fakeFs({ ...base, "/usr/sbin": dir() }) });
  assertEquals(codes(d), ["VK0520", "VK0517"]);
  assertMatch(d[0]?.message ?? "", /finds '\/usr\/bin\/true'/);
});

Deno.test("lint: with enable_script_security the unsafe path component is named", () => {
  const g = globalDefs({ enableScriptSecurity: true });
  const m = model({
    globalDefs: g,
    scripts: [
      script("owned", { script: cmd("/opt/check.sh") }),
      script("group", { script: cmd("/srv/check.sh") }),
      script("sticky", { script: cmd("/tmp/check.sh") }),
      script("link", { script: cmd("/bin/true") }),
    ],
  });
  const d = scriptPaths(m, { fs });
  assertEquals(codes(d), ["VK0519", "VK0519"]);
  assertMatch(d[0]?.message ?? "", /component '\/opt' is owned by uid 1000/);
  assertMatch(d[1]?.message ?? "", /component '\/srv' is writable by its group/);
});

Deno.test("lint: unsafe components are fine without enable_script_security or as a non-root user", () => {
  const s = script("owned", { script: cmd("/opt/check.sh") });
  assertEquals(scriptPaths(model({ scripts: [s] }), { fs }), []);
  const secure = globalDefs({ enableScriptSecurity: true, scriptUser: { user: "nobody" } });
  assertEquals(scriptPaths(model({ globalDefs: secure, scripts: [s] }), { fs }), []);
  const asRoot = script("x", { script: { ...cmd("/opt/check.sh"), user: "root" } });
  assertEquals(codes(scriptPaths(model({ globalDefs: secure, scripts: [asRoot] }), { fs })), [
    "VK0519",
  ]);
});

Deno.test("lint: script paths are not checked without a file system", () => {
  assertEquals(scriptPaths(model({ scripts: [script("a", { script: cmd("/nope") })] }), {}), []);
});
