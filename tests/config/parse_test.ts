import { assertEquals, assertOk } from "../assert.ts";
import { configIdFromHostname, parseConfig } from "../../lib/config/parse.ts";
import { type ConfigFs, memoryConfigFs } from "../../lib/config/fs.ts";

Deno.test("parseConfig: a missing main file is an error, not an exception", () => {
  const r = parseConfig("/nope.conf", { fs: memoryConfigFs({}) });
  assertEquals(r.tree, { statements: [], files: [] });
  assertEquals(r.diagnostics.map((d) => [d.code, d.severity, d.file]), [[
    "VK0117",
    "error",
    "/nope.conf",
  ]]);
});

Deno.test("parseConfig: a directory or executable main file is an error", () => {
  const fs = memoryConfigFs({ "/d/a.conf": "", "/x.conf": "a\n" }, { executable: ["/x.conf"] });
  assertEquals(parseConfig("/d", { fs }).diagnostics.map((d) => d.code), ["VK0118"]);
  assertEquals(parseConfig("/x.conf", { fs }).diagnostics.map((d) => d.code), ["VK0118"]);
});

Deno.test("parseConfig: an unreadable main file is an error", () => {
  const fs = memoryConfigFs({ "/a.conf": "a\n" }, { unreadable: ["/a.conf"] });
  assertEquals(parseConfig("/a.conf", { fs }).diagnostics.map((d) => d.code), ["VK0117"]);
});

Deno.test("parseConfig: a failing file system gives an internal-error diagnostic", () => {
  const fs: ConfigFs = {
    readText: () => {
      throw new Error("boom");
    },
    glob: () => [],
    stat: () => ({ exists: true, isFile: true, isDirectory: false, executable: false }),
    cwd: () => "/",
  };
  const r = parseConfig("/a.conf", { fs });
  assertEquals(r.diagnostics.map((d) => d.code), ["VK0199"]);
  assertOk(r.diagnostics[0]!.message.includes("boom"));
});

Deno.test("parseConfig: invalid UTF-8 is a warning at the first bad line", () => {
  const bytes = new Uint8Array([...new TextEncoder().encode("a 1\nb "), 0xff, 0x0a]);
  const fs = memoryConfigFs({}, { binary: { "/a.conf": bytes } });
  const r = parseConfig("/a.conf", { fs });
  assertEquals(r.diagnostics.map((d) => [d.code, d.line]), [["VK0103", 2]]);
  assertEquals(r.tree.statements.length, 2);
});

Deno.test("parseConfig: relative main paths resolve against the file system's cwd", () => {
  const fs = memoryConfigFs({
    "/etc/k/main.conf": "include sub/a.conf\n",
    "/etc/k/sub/a.conf": "a\n",
  }, {
    cwd: "/etc/k",
  });
  const r = parseConfig("main.conf", { fs });
  assertEquals(r.tree.files, ["main.conf", "sub/a.conf"]);
  assertEquals(r.tree.statements[0]!.keyword.at.file, "sub/a.conf");
});

Deno.test("parseConfig: options reach the lexer", () => {
  const fs = memoryConfigFs({
    "/a.conf": "@n1 a ${_INSTANCE}\nb ${_RANDOM 1 1000}\nc ${_ENV X}\n",
  });
  const r = parseConfig("/a.conf", { fs, configId: "n1", randomSeed: 9, env: { X: "y" } });
  assertEquals(r.tree.statements.map((s) => s.raw).slice(0, 1), ["a n1"]);
  assertEquals(r.tree.statements[2]!.raw, "c y");
  const again = parseConfig("/a.conf", { fs, configId: "n1", randomSeed: 9, env: { X: "y" } });
  assertEquals(again.tree.statements[1]!.raw, r.tree.statements[1]!.raw);
});

Deno.test("parseConfig: lexer and parser diagnostics are both returned", () => {
  const fs = memoryConfigFs({ "/a.conf": 'a "x\n}\n' });
  assertEquals(parseConfig("/a.conf", { fs }).diagnostics.map((d) => d.code), ["VK0104", "VK0140"]);
});

Deno.test("configIdFromHostname: keeps the host name up to the first dot", () => {
  assertEquals(configIdFromHostname("lb1.example.net"), "lb1");
  assertEquals(configIdFromHostname("lb2"), "lb2");
  assertEquals(configIdFromHostname(""), "");
});
