import { assertEquals } from "../assert.ts";
import { splitArgv, splitCommand, splitCommandChecked } from "../../lib/config/command.ts";

Deno.test("splitCommand: the spec example gives argv, user and group", () => {
  assertEquals(splitCommand(`notify "/path/s.sh a 'b c'" user grp`), {
    command: "/path/s.sh a 'b c'",
    argv: ["/path/s.sh", "a", "b c"],
    user: "user",
    group: "grp",
  });
});

Deno.test("splitCommand: a bare command has no user or group", () => {
  assertEquals(splitCommand("script /usr/bin/check"), {
    command: "/usr/bin/check",
    argv: ["/usr/bin/check"],
  });
});

Deno.test("splitCommand: a leading ':' of the group is removed", () => {
  assertEquals(splitCommand(`notify_master "/x.sh" root :wheel`).group, "wheel");
});

Deno.test("splitCommand: single quotes group the command string on the line", () => {
  const c = splitCommand(`notify '/x.sh "a b" c' nobody`);
  assertEquals([c.command, c.argv, c.user], ['/x.sh "a b" c', ["/x.sh", "a b", "c"], "nobody"]);
});

Deno.test("splitCommand: escapes and quotes on the line are processed before argv splitting", () => {
  assertEquals(splitCommand("notify /bin/x\\ y"), { command: "/bin/x y", argv: ["/bin/x", "y"] });
  assertEquals(splitCommand(`notify "/bin/x \\"a b\\""`).argv, ["/bin/x", "a b"]);
  assertEquals(splitCommand("notify a'b c'd root").command, "ab cd");
});

Deno.test("splitCommand: a keyword alone gives an empty command", () => {
  assertEquals(splitCommand("notify_deleted"), { command: "", argv: [] });
});

Deno.test("splitCommand: an unterminated quote on the line is a problem", () => {
  const r = splitCommandChecked(`script "/bin/true`);
  assertEquals(r.command.argv, ["/bin/true"]);
  assertEquals(r.problems.length, 1);
});

const ARGV: [string, string, string[]][] = [
  ["blanks separate words", "a  b\tc", ["a", "b", "c"]],
  ["double quotes group words", `a "b c"`, ["a", "b c"]],
  ["single quotes group words", `a 'b c'`, ["a", "b c"]],
  ["quotes may occur mid-word and are removed", `a"b c"d e'f g'`, ["ab cd", "ef g"]],
  ["the other quote is literal inside quotes", `"it's" 'say "hi"'`, ["it's", 'say "hi"']],
  ["an empty quoted word is kept", `a "" b`, ["a", "", "b"]],
  ["\\a \\b \\E \\f \\n \\r \\t \\v are decoded", "\\a\\b\\E\\f\\n\\r\\t\\v", [
    "\x07\b\x1b\f\n\r\t\v",
  ]],
  ["\\ooo takes one to three octal digits", "\\101\\60x\\7\\0101", ["A0x\x07\x081"]],
  ["\\x takes all following hex digits and keeps the low byte", "\\x41\\x4g\\x414", ["A\x04g\x14"]],
  ["\\x without a hex digit is 'x'", "\\xg", ["xg"]],
  ["\\cC is a control character", "\\cA\\c[", ["\x01\x1b"]],
  ["other escapes give the character", '\\q\\ \\\\\\"', ['q \\"']],
  ["an escaped blank joins words", "a\\ b c", ["a b", "c"]],
  ["escapes work inside quotes", `"a\\tb"`, ["a\tb"]],
  ["an escaped quote does not open a quote", `a\\"b c`, ['a"b', "c"]],
];

for (const [name, input, expected] of ARGV) {
  Deno.test(`splitArgv: ${name}`, () => {
    assertEquals(splitArgv(input), expected);
  });
}

Deno.test("splitArgv: a backslash at the end is a problem", () => {
  const problems: string[] = [];
  assertEquals(splitArgv("a b\\", problems), ["a", "b"]);
  assertEquals(problems.length, 1);
});

Deno.test("splitArgv: an unterminated quote is a problem and keeps the text", () => {
  const problems: string[] = [];
  assertEquals(splitArgv(`a 'b c`, problems), ["a", "b c"]);
  assertEquals(problems.length, 1);
});
