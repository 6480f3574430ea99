import { assertEquals, assertMatch } from "../assert.ts";
import {
  denoSecurityFs,
  describeUnsafe,
  findUnsafeComponent,
  type PathStat,
  searchPath,
} from "../../lib/notify/security.ts";

const dir = (uid: number, mode: number): PathStat => ({ uid, mode, isDir: true, isSymlink: false });
const file = (uid: number, mode: number): PathStat => ({
  uid,
  mode,
  isDir: false,
  isSymlink: false,
});
const link = (uid: number): PathStat => ({ uid, mode: 0o777, isDir: false, isSymlink: true });

function view(tree: Record<string, PathStat>, links: Record<string, string> = {}) {
  return { lstat: (p: string) => tree[p] ?? null, readLink: (p: string) => links[p] ?? null };
}

const root = { uid: 0, gid: 0 };
const safeTree = {
  "/": dir(0, 0o755),
  "/etc": dir(0, 0o755),
  "/etc/keepalived": dir(0, 0o755),
  "/etc/keepalived/check.sh": file(0, 0o755),
};

Deno.test("a root-owned path without group or world write bits is safe", () => {
  assertEquals(findUnsafeComponent("/etc/keepalived/check.sh", root, view(safeTree)), null);
});

Deno.test("the first component not owned by root is named", () => {
  const tree = { ...safeTree, "/etc/keepalived": dir(1000, 0o755) };
  assertEquals(findUnsafeComponent("/etc/keepalived/check.sh", root, view(tree)), {
    path: "/etc/keepalived",
    reason: "not-root-owned",
    uid: 1000,
  });
});

Deno.test("a group-writable script file is unsafe even when its directories are fine", () => {
  const tree = { ...safeTree, "/etc/keepalived/check.sh": file(0, 0o775) };
  assertEquals(
    findUnsafeComponent("/etc/keepalived/check.sh", root, view(tree))?.reason,
    "group-writable",
  );
});

Deno.test("a world-writable directory without the sticky bit is unsafe", () => {
  const tree = { ...safeTree, "/etc": dir(0, 0o777) };
  assertEquals(findUnsafeComponent("/etc/keepalived/check.sh", root, view(tree)), {
    path: "/etc",
    reason: "world-writable",
    uid: 0,
  });
});

Deno.test("a sticky world-writable directory such as /tmp is allowed", () => {
  const tree = { "/": dir(0, 0o755), "/tmp": dir(0, 0o1777), "/tmp/s.sh": file(0, 0o700) };
  assertEquals(findUnsafeComponent("/tmp/s.sh", root, view(tree)), null);
});

Deno.test("scripts run as a non-root user and group are not checked", () => {
  const tree = { ...safeTree, "/etc": dir(1000, 0o777) };
  assertEquals(
    findUnsafeComponent("/etc/keepalived/check.sh", { uid: 1000, gid: 1000 }, view(tree)),
    null,
  );
  assertEquals(
    findUnsafeComponent("/etc/keepalived/check.sh", { uid: 1000, gid: 0 }, view(tree))?.path,
    "/etc",
  );
});

Deno.test("symbolic links are followed and their targets checked", () => {
  const tree = {
    ...safeTree,
    "/usr": dir(0, 0o755),
    "/usr/local": dir(0, 0o755),
    "/usr/local/bin": dir(0, 0o757),
    "/usr/local/bin/real.sh": file(0, 0o755),
    "/etc/keepalived/check.sh": link(0),
  };
  const fs = view(tree, { "/etc/keepalived/check.sh": "../../usr/local/bin/real.sh" });
  assertEquals(findUnsafeComponent("/etc/keepalived/check.sh", root, fs), {
    path: "/usr/local/bin",
    reason: "world-writable",
    uid: 0,
  });
});

Deno.test("a symbolic link owned by a non-root user is unsafe", () => {
  const tree = { ...safeTree, "/etc/keepalived/check.sh": link(1000), "/bin": dir(0, 0o755) };
  const fs = view(tree, { "/etc/keepalived/check.sh": "/bin" });
  assertEquals(findUnsafeComponent("/etc/keepalived/check.sh", root, fs)?.reason, "not-root-owned");
});

Deno.test("a link loop and a missing component are reported", () => {
  const tree = { "/": dir(0, 0o755), "/a": link(0) };
  assertEquals(findUnsafeComponent("/a", root, view(tree, { "/a": "/a" }))?.reason, "loop");
  assertEquals(findUnsafeComponent("/nope/x", root, view(tree)), {
    path: "/nope",
    reason: "missing",
  });
});

Deno.test("the message names the script and the unsafe component", () => {
  const m = describeUnsafe("/etc/keepalived/check.sh", {
    path: "/etc/keepalived",
    reason: "not-root-owned",
    uid: 1000,
  });
  assertMatch(m, /^Unsafe permissions found for script '\/etc\/keepalived\/check.sh'/);
  assertMatch(m, /'\/etc\/keepalived' is owned by uid 1000/);
});

Deno.test("path search finds the first executable entry and skips relative directories", () => {
  const exec = new Set(["/usr/bin/chk", "/bin/chk", "./chk"]);
  assertEquals(searchPath("chk", ".::/usr/bin:/bin", (p) => exec.has(p)), "/usr/bin/chk");
  assertEquals(searchPath("missing", "/usr/bin", (p) => exec.has(p)), null);
  assertEquals(searchPath("/opt/x", "/usr/bin", () => false), "/opt/x");
});

Deno.test({
  name: "the real file system view finds a world-writable script in a temporary directory",
  ignore: Deno.uid() !== 0,
  fn() {
    const d = Deno.makeTempDirSync();
    try {
      const f = `${d}/s.sh`;
      Deno.writeTextFileSync(f, "#!/bin/sh\n");
      Deno.chmodSync(d, 0o700);
      Deno.chmodSync(f, 0o700);
      assertEquals(findUnsafeComponent(f, root, denoSecurityFs), null);
      Deno.chmodSync(f, 0o722);
      assertEquals(findUnsafeComponent(f, root, denoSecurityFs)?.path, f);
    } finally {
      Deno.removeSync(d, { recursive: true });
    }
  },
});
