/**
 * Reading one keyword's value by the shape its table entry gives (numbers, booleans, words,
 * enumerations, addresses, commands), with keepalived's fallbacks named in the messages.
 *
 * @module
 */

import type { KeywordSpec } from "./keywords/types.ts";
import type { ScriptCommand } from "./model.ts";
import type { Statement } from "./syntax.ts";
import { splitCommandChecked } from "./command.ts";
import type { Span } from "./diagnostic.ts";
import type { Ctx } from "./_validate_context.ts";
import {
  isMulticast,
  parseAddress,
  type ParsedAddress,
  readBool,
  readDecimal,
  readInt,
} from "./_validate_values.ts";

/** Words for what keepalived does with a rejected value of this keyword. */
export function fallbackOf(spec: KeywordSpec): string {
  if (spec.invalidNote !== undefined) return spec.invalidNote;
  switch (spec.onInvalid) {
    case "default":
      return `keepalived uses the default${spec.default ? ` (${spec.default})` : ""}`;
    case "keep":
      return "keepalived keeps the value";
    default:
      return "keepalived ignores the line";
  }
}

function extraWords(ctx: Ctx, stmt: Statement, used: number): void {
  if (stmt.args.length > used) {
    const extra = stmt.args.slice(used).map((w) => w.text).join(" ");
    ctx.warn(
      stmt.args[used]!.at,
      "VK0208",
      `Extra words after '${stmt.keyword.text}' ignored: '${extra}'`,
    );
  }
}

/** Read a value keyword's arguments by its shape; undefined when rejected. */
export function readValue(ctx: Ctx, stmt: Statement, spec: KeywordSpec): unknown {
  const shape = spec.shape;
  const a0 = stmt.args[0];
  const word = stmt.keyword.text;
  switch (shape.kind) {
    case "flag":
      if (a0 !== undefined && /^(false|off|no)$/.test(a0.text)) {
        ctx.warn(
          a0.at,
          "VK0208",
          `'${word}' takes no value; keepalived ignores '${a0.text}' and turns the option on`,
          `remove the line to leave '${word}' off`,
        );
        return true;
      }
      extraWords(ctx, stmt, 0);
      return true;
    case "bool":
      extraWords(ctx, stmt, 1);
      return readBool(ctx, a0?.text, a0?.at ?? stmt.keyword.at, word);
    case "int":
      extraWords(ctx, stmt, 1);
      return readInt(
        ctx,
        a0!.text,
        a0!.at,
        shape.min,
        shape.max,
        fallbackOf(spec),
        spec.onInvalid === "keep",
      );
    case "decimal":
      extraWords(ctx, stmt, 1);
      return readDecimal(ctx, a0!.text, a0!.at, shape.min, shape.max, fallbackOf(spec));
    case "word":
      extraWords(ctx, stmt, 1);
      return a0!.text;
    case "words":
    case "skip":
      return stmt.args.map((w) => w.text);
    case "enum":
      extraWords(ctx, stmt, 1);
      if (shape.values.includes(a0!.text)) return a0!.text;
      ctx.error(
        a0!.at,
        "VK0305",
        `Invalid value '${a0!.text}' for '${word}' (one of ${shape.values.join(", ")}); ${
          fallbackOf(spec)
        }`,
      );
      return undefined;
    case "address":
      extraWords(ctx, stmt, 1);
      return readAddress(ctx, stmt, shape.family, shape.multicast === true);
    case "command":
      return readCommand(ctx, stmt);
    default:
      return undefined;
  }
}

function readAddress(
  ctx: Ctx,
  stmt: Statement,
  family: "inet" | "inet6" | undefined,
  multicast: boolean,
): ParsedAddress | undefined {
  const w = stmt.args[0]!;
  const a = parseAddressIgnoringPrefix(ctx, w.text, w.at, stmt.keyword.text);
  const kw = stmt.keyword.text;
  if (a === undefined) {
    ctx.error(
      w.at,
      "VK0306",
      `Invalid address '${w.text}' for '${kw}'; keepalived ignores the line`,
    );
    return undefined;
  }
  if (family !== undefined && a.family !== family) {
    ctx.error(
      w.at,
      "VK0306",
      `'${kw}' needs an ${
        family === "inet" ? "IPv4" : "IPv6"
      } address, not '${w.text}'; keepalived ignores the line`,
    );
    return undefined;
  }
  if (multicast && !isMulticast(a)) {
    ctx.error(
      w.at,
      "VK0306",
      `'${kw}' needs a multicast address, not '${w.text}'; keepalived ignores the line`,
    );
    return undefined;
  }
  return a;
}

/**
 * Parse an address where keepalived accepts and drops a `/LEN` suffix (source addresses, unicast
 * peers, multicast groups); the dropped prefix is reported.
 */
export function parseAddressIgnoringPrefix(
  ctx: Ctx,
  text: string,
  at: Span,
  keyword: string,
): ParsedAddress | undefined {
  const slash = text.indexOf("/");
  const a = parseAddress(slash < 0 ? text : text.slice(0, slash), false);
  if (a !== undefined && slash >= 0) {
    ctx.warn(
      at,
      "VK0306",
      `'${keyword}' takes an address without a prefix; keepalived ignores '${text.slice(slash)}'`,
    );
  }
  return a;
}

/**
 * Report problems found while splitting a command, except those about the whole line's quotes,
 * which the lexer has reported already.
 */
export function reportCommandProblems(ctx: Ctx, stmt: Statement, problems: string[]): void {
  for (const p of new Set(problems)) {
    if (p.includes(stmt.raw)) continue;
    ctx.warn(stmt.keyword.at, "VK0212", `${p} in '${stmt.keyword.text}'`);
  }
}

/** Split a command keyword's raw line; report quoting problems. */
export function readCommand(ctx: Ctx, stmt: Statement): ScriptCommand | undefined {
  const { command, problems } = splitCommandChecked(stmt.raw);
  reportCommandProblems(ctx, stmt, problems);
  if (command.command === "" || command.argv.length === 0) {
    ctx.error(stmt.keyword.at, "VK0205", `'${stmt.keyword.text}' needs a command`);
    return undefined;
  }
  return command;
}
