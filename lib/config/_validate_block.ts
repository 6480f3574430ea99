/**
 * The generic, table-driven pass over one block: looks every statement up in the keyword table,
 * reports unknown, misplaced, deprecated and repeated keywords, reads values by their shape, and
 * hands back what was read for the block's builder.
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";
import { findKeyword, levelsOf, suggestKeywords } from "./keywords.ts";
import type { KeywordSpec, LevelId } from "./keywords/types.ts";
import type { Statement } from "./syntax.ts";
import type { Ctx } from "./_validate_context.ts";
import { type Entries, readEntries } from "./_validate_entries.ts";
import { readValue } from "./_validate_read.ts";

/** The entry type of a list kind. */
export type EntryOf<K extends Entries["kind"]> = Extract<Entries, { kind: K }>["items"][number];

/** One keyword occurrence that was read. `value` is undefined when the value was rejected. */
export interface Item {
  /** The statement. */
  stmt: Statement;
  /** Its table entry. */
  spec: KeywordSpec;
  /** The value read by shape (see `Shape`); undefined when rejected. */
  value: unknown;
}

/** What was read from one block. */
export class Block {
  /** Items in order (keywords whose line was rejected outright are absent). */
  readonly items: Item[] = [];
  /** Span of the first occurrence of each keyword. */
  readonly keyAt: Record<string, Span> = {};
  /** Unmodelled keywords' words, by keyword. */
  readonly other: Record<string, string[][]> = {};
  readonly #byName = new Map<string, Item[]>();

  /** Record an item. */
  add(item: Item): void {
    this.items.push(item);
    const list = this.#byName.get(item.spec.name);
    if (list === undefined) this.#byName.set(item.spec.name, [item]);
    else list.push(item);
  }
  /** True when the keyword was written (with any value). */
  has(name: string): boolean {
    return this.#byName.has(name);
  }
  /** The last accepted value of a keyword. */
  get<T>(name: string): T | undefined {
    const list = this.#byName.get(name);
    if (list === undefined) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i]!.value !== undefined) return list[i]!.value as T;
    }
    return undefined;
  }
  /** The last item of a keyword (accepted or not). */
  item(name: string): Item | undefined {
    const list = this.#byName.get(name);
    return list?.[list.length - 1];
  }
  /** All items of a keyword. */
  all(name: string): Item[] {
    return this.#byName.get(name) ?? [];
  }
  /** Concatenated entries of every occurrence of a list keyword of the given kind. */
  entries<K extends Entries["kind"]>(name: string, kind: K): EntryOf<K>[] {
    const out: EntryOf<K>[] = [];
    for (const it of this.all(name)) {
      const e = it.value as Entries | undefined;
      if (e !== undefined && e.kind === kind) out.push(...(e.items as EntryOf<K>[]));
    }
    return out;
  }
}

/** A named top-level block: its header and what was read inside. */
export interface Named {
  /** The name word's text. */
  name: string;
  /** Span of the header. */
  at: Span;
  /** The block's contents. */
  block: Block;
}

const LEVEL_WORDS: Record<LevelId, string> = {
  top: "the top level",
  global_defs: "global_defs",
  vrrp_script: "vrrp_script",
  track_file: "track_file",
  vrrp_track_process: "vrrp_track_process",
  vrrp_instance: "vrrp_instance",
  authentication: "authentication",
  vrrp_sync_group: "vrrp_sync_group",
};

const VRRP_GLOBALS =
  /^(vrrp_|smtp_alert|enable_snmp_vrrp|enable_snmp_rfc|enable_traps|enable_dbus|nftables)/;

/** Unmodelled keywords that change what keepalived's VRRP process does (others are other daemons'). */
function affectsVrrp(level: LevelId, word: string): boolean {
  return level !== "global_defs" || VRRP_GLOBALS.test(word);
}

/** Read every statement of a block at `level`. */
export function readBlock(ctx: Ctx, statements: Statement[], level: LevelId): Block {
  const out = new Block();
  for (const stmt of statements) readStatement(ctx, stmt, level, out);
  return out;
}

function unknown(ctx: Ctx, stmt: Statement, level: LevelId): void {
  const word = stmt.keyword.text;
  const where = LEVEL_WORDS[level];
  const hints: string[] = [];
  const lower = word.toLowerCase();
  if (lower !== word && findKeyword(level, lower) !== undefined) {
    hints.push(`keywords are case-sensitive: write '${lower}'`);
  }
  const near = suggestKeywords(level, word).filter((n) => n !== lower).slice(0, 3);
  if (near.length > 0) hints.push(`did you mean ${near.map((n) => `'${n}'`).join(" or ")}?`);
  const elsewhere = levelsOf(lower).filter((l) => l !== level);
  if (elsewhere.length > 0) {
    const where = elsewhere.map((l) => LEVEL_WORDS[l]).join(", ");
    hints.push(
      lower === word
        ? `'${word}' is valid in ${where}`
        : `keywords are case-sensitive; '${lower}' is valid in ${where}`,
    );
  }
  if (stmt.block !== undefined) {
    hints.push(
      `keepalived would report '{' as unexpected, read the block's lines as ${where} keywords, and let its '}' close the enclosing block`,
    );
    ctx.error(
      stmt.keyword.at,
      "VK0202",
      `Unknown block keyword '${word}' in ${where}; its block is skipped`,
      hints.join("; "),
    );
  } else {
    ctx.error(
      stmt.keyword.at,
      "VK0201",
      `Unknown keyword '${word}' in ${where}`,
      hints.length ? hints.join("; ") : undefined,
    );
  }
}

