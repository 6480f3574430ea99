import { assertEquals } from "../assert.ts";
import { type ConfigFs, denoConfigFs, memoryConfigFs } from "../../lib/config/fs.ts";
import { expandBraces, matchSegment } from "../../lib/config/_glob.ts";

const TREE: Record<string, string> = {
  "/k/keepalived.conf": "main",
  "/k/conf.d/b.conf": "b",
  "/k/conf.d/a.conf": "a",
  "/k/conf.d/.hidden.conf": "h",
  "/k/conf.d/c.txt": "c",
  "/k/conf.d/sub/d.conf": "d",
  "/k/other/e.conf": "e",
  "/k/x.sh": "#!/bin/sh",
  "/k/we*ird.conf": "w",
};

/** The same checks against any ConfigFs built over TREE (memory, or real files in a temp dir). */
function contract(name: string, make: () => { fs: ConfigFs; root: string; done(): void }) {
  const cases: [string, string, string[]][] = [
    ["a plain path that exists matches itself", "/k/keepalived.conf", ["/k/keepalived.conf"]],
    ["a plain path that does not exist matches nothing", "/k/none.conf", []],
    ["'*' matches sorted names", "/k/conf.d/*.conf", ["/k/conf.d/a.conf", "/k/conf.d/b.conf"]],
    ["'*' skips names starting with a dot", "/k/conf.d/*", [
      "/k/conf.d/a.conf",
      "/k/conf.d/b.conf",
      "/k/conf.d/c.txt",
      "/k/conf.d/sub",
    ]],
    ["a leading dot in the pattern matches hidden names", "/k/conf.d/.*.conf", [
      "/k/conf.d/.hidden.conf",
    ]],
    ["'?' matches one character", "/k/conf.d/?.conf", ["/k/conf.d/a.conf", "/k/conf.d/b.conf"]],
    ["'[...]' matches a class", "/k/conf.d/[b-z].*", ["/k/conf.d/b.conf", "/k/conf.d/c.txt"]],
    ["'[!...]' negates a class", "/k/conf.d/[!a].conf", ["/k/conf.d/b.conf"]],
    ["wildcards work in directories", "/k/*/*.conf", [
      "/k/conf.d/a.conf",
      "/k/conf.d/b.conf",
      "/k/other/e.conf",
    ]],
    ["braces keep written order", "/k/{other,conf.d}/[ae].conf", [
      "/k/other/e.conf",
      "/k/conf.d/a.conf",
    ]],
    ["a missing brace alternative adds nothing", "/k/conf.d/{a,zz}.conf", ["/k/conf.d/a.conf"]],
    ["an escaped wildcard is literal", "/k/we\\*ird.conf", ["/k/we*ird.conf"]],
    ["a wildcard under a missing directory matches nothing", "/k/nodir/*.conf", []],
  ];
  for (const [what, pattern, expected] of cases) {
    Deno.test(`${name}: glob: ${what}`, () => {
      const { fs, root, done } = make();
      try {
        const p = pattern.replace(/^\/k/, root);
        assertEquals(fs.glob(p), expected.map((e) => e.replace(/^\/k/, root)));
      } finally {
        done();
      }
    });
  }
  Deno.test(`${name}: stat tells files, directories, executables and missing paths apart`, () => {
    const { fs, root, done } = make();
    try {
      assertEquals(fs.stat(`${root}/keepalived.conf`), {
        exists: true,
        isFile: true,
        isDirectory: false,
        executable: false,
      });
      assertEquals(fs.stat(`${root}/conf.d`).isDirectory, true);
      assertEquals(fs.stat(`${root}/x.sh`).executable, true);
      assertEquals(fs.stat(`${root}/none`).exists, false);
    } finally {
      done();
    }
  });
  Deno.test(`${name}: readText returns the text, or why it failed`, () => {
    const { fs, root, done } = make();
    try {
      assertEquals(fs.readText(`${root}/conf.d/a.conf`), {
        ok: true,
        text: "a",
        invalidUtf8: false,
      });
      assertEquals(fs.readText(`${root}/none`).ok, false);
      assertEquals(fs.readText(`${root}/conf.d`).ok, false);
    } finally {
      done();
    }
  });
}

contract("memoryConfigFs", () => ({
  fs: memoryConfigFs(TREE, { executable: ["/k/x.sh"] }),
  root: "/k",
  done() {},
}));

contract("denoConfigFs", () => {
  const root = Deno.makeTempDirSync({ prefix: "vipkeeper_fs_" });
  for (const [p, text] of Object.entries(TREE)) {
    const path = root + p.slice(2);
    Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    Deno.writeTextFileSync(path, text);
  }
  Deno.chmodSync(`${root}/x.sh`, 0o755);
  return { fs: denoConfigFs(), root, done: () => Deno.removeSync(root, { recursive: true }) };
});

Deno.test("memoryConfigFs: relative paths resolve against cwd and stay relative", () => {
  const fs = memoryConfigFs({ "/k/conf.d/a.conf": "a" }, { cwd: "/k" });
  assertEquals(fs.glob("conf.d/*.conf"), ["conf.d/a.conf"]);
  assertEquals(fs.readText("conf.d/a.conf").ok, true);
  assertEquals(fs.cwd(), "/k");
});

Deno.test("memoryConfigFs: extra directories exist and are empty", () => {
  const fs = memoryConfigFs({}, { directories: ["/empty/d"] });
  assertEquals(fs.stat("/empty/d").isDirectory, true);
  assertEquals(fs.glob("/empty/d/*"), []);
});

Deno.test("denoConfigFs: invalid UTF-8 is decoded with replacement and flagged", () => {
  const dir = Deno.makeTempDirSync({ prefix: "vipkeeper_fs_" });
  try {
    Deno.writeFileSync(`${dir}/bad.conf`, new Uint8Array([0x61, 0xff, 0x62]));
    assertEquals(denoConfigFs().readText(`${dir}/bad.conf`), {
      ok: true,
      text: "a\uFFFDb",
      invalidUtf8: true,
    });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("expandBraces: nests, keeps order and leaves unbalanced braces alone", () => {
  assertEquals(expandBraces("a{b,c{d,e}}f"), ["abf", "acdf", "acef"]);
  assertEquals(expandBraces("{x,y}{1,2}"), ["x1", "x2", "y1", "y2"]);
  assertEquals(expandBraces("a{b"), ["a{b"]);
  assertEquals(expandBraces("a\\{b,c}"), ["a\\{b,c}"]);
  assertEquals(expandBraces("a{}b"), ["ab"]);
});

Deno.test("matchSegment: '*' may match nothing, classes may hold ']' first", () => {
  assertEquals(matchSegment("a*", "a"), true);
  assertEquals(matchSegment("*b*", "abc"), true);
  assertEquals(matchSegment("[]]x", "]x"), true);
  assertEquals(matchSegment("[a-c]", "d"), false);
  assertEquals(matchSegment("a[", "a["), true);
});
