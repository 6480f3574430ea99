/**
 * The shared corpus (652 keepalived.conf files from keepalived's maintainer) through the whole
 * front end in one process, compared with what keepalived 2.2.7 said of each file
 * (`keepalived -t`, recorded in the oracle). Figures are written up in docs/lint-vs-keepalived.md;
 * set `CORPUS_REPORT=1` to print them.
 */

import { assertEquals, assertOk } from "../assert.ts";
import type { Diagnostic } from "../../lib/config/diagnostic.ts";
import { denoConfigFs } from "../../lib/config/fs.ts";
import { findKeyword } from "../../lib/config/keywords.ts";
import type { LevelId } from "../../lib/config/keywords/types.ts";
import { loadConfig } from "../../lib/config/load.ts";
import type { Statement, SyntaxTree } from "../../lib/config/syntax.ts";
import { codeInfo } from "../../lib/config/codes/mod.ts";

// The shared corpus sits beside the repository (../shared/corpus), here and in CI.
const DIR = new URL("../../../shared/corpus/keepalived-devel-tools", import.meta.url).pathname;
const ORACLE =
  new URL("../../../shared/corpus/keepalived-devel-tools.oracle.jsonl", import.meta.url).pathname;
const present = (() => {
  try {
    return Deno.statSync(DIR).isDirectory && Deno.statSync(ORACLE).isFile;
  } catch {
    return false;
  }
})();
if (!present) console.warn(`SKIPPED: corpus tests need ${DIR} and ${ORACLE}`);

interface OracleEntry {
  file: string;
  exit: number | string;
  messages: string[];
}

interface Result {
  diagnostics: Diagnostic[];
  /** Line ranges vipkeeper deliberately reads differently from keepalived (skipped blocks). */
  skipped: [number, number][];
}

/**
 * Regions where vipkeeper skips a block that keepalived reads at the enclosing level: unknown
 * block keywords and `{` after non-block keywords (keepalived then lets the block's `}` close the
 * enclosing block, so the rest of that block is read one level up), and blocks of roots that
 * vipkeeper does not run.
 */
function skippedRegions(tree: SyntaxTree, main: string): [number, number][] {
  const out: [number, number][] = [];
  const walk = (stmts: Statement[], level: LevelId, parentEnd: number | undefined) => {
    for (const s of stmts) {
      if (s.at.file !== main) continue;
      const spec = findKeyword(level, s.keyword.text);
      const end = s.at.endLine ?? s.at.line;
      const isBlockKw = spec?.shape.kind === "block" || spec?.shape.kind === "list";
      if (spec?.notRun !== undefined) out.push([s.at.line, end]);
      else if (s.block !== undefined && (spec === undefined || !isBlockKw)) {
        out.push([s.at.line, parentEnd ?? end]);
      } else if (spec?.shape.kind === "block" && s.block !== undefined) {
        walk(s.block, spec.shape.level, end);
      }
    }
  };
  walk(tree.statements, "top", undefined);
  return out;
}

function loadAll(): Map<string, Result> {
  const fs = denoConfigFs();
  const results = new Map<string, Result>();
  const names = [...Deno.readDirSync(DIR)].map((e) => e.name).filter((n) => n.endsWith(".conf"));
  for (const name of names.sort()) {
    const path = `${DIR}/${name}`;
    const { diagnostics, tree } = loadConfig(path, { fs, configId: "corpus" });
    results.set(name, { diagnostics, skipped: skippedRegions(tree, path) });
  }
  return results;
}

let cache: Map<string, Result> | undefined;
const all = () => (cache ??= loadAll());
const oracle = (): OracleEntry[] =>
  Deno.readTextFileSync(ORACLE).split("\n").filter((l) => l.trim() !== "").map((l) =>
    JSON.parse(l)
  );

const LINE_RE = /^\(Line (\d+)\) (.*)$/;
/** keepalived messages that say a line was rejected, for a value or keyword vipkeeper reads. */
const VALUE_RE =
  /invalid number|outside range|negative number|unknown state|Priority not valid|VRID '.*' not valid|Advert interval .* not valid|has too many decimal places|Truncating auth_pass|Invalid value|must be between|must be in \[|invalid - ignoring|must be greater than 0/i;
/** Messages about the host (the oracle ran in an empty namespace) or script security. */
const HOST_RE =
  /doesn't exist|Non-existent interface|Unknown interface|SECURITY VIOLATION|Unable to set default user|set uid\/gid|script uid\/gid|iptables not supported|Config files missing/;
/** keepalived stops before its post-parse checks when an interface is missing. */
const STOPPED_RE = /Non-existent interface specified|Unknown interface!/;

/** keepalived's post-parse messages about one instance or group, and the code vipkeeper uses. */
const DERIVED: [RegExp, string[]][] = [
  [/A unicast keyword has been specified without any unicast peers/, ["VK0406"]],
  [/unicast with use_vmac requires vmac_xmit_base|Cannot use VMAC\/ipvlan with unicast/, [
    "VK0421",
  ]],
  [/No VIP specified/, ["VK0410"]],
  [
    /nopreempt is incompatible|nopreempt will not work|preempt delay will not work|preempt_delay is incompatible/,
    ["VK0407"],
  ],
  [/advertisement interval .* (must be an integer|units of 10ms)/, ["VK0409"]],
  [/does not support authentication|incompatible with AH/, ["VK0405", "VK0403"]],
  [/due to SYNC group/, ["VK0411"]],
  [/due to address owner/, ["VK0412"]],
  [/State MASTER must match being address owner/, ["VK0403"]],
  [/since own interface/, ["VK0419"]],
  [/the virtual router id must be set/, ["VK0402"]],
];
const NAMED_RE = /^\(([^)]+)\):? (.*)$/;

