/**
 * Private: YAML values → keepalived statements, one keyword at a time, driven by the keyword
 * table's argument shapes (docs/yaml.md describes the mapping).
 *
 * @module
 */

import type { Node, Pair, Scalar, YAMLMap } from "yaml";
import type { Span } from "../diagnostic.ts";
import type { Statement, Word } from "../syntax.ts";
import { findKeyword, type LevelId, type Shape } from "../keywords.ts";
import { makeStatement, type YamlContext } from "./_context.ts";
import { splitWords } from "./_words.ts";

/** A resolved YAML value, classified. */
type Value =
  | { kind: "null"; node?: Node }
  | { kind: "bool"; value: boolean; node: Scalar }
  | { kind: "scalar"; node: Scalar }
  | { kind: "map"; node: YAMLMap }
  | { kind: "seq"; node: Node & { items: unknown[] } };

/** Classify a (resolved) YAML node. */
export function classify(ctx: YamlContext, raw: unknown): Value {
  const node = ctx.resolve(raw);
  if (ctx.yaml.isMap(node)) return { kind: "map", node };
  if (ctx.yaml.isSeq(node)) return { kind: "seq", node };
  if (ctx.yaml.isScalar(node)) {
    if (node.value === null || node.value === undefined) return { kind: "null", node };
    if (typeof node.value === "boolean" && node.type === "PLAIN") {
      return { kind: "bool", value: node.value, node };
    }
    return { kind: "scalar", node };
  }
  return { kind: "null" };
}

/** The text of a scalar: as written for plain scalars (`0123` stays `0123`), else its value. */
export function scalarText(node: Scalar): string {
  if (node.type === "PLAIN" && typeof node.source === "string") return node.source;
  return String(node.value);
}

/** The words of a scalar, each with its position when the scalar sits on one line. */
export function scalarWords(ctx: YamlContext, node: Scalar): Word[] {
  const text = scalarText(node);
  const start = node.range?.[0] ?? 0;
  const shift = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? 1 : 0;
  const exact = node.type !== "BLOCK_FOLDED" && node.type !== "BLOCK_LITERAL" &&
    !text.includes("\n") && (shift === 0 || !text.includes("\\"));
  return splitWords(text).map((w) => {
    const at = exact
      ? ctx.spanOf(start + shift + w.offset, start + shift + w.offset + w.text.length)
      : ctx.nodeSpan(node);
    return ctx.word(w.text, w.quoted, at);
  });
}

/** The key of a pair as a word, or undefined (reported) when it is not a scalar. */
export function keyWord(ctx: YamlContext, pair: Pair): Word | undefined {
  const key = ctx.resolve(pair.key);
  if (!ctx.yaml.isScalar(key) || key.value === null || typeof key.value === "object") {
    ctx.error(ctx.nodeSpan(key as Node), "VK0705", "Keys must be plain words");
    return undefined;
  }
  return ctx.word(scalarText(key), false, ctx.nodeSpan(key));
}

/** The span of a whole pair: from its key to the end of its value. */
export function pairSpan(ctx: YamlContext, pair: Pair): Span {
  const k = (pair.key as Node | null)?.range;
  const v = (pair.value as Node | null)?.range;
  if (!k) return ctx.spanOf(0);
  return ctx.spanOf(k[0], v ? v[1] : k[1]);
}

const SHAPE_NAME: Record<string, string> = {
  map: "a mapping",
  seq: "a list",
};

/** The statements for the keywords of a mapping read at a level (undefined: no table). */
export function blockBody(ctx: YamlContext, map: YAMLMap, level: LevelId | undefined): Statement[] {
  const out: Statement[] = [];
  const seen = new Set<string>();
  for (const pair of map.items) {
    const kw = keyWord(ctx, pair);
    if (kw === undefined || ctx.duplicate(seen, kw)) continue;
    const shape = level === undefined ? undefined : findKeyword(level, kw.text)?.shape;
    out.push(...valueStatements(ctx, kw, classify(ctx, pair.value), shape, pairSpan(ctx, pair)));
  }
  return out;
}

function wordsOf(ctx: YamlContext, v: Value): Word[] {
  if (v.kind === "scalar") return scalarWords(ctx, v.node);
  if (v.kind === "bool") return [ctx.word(String(v.value), false, ctx.nodeSpan(v.node))];
  return [];
}

