import { assertEquals } from "../assert.ts";
import { parseLines } from "../../lib/config/parser.ts";
import { lexText } from "../../lib/config/lexer.ts";
import { memoryConfigFs } from "../../lib/config/fs.ts";
import type { Statement } from "../../lib/config/syntax.ts";

function parse(text: string) {
  const lexed = lexText(text, "t.conf", { fs: memoryConfigFs({}) });
  return parseLines(lexed.lines, lexed.files);
}

/** A compact picture of a tree: `kw args` or `kw args { ... }`. */
function shape(ss: Statement[]): string {
  return ss.map((s) =>
    [s.keyword.text, ...s.args.map((a) => a.text)].join(" ") +
    (s.block ? ` { ${shape(s.block)} }` : "")
  ).join("; ");
}

const codes = (text: string) => parse(text).diagnostics.map((d) => [d.code, d.line, d.column]);

const ROWS: [string, string, string][] = [
  ["a statement without a block", "kw a b\n", "kw a b"],
  ["a block opened on the same line", "blk x {\n  a 1\n}\n", "blk x { a 1 }"],
  ["a block opened on the next line", "blk x\n{\n  a 1\n}\n", "blk x { a 1 }"],
  [
    "a block on one line",
    "virtual_ipaddress { 192.0.2.1/24 }\n",
    "virtual_ipaddress { 192.0.2.1/24 }",
  ],
  ["nested blocks", "a {\n b {\n  c\n }\n d\n}\ne\n", "a { b { c }; d }; e"],
  ["an empty block", "a {\n}\n", "a {  }"],
  ["braces after a closing brace on one line", "a { b } c { d }\n", "a { b }; c { d }"],
  [
    "keywords are not interpreted",
    "whatever 1 {\nnot_a_keyword\n}\n",
    "whatever 1 { not_a_keyword }",
  ],
];

for (const [name, input, expected] of ROWS) {
  Deno.test(`parser: ${name}`, () => {
    const r = parse(input);
    assertEquals(shape(r.tree.statements), expected);
    assertEquals(r.diagnostics, []);
  });
}

Deno.test("parser: an extra '}' is reported and ignored", () => {
  const r = parse("a {\n}\n}\nb\n");
  assertEquals(shape(r.tree.statements), "a {  }; b");
  assertEquals(codes("a {\n}\n}\nb\n"), [["VK0140", 3, 1]]);
});

Deno.test("parser: missing '}'s are counted at the end", () => {
  const r = parse("a {\n b {\n  c\n");
  assertEquals(shape(r.tree.statements), "a { b { c } }");
  assertEquals(r.diagnostics.map((d) => [d.code, d.line, d.message]), [
    ["VK0141", 1, "There are 2 missing '}'s (block 'a' is not closed)"],
  ]);
});

Deno.test("parser: one missing '}' is reported in the singular", () => {
  assertEquals(
    parse("a {\n").diagnostics[0]?.message,
    "There is 1 missing '}' (block 'a' is not closed)",
  );
});

Deno.test("parser: a stray '{' is ignored so its '}' closes the enclosing block", () => {
  const r = parse("outer {\n {\n  a 1\n }\n b 2\n}\n");
  assertEquals(shape(r.tree.statements), "outer { a 1 }; b 2");
  assertEquals(r.diagnostics.map((d) => [d.code, d.line]), [["VK0142", 2], ["VK0140", 6]]);
});

Deno.test("parser: a '{' at the start is unexpected", () => {
  assertEquals(codes("{\na\n"), [["VK0142", 1, 1]]);
});

Deno.test("parser: a second '{' after a block opener is unexpected", () => {
  assertEquals(codes("a {\n{\n}\n}\n").map((c) => c[0]), ["VK0142", "VK0140"]);
});

Deno.test("parser: a block statement spans up to its closing brace", () => {
  const s = parse("\n  blk x {\n  a 1\n  }\n").tree.statements[0]!;
  assertEquals(s.at, { file: "t.conf", line: 2, column: 3, endLine: 4, endColumn: 4 });
  assertEquals(s.keyword.at, { file: "t.conf", line: 2, column: 3, endColumn: 6 });
});

Deno.test("parser: the raw line is kept for command keywords", () => {
  const s = parse(`notify "/x.sh a 'b c'" root # c\n`).tree.statements[0]!;
  assertEquals(s.raw, `notify "/x.sh a 'b c'" root`);
  assertEquals(s.args.map((a) => [a.text, a.quoted]), [["/x.sh a 'b c'", true], ["root", false]]);
});

Deno.test("parser: the files list is passed through", () => {
  assertEquals(parse("a\n").tree.files, ["t.conf"]);
});
