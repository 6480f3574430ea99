import { assertEquals, assertMatch, assertOk } from "../assert.ts";
import { parseConfig } from "../../lib/config/parse.ts";
import { memoryConfigFs, type MemoryFsOptions } from "../../lib/config/fs.ts";
import { applyIncludeCheck, includeForm } from "../../lib/config/include.ts";
import type { Statement } from "../../lib/config/syntax.ts";

const MAIN = "/etc/k/keepalived.conf";

function parse(files: Record<string, string>, opts: MemoryFsOptions = {}, configId?: string) {
  const fs = memoryConfigFs(files, opts);
  return parseConfig(MAIN, configId === undefined ? { fs } : { fs, configId });
}

const keywords = (ss: Statement[]): string[] =>
  ss.flatMap((s) => [s.keyword.text, ...(s.block ? keywords(s.block) : [])]);

const codesOf = (r: ReturnType<typeof parse>) => r.diagnostics.map((d) => [d.code, d.severity]);

Deno.test("include: an included file is read in place of the include line", () => {
  const r = parse({ [MAIN]: "a\ninclude sub.conf\nc\n", "/etc/k/sub.conf": "b\n" });
  assertEquals(keywords(r.tree.statements), ["a", "b", "c"]);
  assertEquals(r.tree.files, [MAIN, "/etc/k/sub.conf"]);
  assertEquals(r.diagnostics, []);
});

Deno.test("include: relative paths nest relative to the including file", () => {
  const r = parse({
    [MAIN]: "include d1/one.conf\n",
    "/etc/k/d1/one.conf": "one\ninclude d2/two.conf\n",
    "/etc/k/d1/d2/two.conf": "two\ninclude /abs/three.conf\n",
    "/abs/three.conf": "three\n",
  });
  assertEquals(keywords(r.tree.statements), ["one", "two", "three"]);
  assertEquals(r.diagnostics, []);
});

Deno.test("include: words of an included file carry its name and lines", () => {
  const r = parse({ [MAIN]: "include sub.conf\n", "/etc/k/sub.conf": "\n  b 1\n" });
  const b = r.tree.statements[0]!;
  assertEquals([b.keyword.at.file, b.keyword.at.line, b.keyword.at.column], [
    "/etc/k/sub.conf",
    2,
    3,
  ]);
});

Deno.test("include: glob matches are read in sorted order", () => {
  const r = parse({
    [MAIN]: "include conf.d/*.conf\n",
    "/etc/k/conf.d/20-b.conf": "b\n",
    "/etc/k/conf.d/10-a.conf": "a\n",
    "/etc/k/conf.d/30-c.txt": "no\n",
    "/etc/k/conf.d/.hidden.conf": "no\n",
  });
  assertEquals(keywords(r.tree.statements), ["a", "b"]);
});

Deno.test("include: brace alternatives are read in written order", () => {
  const r = parse({
    [MAIN]: "include {z,a}.conf\n",
    "/etc/k/a.conf": "a\n",
    "/etc/k/z.conf": "z\n",
  });
  assertEquals(keywords(r.tree.statements), ["z", "a"]);
});

Deno.test("include: a pattern with '?' and '[...]' matches", () => {
  const r = parse({
    [MAIN]: "include vi_[0-9]?.conf\n",
    "/etc/k/vi_12.conf": "x\n",
    "/etc/k/vi_a2.conf": "no\n",
  });
  assertEquals(keywords(r.tree.statements), ["x"]);
});

Deno.test("include: an include inside a block adds to the block", () => {
  const r = parse({ [MAIN]: "blk {\ninclude in.conf\n}\n", "/etc/k/in.conf": "x 1\n" });
  assertEquals(r.tree.statements[0]!.block!.map((s) => s.keyword.text), ["x"]);
});

