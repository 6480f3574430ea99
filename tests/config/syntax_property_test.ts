import fc from "fast-check";
import { assertOk } from "../assert.ts";
import { lexText } from "../../lib/config/lexer.ts";
import { parseLines } from "../../lib/config/parser.ts";
import { parseConfig } from "../../lib/config/parse.ts";
import { memoryConfigFs } from "../../lib/config/fs.ts";
import type { Diagnostic } from "../../lib/config/diagnostic.ts";
import type { Statement } from "../../lib/config/syntax.ts";

const CORPUS = new URL("../../../shared/corpus/keepalived-devel-tools/", import.meta.url);

/** Characters that mean something to keepalived's reader, plus some ordinary ones. */
const SIGNIFICANT = [
  ..."{}\"'#!\\$@^~(),=_ \t\r\n\f\v",
  ..."abcSEQLSTxi019-",
  "~SEQ(",
  "~SEQx(",
  "~LST(",
  "${",
  "$A=",
  "$ML=",
  "@n1 ",
  "@^n1 ",
  "include ",
  "include_check",
  "\\\n",
  "${_RANDOM 1 9}",
  "${_PWD}",
  "${_HASH}",
  "\0",
  "é",
  "\uFFFD",
];

const configText = fc.array(fc.constantFrom(...SIGNIFICANT), { maxLength: 200, size: "max" }).map((
  a,
) => a.join(""));

function checkResult(diagnostics: Diagnostic[], statements: Statement[]): void {
  for (const d of diagnostics) {
    assertOk(d.code !== "VK0199", `internal error: ${d.message}`);
    assertOk(d.line >= 1 && d.column >= 1, `diagnostic position ${d.line}:${d.column}`);
    assertOk(/^VK01\d\d$/.test(d.code), d.code);
    assertOk(d.message.length > 0);
  }
  const walk = (ss: Statement[]) => {
    for (const s of ss) {
      for (const w of [s.keyword, ...s.args]) {
        assertOk(w.at.line >= 1 && w.at.column >= 1, "word position");
        assertOk((w.at.endColumn ?? w.at.column) >= w.at.column, "word end after start");
      }
      if (s.block) walk(s.block);
    }
  };
  walk(statements);
}

function lexAndParse(text: string, configId = "n1") {
  const fs = memoryConfigFs({ "/k/inc.conf": "x 1\n" });
  const lexed = lexText(text, "/k/t.conf", { fs, configId, randomSeed: 1 });
  const parsed = parseLines(lexed.lines, lexed.files);
  return {
    diagnostics: [...lexed.diagnostics, ...parsed.diagnostics],
    statements: parsed.tree.statements,
  };
}

Deno.test("property: the lexer and parser never throw on keepalived-flavoured text", () => {
  fc.assert(
    fc.property(configText, (text) => {
      const r = lexAndParse(text);
      checkResult(r.diagnostics, r.statements);
    }),
    { numRuns: 1500 },
  );
});

Deno.test("property: the lexer and parser never throw on arbitrary strings", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 400, size: "max" }), (text) => {
      const r = lexAndParse(text);
      checkResult(r.diagnostics, r.statements);
    }),
    { numRuns: 500 },
  );
});

Deno.test("property: parseConfig never throws on arbitrary bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600, size: "max" }), (bytes) => {
      const fs = memoryConfigFs({}, { binary: { "/k/t.conf": bytes } });
      const r = parseConfig("/k/t.conf", { fs });
      checkResult(r.diagnostics, r.tree.statements);
    }),
    { numRuns: 500 },
  );
});

Deno.test("property: words never hold blanks unless quoted, braces only come as lines", () => {
  fc.assert(
    fc.property(configText, (text) => {
      const { statements } = lexAndParse(text);
      const walk = (ss: Statement[]) => {
        for (const s of ss) {
          for (const w of [s.keyword, ...s.args]) {
            if (!w.quoted) {
              assertOk(!/[ \t\f\n\r\v"]/.test(w.text) && w.text !== "", `word '${w.text}'`);
            }
          }
          assertOk(
            s.keyword.text !== "{" || s.keyword.quoted,
            "an unquoted '{' is never a keyword",
          );
          if (s.block) walk(s.block);
        }
      };
      walk(statements);
    }),
    { numRuns: 800 },
  );
});

/** Corpus files read at test time (never copied into the repository). */
function corpusSample(): string[] {
  try {
    const names = [...Deno.readDirSync(CORPUS)].map((e) => e.name).filter((n) =>
      n.endsWith(".conf")
    );
    names.sort();
    return names.filter((_, i) => i % 13 === 0).map((n) =>
      Deno.readTextFileSync(new URL(n, CORPUS))
    );
  } catch {
    return [];
  }
}

const SAMPLE = corpusSample();

type Mutation = { at: number; len: number; insert: string };

function mutate(text: string, ms: Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    t = t.slice(0, at) + m.insert + t.slice(at + m.len);
  }
  return t;
}

Deno.test({
  name: "property: the lexer and parser never throw on mutated corpus files",
  ignore: SAMPLE.length === 0,
  fn() {
    const mutation = fc.record({
      at: fc.nat(),
      len: fc.nat({ max: 40 }),
      insert: fc.oneof(fc.constantFrom(...SIGNIFICANT), fc.string({ maxLength: 8 })),
    });
    fc.assert(
      fc.property(
        fc.nat({ max: SAMPLE.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        (index, ms) => {
          const r = lexAndParse(mutate(SAMPLE[index]!, ms));
          checkResult(r.diagnostics, r.statements);
        },
      ),
      { numRuns: 300 },
    );
  },
});

Deno.test("property: without expansion, every word's span is exactly where it was written", () => {
  const plain = fc.array(fc.constantFrom(...'ab1{}"#! \t\r\n.-é'), { maxLength: 120, size: "max" })
    .map((a) => a.join(""));
  fc.assert(
    fc.property(plain, (text) => {
      const lexed = lexText(text, "/k/t.conf", { fs: memoryConfigFs({}) });
      const source = text.split("\n");
      for (const line of lexed.lines) {
        for (const w of line.words) {
          const written = source[w.at.line - 1]!.slice(w.at.column - 1, (w.at.endColumn ?? 0) - 1);
          assertOk(
            written === (w.quoted ? `"${w.text}"` : w.text),
            `'${w.text}' at ${w.at.line}:${w.at.column} reads '${written}'`,
          );
        }
        if (line.brace) {
          assertOk(source[line.at.line - 1]![line.at.column - 1] === line.brace, "brace column");
        }
      }
    }),
    { numRuns: 1000 },
  );
});