/** Statements for one `keyword: value` pair, by the keyword's shape. */
export function valueStatements(
  ctx: YamlContext,
  kw: Word,
  v: Value,
  shape: Shape | undefined,
  at: Span,
): Statement[] {
  const kind = shape === undefined || shape.kind === "skip" ? "generic" : shape.kind;
  const plain = (args: Word[] = []) => [makeStatement(kw, args, at)];
  const wrong = (code: string, expected: string) => {
    ctx.error(
      ctx.nodeSpan(v.node),
      code,
      `'${kw.text}' takes ${expected}, not ${SHAPE_NAME[v.kind] ?? "a value"}`,
    );
    return [];
  };
  if (kind === "block") {
    if (v.kind === "null") return [makeStatement(kw, [], at, { block: [] })];
    if (v.kind !== "map") return wrong("VK0708", "a mapping of keywords");
    const level = shape?.kind === "block" ? shape.level : undefined;
    return [makeStatement(kw, [], at, { block: blockBody(ctx, v.node, level) })];
  }
  if (kind === "list") {
    if (v.kind === "null") return [makeStatement(kw, [], at, { block: [] })];
    if (v.kind !== "seq") return wrong("VK0709", "a list of entries");
    return [makeStatement(kw, [], at, { block: listEntries(ctx, v.node.items) })];
  }
  if (kind === "generic") {
    if (v.kind === "map") {
      return [makeStatement(kw, [], at, { block: blockBody(ctx, v.node, undefined) })];
    }
    if (v.kind === "seq") {
      return [makeStatement(kw, [], at, { block: listEntries(ctx, v.node.items) })];
    }
    return plain(v.kind === "bool" && v.value ? [] : wordsOf(ctx, v));
  }
  if (v.kind === "map") {
    return kind === "command" ? commandMap(ctx, kw, v.node, at) : wrong("VK0710", "a value");
  }
  if (v.kind === "seq") {
    if (kind === "flag" || kind === "bool") return wrong("VK0710", "true or false");
    // A keyword that repeats: one statement per item.
    return v.node.items.flatMap((item) =>
      valueStatements(ctx, kw, classify(ctx, item), shape, ctx.nodeSpan(item as Node))
    );
  }
  if (v.kind === "null" || (v.kind === "bool" && v.value)) return plain();
  if (v.kind === "bool") {
    // false: a flag is left out; anything else is written `keyword false`.
    return kind === "flag" || kind === "command" ? [] : plain(wordsOf(ctx, v));
  }
  if (kind === "command") {
    return [makeStatement(kw, [ctx.word(scalarText(v.node), true, ctx.nodeSpan(v.node))], at, {
      command: true,
    })];
  }
  return plain(wordsOf(ctx, v));
}

const COMMAND_KEYS = ["command", "user", "group"];

function commandMap(ctx: YamlContext, kw: Word, map: YAMLMap, at: Span): Statement[] {
  const parts = new Map<string, Word>();
  const seen = new Set<string>();
  for (const pair of map.items) {
    const key = keyWord(ctx, pair);
    if (key === undefined || ctx.duplicate(seen, key)) continue;
    const v = classify(ctx, pair.value);
    if (!COMMAND_KEYS.includes(key.text) || (v.kind !== "scalar" && v.kind !== "bool")) {
      ctx.error(
        key.at,
        "VK0710",
        `'${kw.text}' takes a string or a mapping of command, user and group; '${key.text}' is not one of them`,
      );
      continue;
    }
    const node = v.node;
    parts.set(key.text, ctx.word(scalarText(node), key.text === "command", ctx.nodeSpan(node)));
  }
  const command = parts.get("command");
  if (command === undefined) {
    ctx.error(ctx.nodeSpan(map), "VK0710", `'${kw.text}' needs a 'command'`);
    return [];
  }
  const args = [command];
  const user = parts.get("user");
  const group = parts.get("group");
  if (user !== undefined) args.push(user);
  if (user !== undefined && group !== undefined) args.push(group);
  return [makeStatement(kw, args, at, { command: true })];
}

const HEAD_KEYS = ["name", "address"];

/** The lines of a list block: one statement per entry, its first word as the keyword. */
export function listEntries(ctx: YamlContext, items: readonly unknown[]): Statement[] {
  const out: Statement[] = [];
  for (const item of items) {
    const v = classify(ctx, item);
    const at = ctx.nodeSpan(v.node);
    let words: Word[] = [];
    if (v.kind === "scalar" || v.kind === "bool") words = wordsOf(ctx, v);
    else if (v.kind === "seq") words = v.node.items.flatMap((w) => wordsOf(ctx, classify(ctx, w)));
    else if (v.kind === "map") words = entryMap(ctx, v.node);
    const [first, ...rest] = words;
    if (first === undefined) {
      if (v.kind !== "map") ctx.error(at, "VK0711", "A list entry must not be empty");
      continue;
    }
    out.push(makeStatement(first, rest, at));
  }
  return out;
}

function entryMap(ctx: YamlContext, map: YAMLMap): Word[] {
  const head: Word[] = [];
  const options: Word[] = [];
  const seen = new Set<string>();
  for (const pair of map.items) {
    const key = keyWord(ctx, pair);
    if (key === undefined || ctx.duplicate(seen, key)) continue;
    const v = classify(ctx, pair.value);
    if (v.kind === "map" || v.kind === "seq") {
      ctx.error(key.at, "VK0711", `List entry option '${key.text}' must be a single value`);
    } else if (HEAD_KEYS.includes(key.text) && head.length === 0) {
      head.push(...wordsOf(ctx, v));
    } else if (v.kind === "null" || (v.kind === "bool" && v.value)) options.push(key);
    else if (v.kind !== "bool") options.push(key, ...wordsOf(ctx, v));
  }
  if (head.length === 0) {
    ctx.error(
      ctx.nodeSpan(map),
      "VK0711",
      "A list entry written as a mapping needs a 'name' or 'address'",
    );
    return [];
  }
  return [...head, ...options];
}
