/**
 * The YAML front end's first pass: YAML text → the same `SyntaxTree` the keepalived.conf parser
 * produces, with spans taken from the YAML nodes. Validation then runs unchanged on it, so both
 * front ends share every rule and diagnostic. YAML syntax errors and a document whose shape does
 * not match the documented form (docs/yaml.md) are reported here, with VK07xx codes.
 *
 * @module
 */

import type { Document, Node } from "yaml";
import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Statement, SyntaxTree } from "../syntax.ts";
import { findKeyword, levelById } from "../keywords.ts";
import { makeStatement, YamlContext, type YamlLibrary } from "./_context.ts";
import { blockBody, classify, keyWord, pairSpan, valueStatements } from "./_block.ts";
import { closest } from "../closest.ts";

/** What `yamlToTree` returns. */
export interface YamlTreeResult {
  /** The statements of the document (empty when the YAML did not parse). */
  tree: SyntaxTree;
  /** YAML syntax and shape problems (VK07xx). */
  diagnostics: Diagnostic[];
}

function syntaxDiagnostics(file: string, doc: Document.Parsed): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
    const end = e.linePos?.[1];
    const at = { file, line: pos.line, column: pos.col };
    const span = end ? { ...at, endLine: end.line, endColumn: end.col } : at;
    const message = e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "");
    const isError = e.name === "YAMLParseError";
    const code = isError ? "VK0701" : "VK0703";
    out.push(diagnostic(span, isError ? "error" : "warning", code, message));
  }
  return out;
}

function topStatements(ctx: YamlContext, node: Node): Statement[] {
  if (!ctx.yaml.isMap(node)) {
    ctx.error(
      ctx.nodeSpan(node),
      "VK0704",
      "The document must be a mapping of top-level keywords",
      "start with 'global_defs:', 'vrrp_instance:', ... (see docs/yaml.md)",
    );
    return [];
  }
  const out: Statement[] = [];
  const seen = new Set<string>();
  for (const pair of node.items) {
    const kw = keyWord(ctx, pair);
    if (kw === undefined || ctx.duplicate(seen, kw)) continue;
    const spec = findKeyword("top", kw.text);
    if (spec === undefined) {
      const names = levelById("top").keywords.map((k) => k.name);
      const near = closest(kw.text, names);
      ctx.error(
        kw.at,
        "VK0706",
        `Unknown top-level key '${kw.text}'`,
        near === undefined ? "see docs/yaml.md for the top-level keys" : `did you mean '${near}'?`,
      );
      continue;
    }
    const value = classify(ctx, pair.value);
    const named = spec.named === true || (spec.shape.kind === "skip" && spec.shape.block);
    if (!named) {
      out.push(...valueStatements(ctx, kw, value, spec.shape, pairSpan(ctx, pair)));
      continue;
    }
    if (value.kind === "null") continue;
    if (value.kind !== "map") {
      ctx.error(
        ctx.nodeSpan(value.node),
        "VK0707",
        `'${kw.text}' takes a mapping from names to settings`,
        `write '${kw.text}:' then one indented 'NAME:' per object`,
      );
      continue;
    }
    const level = spec.shape.kind === "block" ? spec.shape.level : undefined;
    const names = new Set<string>();
    for (const entry of value.node.items) {
      const name = keyWord(ctx, entry);
      if (name === undefined || ctx.duplicate(names, name)) continue;
      const body = classify(ctx, entry.value);
      if (body.kind !== "map" && body.kind !== "null") {
        ctx.error(
          ctx.nodeSpan(body.node),
          "VK0708",
          `The settings of ${kw.text} '${name.text}' must be a mapping of keywords`,
        );
        continue;
      }
      const block = body.kind === "map" ? blockBody(ctx, body.node, level) : [];
      const keyword = { ...kw, at: name.at };
      out.push(makeStatement(keyword, [name], pairSpan(ctx, entry), { block }));
    }
  }
  return out;
}

/**
 * Map YAML text onto a syntax tree. `file` names the file in spans. Asynchronous because the
 * `yaml` package is only loaded for the first YAML file.
 *
 * @example
 * ```ts
 * import { yamlToTree } from "./to_tree.ts";
 * const { tree, diagnostics } = await yamlToTree(
 *   "vrrp_instance:\n  VI_1:\n    priority: 150\n    nopreempt: true\n",
 *   "a.yaml",
 * );
 * const vi = tree.statements[0];
 * if (diagnostics.length !== 0 || vi?.args[0]?.text !== "VI_1") throw new Error();
 * if (vi.block?.map((s) => s.raw).join("; ") !== "priority 150; nopreempt") throw new Error();
 * if (vi.block?.[0]?.args[0]?.at.line !== 3) throw new Error();
 * ```
 */
export async function yamlToTree(text: string, file: string): Promise<YamlTreeResult> {
  try {
    return mapDocument(await import("yaml"), text, file);
  } catch (e) {
    // The YAML library is not expected to throw; if it ever does, report it as data.
    const message = `The YAML could not be read (${e instanceof Error ? e.message : String(e)})`;
    return {
      tree: { statements: [], files: [file] },
      diagnostics: [diagnostic({ file, line: 1, column: 1 }, "error", "VK0701", message)],
    };
  }
}

function mapDocument(yaml: YamlLibrary, text: string, file: string): YamlTreeResult {
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const syntax = syntaxDiagnostics(file, doc);
  const tree: SyntaxTree = { statements: [], files: [file] };
  if (syntax.some((d) => d.severity === "error")) return { tree, diagnostics: syntax };
  const ctx = new YamlContext(yaml, file, lineCounter, doc);
  if (doc.contents !== null) tree.statements = topStatements(ctx, doc.contents);
  return { tree, diagnostics: [...syntax, ...ctx.diagnostics] };
}
