import { assertEquals, assertOk } from "../assert.ts";
import { describeDiagram, describeEngine } from "../../lib/vrrp/describe.ts";
import { TRANSITIONS } from "../../lib/vrrp/state_machine.ts";

Deno.test("docs/engine.md is the generated description (run tools/gen_engine_doc.ts)", async () => {
  const doc = await Deno.readTextFile(new URL("../../docs/engine.md", import.meta.url));
  assertEquals(doc, describeEngine());
});

Deno.test("every transition of the table is described", () => {
  const md = describeEngine().replace(/\n {2}/g, " ");
  for (const t of TRANSITIONS) {
    assertOk(md.includes(`- ${t.from} --\`${t.on}\`--> ${t.to}, when ${t.when}`), t.when);
  }
});

Deno.test("the diagram has one edge per state change of the table", () => {
  const edges = describeDiagram().split("\n").filter((l) =>
    l.includes("-->") && !l.includes("[*]")
  );
  const expected = new Set(
    TRANSITIONS.filter((t) => t.from !== t.to).map((t) => `${t.from}|${t.on}|${t.to}`),
  );
  assertEquals(edges.length, expected.size);
});