function inSkipped(r: Result, line: number): boolean {
  return r.skipped.some(([a, b]) => line >= a && line <= b);
}

function figures() {
  const res = all();
  let unknownTotal = 0, unknownCompared = 0, unknownHit = 0;
  let valueCompared = 0, valueHit = 0;
  let cleanFiles = 0, cleanAgree = 0;
  const misses: string[] = [];
  const excluded = { word: 0, skipped: 0, skippedRegionFlagged: 0 };
  let derivedCompared = 0, derivedHit = 0;
  for (const o of oracle()) {
    const r = res.get(o.file);
    if (r === undefined) continue;
    const linesWithDiag = new Set(r.diagnostics.map((d) => d.line));
    for (const m of o.messages) {
      const nm = NAMED_RE.exec(m.replace(/^\(Line \d+\) /, ""));
      const rule = nm === null ? undefined : DERIVED.find(([re]) => re.test(nm[2]!));
      if (nm !== null && rule !== undefined) {
        derivedCompared++;
        const name = `(${nm[1]})`;
        if (r.diagnostics.some((d) => rule[1].includes(d.code) && d.message.includes(name))) {
          derivedHit++;
        } else misses.push(`${o.file}: ${m}`);
        continue;
      }
      const lm = LINE_RE.exec(m);
      if (lm === null) continue;
      const line = Number(lm[1]);
      const text = lm[2]!;
      const uk = /^Unknown keyword '([^']*)'$/.exec(text);
      if (uk !== null) {
        unknownTotal++;
        if (!/^[a-z][a-z0-9_]*$/.test(uk[1]!)) {
          excluded.word++;
          continue;
        }
        const region = r.skipped.find(([a, b]) => line >= a && line <= b);
        if (region !== undefined) {
          excluded.skipped++;
          if (linesWithDiag.has(region[0])) excluded.skippedRegionFlagged++;
          continue;
        }
        unknownCompared++;
        if (linesWithDiag.has(line)) unknownHit++;
        else misses.push(`${o.file}:${line}: ${text}`);
      } else if (VALUE_RE.test(text) && !inSkipped(r, line)) {
        valueCompared++;
        if (linesWithDiag.has(line)) valueHit++;
        else misses.push(`${o.file}:${line}: ${text}`);
      }
    }
    if (o.exit !== "timeout" && o.messages.every((m) => HOST_RE.test(m))) {
      cleanFiles++;
      // Without its interfaces keepalived never reaches the checks made after parsing (VK04xx).
      const stopped = o.messages.some((m) => STOPPED_RE.test(m));
      const errors = r.diagnostics.filter((d) =>
        d.severity === "error" && !(stopped && (d.code.startsWith("VK04") || d.code === "VK0313"))
      );
      if (errors.length === 0) cleanAgree++;
      else {
        const e = errors[0]!;
        misses.push(`${o.file}: clean for keepalived, vipkeeper: ${e.line}: ${e.message}`);
      }
    }
  }
  return {
    excluded,
    derivedCompared,
    derivedHit,
    unknownTotal,
    unknownCompared,
    unknownHit,
    valueCompared,
    valueHit,
    cleanFiles,
    cleanAgree,
    misses,
  };
}

Deno.test({
  name: "all corpus files load in one process without a crash, with documented codes",
  ignore: !present,
  fn() {
    const res = all();
    assertEquals(res.size, 652);
    for (const [name, r] of res) {
      for (const d of r.diagnostics) {
        assertOk(d.line >= 1 && d.column >= 1, `${name}: ${d.code} has a position`);
        if (/^VK0[234]/.test(d.code)) {
          assertOk(codeInfo(d.code) !== undefined, `${d.code} documented`);
        }
      }
    }
  },
});

Deno.test({
  name:
    "vipkeeper flags the lines keepalived calls unknown keywords, outside deliberately skipped blocks",
  ignore: !present,
  fn() {
    const f = figures();
    if (Deno.env.get("CORPUS_REPORT") === "1") {
      console.log(JSON.stringify({ ...f, misses: f.misses.slice(0, 80) }, null, 1));
    }
    assertOk(f.unknownCompared > 100, `compared ${f.unknownCompared}`);
    assertOk(
      f.unknownHit / f.unknownCompared >= 0.9,
      `unknown keywords: ${f.unknownHit}/${f.unknownCompared}`,
    );
  },
});

Deno.test({
  name: "vipkeeper flags the lines where keepalived rejects a value",
  ignore: !present,
  fn() {
    const f = figures();
    assertOk(f.valueCompared > 50, `compared ${f.valueCompared}`);
    assertOk(f.valueHit / f.valueCompared >= 0.95, `values: ${f.valueHit}/${f.valueCompared}`);
  },
});

Deno.test({
  name: "vipkeeper reports keepalived's derivations for the same instance",
  ignore: !present,
  fn() {
    const f = figures();
    assertOk(f.derivedCompared > 1000, `compared ${f.derivedCompared}`);
    assertOk(
      f.derivedHit / f.derivedCompared >= 0.95,
      `derived: ${f.derivedHit}/${f.derivedCompared}`,
    );
  },
});

Deno.test({
  name: "files keepalived accepts (host checks aside) get no error from vipkeeper",
  ignore: !present,
  fn() {
    const f = figures();
    assertOk(f.cleanFiles > 20, `clean files ${f.cleanFiles}`);
    assertOk(f.cleanAgree / f.cleanFiles >= 0.98, `clean: ${f.cleanAgree}/${f.cleanFiles}`);
  },
});