function readStatement(ctx: Ctx, stmt: Statement, level: LevelId, out: Block): void {
  const word = stmt.keyword.text;
  const spec = findKeyword(level, word);
  if (spec === undefined) return unknown(ctx, stmt, level);
  const at = stmt.keyword.at;
  if (spec.notRun !== undefined) {
    ctx.info(
      at,
      "VK0203",
      `'${word}' is not run by vipkeeper (it belongs to ${spec.notRun}); skipped`,
    );
    return;
  }
  if (spec.deprecated !== undefined) {
    ctx.warn(
      at,
      "VK0204",
      `'${word}' is deprecated; use ${
        spec.deprecated.includes(" ") ? spec.deprecated : `'${spec.deprecated}'`
      }`,
    );
  }
  if (spec.notIn227 !== undefined) {
    ctx.warn(
      at,
      "VK0211",
      `'${word}' is not known to keepalived 2.2.7 (${spec.notIn227}); keepalived 2.2.7 reports it as an unknown keyword`,
    );
  }
  out.keyAt[word] ??= at;
  const shape = spec.shape;
  const isBlock = shape.kind === "block" || shape.kind === "list";
  if (isBlock && stmt.block === undefined) {
    ctx.error(at, "VK0207", `'${word}' needs a '{ ... }' block; keepalived ignores the keyword`);
    return;
  }
  if (!isBlock && stmt.block !== undefined) {
    ctx.error(
      at,
      "VK0206",
      `'${word}' takes no block; the block is skipped`,
      `keepalived would report '{' as unexpected and read the block's lines as ${
        LEVEL_WORDS[level]
      } keywords`,
    );
  }
  if (spec.once && out.has(word)) {
    ctx.error(
      at,
      "VK0210",
      `'${word}' is given twice; keepalived ignores this one and keeps the first`,
    );
    return;
  }
  if (isBlock) {
    const expected = spec.named ? 1 : 0;
    if (spec.named && stmt.args.length === 0) {
      ctx.error(at, "VK0205", `'${word}' needs a name`);
      return;
    }
    if (stmt.args.length > expected) {
      const extra = stmt.args.slice(expected).map((w) => w.text).join(" ");
      const extraAt = stmt.args[expected]!.at;
      if (spec.exactName) {
        ctx.error(
          extraAt,
          "VK0209",
          `'${word}' takes only a name, not '${extra}'; keepalived skips the whole block`,
        );
        return;
      }
      if (spec.named) {
        ctx.warn(extraAt, "VK0208", `Extra words after the name of '${word}' ignored: '${extra}'`);
      } else {
        ctx.error(
          extraAt,
          "VK0209",
          `Block '${word}' has extra parameters '${extra}'; keepalived ignores them`,
        );
      }
    }
    const value = shape.kind === "block"
      ? readBlock(ctx, stmt.block!, shape.level)
      : readEntries(ctx, shape.entry, stmt.block!);
    if (shape.kind === "list" && stmt.block!.length === 0 && shape.entry !== "word") {
      ctx.warn(at, "VK0213", `'${word}' block is empty`);
    }
    out.add({ stmt, spec, value });
    return;
  }
  if (
    shape.kind !== "flag" && shape.kind !== "bool" && shape.kind !== "skip" &&
    shape.kind !== "command" &&
    !(shape.kind === "words" && shape.min === 0) && stmt.args.length === 0
  ) {
    ctx.error(
      at,
      "VK0205",
      `'${word}' needs a value; keepalived stops reading the configuration here`,
    );
    return;
  }
  const value = readValue(ctx, stmt, spec);
  if (
    value !== undefined && !spec.once && !spec.unmodelled && shape.kind !== "flag" &&
    word !== "state" &&
    out.get(word) !== undefined
  ) {
    const prev = out.item(word)!.stmt.keyword.at;
    ctx.warn(
      at,
      "VK0210",
      `'${word}' is given again (first at line ${prev.line}); the last value wins`,
    );
  }
  if (spec.unmodelled) {
    (out.other[word] ??= []).push(stmt.args.map((w) => w.text));
    if (spec.deprecated === undefined && spec.notIn227 === undefined && affectsVrrp(level, word)) {
      ctx.info(at, "VK0214", `'${word}' is accepted but vipkeeper does not act on it`);
    }
  }
  out.add({ stmt, spec, value });
}
