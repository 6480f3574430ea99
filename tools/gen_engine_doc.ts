/**
 * Writes docs/engine.md from the engine's transition table (`lib/vrrp/describe.ts`).
 *
 * Usage: `deno run -A tools/gen_engine_doc.ts` (add `--check` to only compare and exit 1 when
 * the file is stale).
 *
 * @module
 */

import { describeEngine } from "../lib/vrrp/describe.ts";

const target = new URL("../docs/engine.md", import.meta.url);
const text = describeEngine();
if (Deno.args.includes("--check")) {
  const current = await Deno.readTextFile(target).catch(() => "");
  if (current !== text) {
    console.error("docs/engine.md is stale: run deno run -A tools/gen_engine_doc.ts");
    Deno.exit(1);
  }
} else {
  await Deno.writeTextFile(target, text);
  console.log("wrote docs/engine.md");
}
