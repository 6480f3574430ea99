import { assertEquals } from "../../assert.ts";
import { mergeDiagnostics, REPLACES, SUPERSEDED_BY } from "../../../lib/config/lint/merge.ts";
import { lintModel } from "../../../lib/config/lint/rules.ts";
import { lintCodes } from "../../../lib/config/codes/lint.ts";
import { clusterCodes } from "../../../lib/config/codes/cluster.ts";
import type { Diagnostic } from "../../../lib/config/diagnostic.ts";
import { at, codes, instance, model } from "./_model.ts";

const d = (code: string, line: number): Diagnostic => ({
  ...at(line),
  severity: "warning",
  code,
  message: code,
});

Deno.test("lint merge: a lint finding that validation made on the same line is dropped", () => {
  const merged = mergeDiagnostics([d("VK0407", 4)], [
    d("VK0507", 4),
    d("VK0507", 9),
    d("VK0511", 4),
  ]);
  assertEquals(codes(merged), ["VK0407", "VK0507", "VK0511"]);
  assertEquals(merged[1]?.line, 9);
});

Deno.test("lint merge: a lint finding that adds the consequence replaces validation's", () => {
  const merged = mergeDiagnostics([d("VK0411", 7), d("VK0411", 8)], [d("VK0506", 7)]);
  assertEquals(merged.map((x) => [x.code, x.line]), [["VK0411", 8], ["VK0506", 7]]);
});

Deno.test("lint: lintModel runs every rule and sorts by place", () => {
  const a = instance("VI_1", {
    at: at(10, 1),
    state: "MASTER",
    nopreempt: true,
    keyAt: { nopreempt: at(14), virtual_router_id: at(12) },
  });
  const b = instance("VI_2", { at: at(1, 1), keyAt: { interface: at(2) } });
  const out = lintModel(model({ instances: [a, b] }), {});
  assertEquals(out.map((x) => [x.line, x.code]), [[1, "VK0502"], [1, "VK0503"], [1, "VK0511"], [
    14,
    "VK0507",
  ]]);
});

Deno.test("lint codes: every code is unique, in its range, and documented", () => {
  const all = [...lintCodes, ...clusterCodes];
  assertEquals(new Set(all.map((c) => c.code)).size, all.length);
  for (const c of lintCodes) assertEquals(/^VK05\d\d$/.test(c.code), true, c.code);
  for (const c of clusterCodes) assertEquals(/^VK06\d\d$/.test(c.code), true, c.code);
  for (const c of all) assertEquals(c.description.length > 40, true, c.code);
});

Deno.test("lint codes: every code the rules emit is documented, and every documented one is used", () => {
  const dir = new URL("../../../lib/config/lint/", import.meta.url);
  let source = "";
  for (const e of Deno.readDirSync(dir)) source += Deno.readTextFileSync(new URL(e.name, dir));
  const used = new Set(source.match(/"VK0[56]\d\d"/g)?.map((s) => s.slice(1, -1)));
  const documented = [...lintCodes, ...clusterCodes].map((c) => c.code);
  assertEquals([...used].sort(), [...documented].sort());
  const merged = Object.keys({ ...SUPERSEDED_BY, ...REPLACES });
  for (const code of merged) assertEquals(documented.includes(code), true, code);
});
