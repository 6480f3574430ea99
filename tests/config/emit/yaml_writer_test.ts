import fc from "fast-check";
import { parse } from "yaml";
import { assertEquals } from "../../assert.ts";
import { writeYaml, yamlString, type YamlValue } from "../../../lib/config/emit/_yaml_writer.ts";

Deno.test("yamlString leaves ordinary words plain and quotes what YAML would misread", () => {
  assertEquals(
    [
      "eth0",
      "192.0.2.1/24 dev eth1",
      "/bin/x 'a b'",
      "true",
      "0123",
      "1e3",
      "",
      "- x",
      "a: b",
      "a #b",
    ]
      .map((s) => yamlString(s)),
    [
      "eth0",
      "192.0.2.1/24 dev eth1",
      "/bin/x 'a b'",
      '"true"',
      '"0123"',
      '"1e3"',
      '""',
      '"- x"',
      '"a: b"',
      '"a #b"',
    ],
  );
});

const tricky = fc.constantFrom(
  "a: b",
  "a #b",
  "x:",
  "- x",
  "? x",
  "! x",
  "& x",
  "* x",
  "% x",
  "@x",
  "`x",
  "{x}",
  "[x]",
  "a,b",
  "a ",
  " a",
  "y",
  "n",
  "yes",
  "no",
  "on",
  "off",
  "0x1F",
  "0o17",
  ".5",
  "+1",
  "1_000",
  ".inf",
  "-.inf",
  ".nan",
  "~",
  "null",
  "NULL",
  "2001:db8::1/64",
  "a\tb",
  "x\ny",
  "a:b",
  "-",
  "--",
  "---",
  "...",
  "#",
  "=",
  "<<",
  "a'b",
  'a"b',
  "(x)",
  "$HOME",
  "^x",
  "+x",
  "/x: y",
);

Deno.test("any string written by yamlString reads back as the same string, in block and flow", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 30 }), tricky), (s) => {
      const text = writeYaml(
        new Map<string, YamlValue>([[s, s], ["l", [s, new Map([["name", s]])]], ["g", [s]]]),
        ["g"],
      );
      assertEquals(parse(text), { [s]: s, l: [s, { name: s }], g: [s] }, text);
    }),
    { numRuns: 500 },
  );
});

Deno.test("writeYaml keeps key order, writes flow lists for the keys asked and separates sections", () => {
  const text = writeYaml(
    new Map<string, YamlValue>([
      ["b", new Map<string, YamlValue>([["62", 1], ["10", true]])],
      ["a", new Map<string, YamlValue>([["group", ["x", "y"]], ["list", ["x"]], ["e", []]])],
    ]),
    ["group"],
  );
  assertEquals(
    text,
    'b:\n  "62": 1\n  "10": true\n\na:\n  group: [x, y]\n  list:\n    - x\n  e: []\n',
  );
});
