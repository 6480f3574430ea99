import { assertEquals, assertOk } from "../assert.ts";
import { parseConfig } from "../../lib/config/parse.ts";
import { denoConfigFs } from "../../lib/config/fs.ts";

const CORPUS = new URL("../../../shared/corpus/keepalived-devel-tools/", import.meta.url).pathname;

function corpusFiles(): string[] {
  try {
    return [...Deno.readDirSync(CORPUS)].map((e) => e.name).filter((n) => n.endsWith(".conf"))
      .sort();
  } catch {
    return [];
  }
}

const FILES = corpusFiles();

Deno.test({
  name: "corpus: all 652 keepalived-devel-tools files parse in one process without a crash",
  ignore: FILES.length === 0 && (console.warn(`corpus not found at ${CORPUS}: test skipped`), true),
  fn() {
    assertEquals(FILES.length, 652);
    const fs = denoConfigFs();
    let statements = 0;
    const internal: string[] = [];
    for (const name of FILES) {
      const r = parseConfig(CORPUS + name, { fs, configId: "vipkeeper-test", randomSeed: 1 });
      statements += r.tree.statements.length;
      assertEquals(r.tree.files[0], CORPUS + name);
      for (const d of r.diagnostics) {
        if (d.code === "VK0199") internal.push(`${name}: ${d.message}`);
        assertOk(d.line >= 1 && d.column >= 1, `${name}: ${d.code} at ${d.line}:${d.column}`);
      }
    }
    assertEquals(internal, []);
    assertOk(statements > 652, "the corpus yields statements");
  },
});

Deno.test({
  name: "corpus: nested ~SEQ over multi-line definitions gives keepalived's 2000 instances",
  ignore: !FILES.includes("seq2.conf"),
  fn() {
    // keepalived 2.2.7 names instances 4.IF.1.ID for IF 0..7 and ID 1..250, all at line 96
    // (see keepalived-devel-tools.oracle.jsonl).
    const r = parseConfig(CORPUS + "seq2.conf", { fs: denoConfigFs(), randomSeed: 1 });
    const instances = r.tree.statements.filter((s) => s.keyword.text === "vrrp_instance");
    const expected: string[] = [];
    for (let i = 0; i <= 7; i++) for (let id = 1; id <= 250; id++) expected.push(`4.${i}.1.${id}`);
    assertEquals(instances.map((s) => s.args[0]?.text), expected);
    assertEquals(new Set(instances.map((s) => s.at.line)), new Set([96]));
    assertEquals(r.diagnostics.filter((d) => d.severity === "error"), []);
  },
});