Deno.test("include: the rest of the line is the pattern, blanks included", () => {
  const r = parse({ [MAIN]: "include \tmy dir/a.conf # c\n", "/etc/k/my dir/a.conf": "a\n" });
  assertEquals(keywords(r.tree.statements), ["a"]);
  assertEquals(r.diagnostics, []);
});

Deno.test("include: quotes are part of the pattern, as in keepalived", () => {
  const r = parse({ [MAIN]: 'include "a.conf"\n', "/etc/k/a.conf": "a\n" });
  assertEquals(keywords(r.tree.statements), []);
  assertEquals(codesOf(r), [["VK0110", "warning"]]);
  assertMatch(r.diagnostics[0]!.hint ?? "", /keeps quotes/);
});

Deno.test("include: the path may use definitions", () => {
  const r = parse({ [MAIN]: "$D=sub\ninclude ${_PWD}/${D}/a.conf\n", "/etc/k/sub/a.conf": "a\n" });
  assertEquals(keywords(r.tree.statements), ["a"]);
  assertEquals(r.diagnostics, []);
});

Deno.test("include: definitions carry into and out of included files", () => {
  const r = parse({
    [MAIN]: "$A=1\ninclude a.conf\nafter $B\n",
    "/etc/k/a.conf": "in $A\n$B=2\n",
  });
  assertEquals(r.tree.statements.map((s) => s.raw), ["in 1", "after 2"]);
});

Deno.test("include: an executable file is skipped with a warning", () => {
  const r = parse(
    { [MAIN]: "include d/*.conf\n", "/etc/k/d/a.conf": "a\n", "/etc/k/d/x.conf": "x\n" },
    { executable: ["/etc/k/d/x.conf"] },
  );
  assertEquals(keywords(r.tree.statements), ["a"]);
  assertEquals(codesOf(r), [["VK0113", "warning"]]);
  assertMatch(
    r.diagnostics[0]!.message,
    /'\/etc\/k\/d\/x\.conf' is not a regular non-executable file/,
  );
});

Deno.test("include: a directory is skipped, an error with a read check", () => {
  const files = { [MAIN]: "include d\nincluder d\n", "/etc/k/d/a.conf": "a\n" };
  const r = parse(files);
  assertEquals(codesOf(r), [["VK0113", "warning"], ["VK0113", "error"]]);
  assertMatch(r.diagnostics[0]!.message, /is a directory/);
});

Deno.test("include: an unreadable file is skipped", () => {
  const r = parse({ [MAIN]: "include a.conf\n", "/etc/k/a.conf": "a\n" }, {
    unreadable: ["/etc/k/a.conf"],
  });
  assertEquals(keywords(r.tree.statements), []);
  assertEquals(codesOf(r), [["VK0114", "warning"]]);
});

Deno.test("include: a cycle is an error that names the chain", () => {
  const r = parse({
    [MAIN]: "include a.conf\n",
    "/etc/k/a.conf": "a\ninclude b.conf\n",
    "/etc/k/b.conf": "b\ninclude ./a.conf\n",
  });
  assertEquals(keywords(r.tree.statements), ["a", "b"]);
  assertEquals(codesOf(r), [["VK0115", "error"]]);
  assertEquals(
    r.diagnostics[0]!.message,
    "Include cycle: '/etc/k/a.conf' -> '/etc/k/b.conf' -> '/etc/k/a.conf'",
  );
  assertEquals([r.diagnostics[0]!.file, r.diagnostics[0]!.line], ["/etc/k/b.conf", 2]);
});

Deno.test("include: a file including itself is a cycle", () => {
  const r = parse({ [MAIN]: "x\ninclude keepalived.conf\n" });
  assertEquals(codesOf(r), [["VK0115", "error"]]);
});

Deno.test("include: the same file included twice in a row is not a cycle", () => {
  const r = parse({ [MAIN]: "include a.conf\ninclude a.conf\n", "/etc/k/a.conf": "a\n" });
  assertEquals(keywords(r.tree.statements), ["a", "a"]);
  assertEquals(r.diagnostics, []);
});

