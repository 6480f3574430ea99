import { assertEquals } from "../assert.ts";
import {
  DIAGNOSTICS_MD,
  diagnosticsMarkdown,
  KEYWORDS_MD,
  keywordsMarkdown,
} from "../../tools/gen_docs.ts";

const root = new URL("../../", import.meta.url);

Deno.test("docs/keywords.md matches the keyword table (run `deno task docs` to update)", () => {
  assertEquals(Deno.readTextFileSync(new URL(KEYWORDS_MD, root)), keywordsMarkdown());
});

Deno.test("docs/diagnostics.md matches the code lists (run `deno task docs` to update)", () => {
  assertEquals(Deno.readTextFileSync(new URL(DIAGNOSTICS_MD, root)), diagnosticsMarkdown());
});
