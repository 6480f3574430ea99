/**
 * Golden tests: each `testdata/NAME.conf` is loaded and its diagnostics are compared with
 * `testdata/NAME.expected.txt` (`file:line:col: severity[code]: message`, hints indented below).
 * Run with `UPDATE_GOLDEN=1` to rewrite the expected files after checking the differences.
 */

import { assertEquals } from "../assert.ts";
import type { Diagnostic } from "../../lib/config/diagnostic.ts";
import { memoryConfigFs } from "../../lib/config/fs.ts";
import { loadConfig } from "../../lib/config/load.ts";
import { codeInfo } from "../../lib/config/codes/mod.ts";

const dir = new URL("./testdata/", import.meta.url);
const update = Deno.env.get("UPDATE_GOLDEN") === "1";

function render(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => {
    const line = `${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${d.message}`;
    return d.hint === undefined ? line : `${line}\n  hint: ${d.hint}`;
  }).join("\n") + (diagnostics.length ? "\n" : "");
}

const cases = [...Deno.readDirSync(dir)]
  .filter((e) => e.isFile && e.name.endsWith(".conf"))
  .map((e) => e.name)
  .sort();

for (const name of cases) {
  Deno.test(`golden: ${name} gives the expected diagnostics`, () => {
    const text = Deno.readTextFileSync(new URL(name, dir));
    const fs = memoryConfigFs({ [`/testdata/${name}`]: text }, { cwd: "/testdata" });
    const { diagnostics } = loadConfig(name, { fs });
    for (const d of diagnostics) {
      if (d.code.startsWith("VK02") || d.code.startsWith("VK03") || d.code.startsWith("VK04")) {
        assertEquals(codeInfo(d.code)?.code, d.code, `${d.code} is documented`);
      }
    }
    const got = render(diagnostics);
    const expectedUrl = new URL(name.replace(/\.conf$/, ".expected.txt"), dir);
    if (update) Deno.writeTextFileSync(expectedUrl, got);
    assertEquals(got, Deno.readTextFileSync(expectedUrl));
  });
}

Deno.test("golden: the clean example has no diagnostics at all", () => {
  assertEquals(Deno.readTextFileSync(new URL("clean.expected.txt", dir)), "");
});