// spec §1.6 table: which forms make which problems errors.
const FORM_ROWS: [form: string, pattern: string, code: string, severity: string][] = [
  ["include", "missing.conf", "VK0110", "warning"],
  ["includer", "missing.conf", "VK0110", "warning"],
  ["includem", "missing.conf", "VK0110", "error"],
  ["includew", "missing.conf", "VK0110", "error"],
  ["includeb", "missing.conf", "VK0110", "warning"],
  ["includea", "missing.conf", "VK0110", "error"],
  ["include", "none*.conf", "VK0111", "info"],
  ["includem", "none*.conf", "VK0111", "info"],
  ["includew", "none*.conf", "VK0111", "error"],
  ["includea", "none*.conf", "VK0111", "error"],
  ["include", "nodir/*.conf", "VK0110", "warning"],
  ["includem", "nodir/*.conf", "VK0110", "error"],
  ["includew", "nodir/*.conf", "VK0110", "error"],
  ["include", "no*/x.conf", "VK0111", "info"],
  ["includem", "{zz,yy}.conf", "VK0110", "warning"],
  ["includeb", "{zz,yy}.conf", "VK0110", "error"],
  ["includew", "{nodir,.}/*.cnf", "VK0110", "warning"],
  ["includeb", "{nodir,.}/*.cnf", "VK0110", "error"],
  ["include", "{a,zz}.conf", "VK0112", "warning"],
  ["includem", "{a,zz}.conf", "VK0112", "warning"],
  ["includeb", "{a,zz}.conf", "VK0112", "error"],
  ["includea", "{a,zz}.conf", "VK0112", "error"],
];

for (const [form, pattern, code, severity] of FORM_ROWS) {
  Deno.test(`include: '${form} ${pattern}' gives ${code} as ${severity}`, () => {
    const r = parse({ [MAIN]: `${form} ${pattern}\n`, "/etc/k/a.conf": "a\n" });
    assertEquals(codesOf(r), [[code, severity]]);
    assertEquals([r.diagnostics[0]!.line, r.diagnostics[0]!.column], [1, form.length + 2]);
  });
}

Deno.test("include: with brace_match checked a partly missing pattern reads nothing", () => {
  const files = { [MAIN]: "includeb {a,zz}.conf\n", "/etc/k/a.conf": "a\n" };
  assertEquals(keywords(parse(files).tree.statements), []);
  const files2 = { [MAIN]: "includem {a,zz}.conf\n", "/etc/k/a.conf": "a\n" };
  assertEquals(keywords(parse(files2).tree.statements), ["a"]);
});

Deno.test("include: a wildcard alternative matching nothing is not a missing file", () => {
  const r = parse({ [MAIN]: "includea d/{a,zz*}.conf\n", "/etc/k/d/a.conf": "a\n" });
  assertEquals(keywords(r.tree.statements), ["a"]);
  assertEquals(r.diagnostics, []);
});

Deno.test("include: include_check in global_defs makes later plain includes checked", () => {
  const r = parse({ [MAIN]: "global_defs {\n include_check\n}\ninclude none*.conf\n" });
  assertEquals(codesOf(r), [["VK0111", "error"]]);
});

Deno.test("include: include_check set in an included file ends with that file", () => {
  const r = parse({
    [MAIN]: "include a.conf\ninclude missing.conf\n",
    "/etc/k/a.conf": "global_defs {\n include_check match\n}\ninclude missing2.conf\n",
  });
  assertEquals(codesOf(r), [["VK0110", "error"], ["VK0110", "warning"]]);
});

Deno.test("include: include_check outside global_defs has no effect", () => {
  const r = parse({ [MAIN]: "include_check\nblk {\n include_check\n}\ninclude none.conf\n" });
  assertEquals(codesOf(r), [["VK0110", "warning"]]);
});

Deno.test("include: the includeChecks option acts like keepalived's -e", () => {
  const fs = memoryConfigFs({ [MAIN]: "include missing.conf\n" });
  const r = parseConfig(MAIN, { fs, includeChecks: ["match"] });
  assertEquals(r.diagnostics.map((d) => d.severity), ["error"]);
});

Deno.test("include: unknown and duplicate include_check words are errors", () => {
  const r = parse({ [MAIN]: "global_defs {\n include_check read +bogus match\n}\n" });
  assertEquals(codesOf(r), [["VK0119", "error"], ["VK0109", "error"]]);
});

Deno.test("include: an include produced by a conditional is not processed", () => {
  const r = parse({ [MAIN]: "@me include a.conf\n", "/etc/k/a.conf": "a\n" }, {}, "me");
  assertEquals(keywords(r.tree.statements), []);
  assertEquals(codesOf(r), [["VK0106", "warning"]]);
});

Deno.test("include: an include produced by a substitution is not processed", () => {
  const r = parse({ [MAIN]: "$I=include a.conf\n$I\n", "/etc/k/a.conf": "a\n" });
  assertEquals(keywords(r.tree.statements), []);
  assertEquals(codesOf(r), [["VK0106", "warning"]]);
  assertOk(r.diagnostics[0]!.hint?.includes("twice"));
});

Deno.test("include: an include after a brace on the same line is not processed", () => {
  const r = parse({ [MAIN]: "blk { include a.conf }\n", "/etc/k/a.conf": "a\n" });
  assertEquals(keywords(r.tree.statements), ["blk"]);
  // As in keepalived, the rest of the line (with its '}') is taken as the include.
  assertEquals(codesOf(r), [["VK0106", "warning"], ["VK0141", "error"]]);
});

Deno.test("include: two paths on one line are one pattern", () => {
  const r = parse({
    [MAIN]: "include a.conf b.conf\n",
    "/etc/k/a.conf": "a\n",
    "/etc/k/b.conf": "b\n",
  });
  assertEquals(keywords(r.tree.statements), []);
  assertEquals(r.diagnostics.map((d) => d.message), ["Config files missing 'a.conf b.conf'"]);
});

Deno.test("include: an include without a pattern is an error", () => {
  const r = parse({ [MAIN]: "include\n" });
  assertEquals(codesOf(r), [["VK0107", "error"]]);
});

Deno.test("include: the pattern's position is reported", () => {
  const r = parse({ [MAIN]: "\n  includem   none.conf\n" });
  assertEquals(r.diagnostics.map((d) => [d.line, d.column, d.endColumn]), [[2, 14, 23]]);
});

Deno.test("includeForm: lists the checks of each form", () => {
  assertEquals(includeForm("include"), []);
  assertEquals(includeForm("includer"), ["read"]);
  assertEquals(includeForm("includeb"), ["read", "brace_match"]);
  assertEquals(includeForm("includea")?.length, 4);
  assertEquals(includeForm("includes"), undefined);
  assertEquals(includeForm("constructor"), undefined);
});

Deno.test("applyIncludeCheck: no word means all, a first word sets read plus it, signs add and remove", () => {
  assertEquals([...applyIncludeCheck(new Set(), []).checks].length, 4);
  assertEquals([...applyIncludeCheck(new Set(["read"]), ["+match"]).checks], ["read", "match"]);
  assertEquals([...applyIncludeCheck(new Set(["read", "match"]), ["-read"]).checks], ["match"]);
  assertEquals([...applyIncludeCheck(new Set(["match"]), ["brace_match"]).checks], [
    "read",
    "brace_match",
  ]);
  assertEquals(applyIncludeCheck(new Set(), ["read", "match"]).problems, [
    { word: "match", kind: "duplicate" },
  ]);
  assertEquals(applyIncludeCheck(new Set(["read"]), ["bogus"]), {
    checks: new Set(),
    problems: [{ word: "bogus", kind: "unknown" }],
  });
});
