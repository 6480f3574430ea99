/**
 * Splitting of keywords that hold a command (`notify*`, `script`, `*_fifo_script`, ...), as
 * keepalived does it (spec §1.4, checked against 2.2.7's `alloc_strvec_quoted_escaped`): the raw
 * line is split into keyword, command string, user and group, and the command string is split
 * again into argv. Both splits use the same rules: blanks separate words, `"..."` and `'...'`
 * group (quotes removed, also in the middle of a word), backslash escapes are decoded. So quotes
 * and escapes are processed twice for the command. No shell is involved.
 *
 * @module
 */

import type { ScriptCommand } from "./model.ts";

const BLANKS = " \t\f\n\r\v";

/** A split command plus the problems found while splitting (empty when clean). */
export interface CheckedCommand {
  /** The command as far as it could be split. */
  command: ScriptCommand;
  /** Sentence-case messages (unterminated quote, `\` at the end, ...). */
  problems: string[];
}

/**
 * Split a raw command line (`keyword "command args" [user [[:]group]]`) into a `ScriptCommand`.
 *
 * @example
 * ```ts
 * import { splitCommand } from "./command.ts";
 * const c = splitCommand(`notify "/path/s.sh a 'b c'" user grp`);
 * if (c.argv.join("|") !== "/path/s.sh|a|b c" || c.user !== "user" || c.group !== "grp") {
 *   throw new Error();
 * }
 * ```
 */
export function splitCommand(raw: string): ScriptCommand {
  return splitCommandChecked(raw).command;
}

/**
 * Like `splitCommand`, and also report what keepalived would complain about.
 *
 * @example
 * ```ts
 * import { splitCommandChecked } from "./command.ts";
 * const { problems } = splitCommandChecked(`script "/bin/true 'x"`);
 * if (problems.length !== 1) throw new Error();
 * ```
 */
export function splitCommandChecked(raw: string): CheckedCommand {
  const problems: string[] = [];
  const words = splitArgv(raw, problems);
  const commandText = words[1] ?? "";
  const command: ScriptCommand = { command: commandText, argv: splitArgv(commandText, problems) };
  const user = words[2];
  if (user !== undefined) command.user = user;
  const group = words[3];
  if (group !== undefined) {
    const g = group.startsWith(":") ? group.slice(1) : group;
    if (g !== "") command.group = g;
  }
  return { command, problems };
}

/**
 * Split text into words: blanks separate words, `"..."` and `'...'` group (quotes removed, also
 * mid-word), backslash escapes decoded (in and out of quotes): `\a \b \E \f \n \r \t \v`,
 * `\ooo` (1–3 octal digits), `\xH...` (all following hex digits, low byte kept), `\cC`
 * (control character), any other `\C` is `C`.
 *
 * @example
 * ```ts
 * import { splitArgv } from "./command.ts";
 * if (splitArgv(`a"b c"d \\x41\\101`).join("|") !== "ab cd|AA") throw new Error();
 * ```
 */
export function splitArgv(text: string, problems: string[] = []): string[] {
  const argv: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && BLANKS.includes(text[i]!)) i++;
    if (i >= n) break;
    let word = "";
    let quote = "";
    while (i < n) {
      const c = text[i]!;
      if (c === "\\") {
        if (i + 1 >= n) {
          problems.push(`Missing escape character at the end of '${text}'`);
          i++;
          break;
        }
        const [ch, next] = decodeEscape(text, i + 1);
        word += ch;
        i = next;
        continue;
      }
      if (quote) {
        if (c === quote) quote = "";
        else word += c;
        i++;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        i++;
        continue;
      }
      if (BLANKS.includes(c)) break;
      word += c;
      i++;
    }
    if (quote) problems.push(`Missing terminating ${quote} in '${text}'`);
    argv.push(word);
  }
  return argv;
}

const SIMPLE: Record<string, string> = {
  a: "\x07",
  b: "\b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Fa-f]$/.test(c);
}

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "7";
}

/** Decode the escape whose letter is at `at`; returns the character and the index after it. */
function decodeEscape(s: string, at: number): [string, number] {
  const c = s[at]!;
  if (c === "x" && isHex(s[at + 1])) {
    // keepalived shifts every following hex digit into one char: only the low byte survives.
    let j = at + 1;
    let v = 0;
    while (isHex(s[j])) v = ((v << 4) | parseInt(s[j++]!, 16)) & 0xff;
    return [String.fromCharCode(v), j];
  }
  if (c === "c" && at + 1 < s.length) {
    return [String.fromCharCode(s.charCodeAt(at + 1) & 0x1f), at + 2];
  }
  if (isOctal(c)) {
    let j = at;
    let v = 0;
    while (j < at + 3 && isOctal(s[j])) v = v * 8 + (s.charCodeAt(j++) - 48);
    return [String.fromCharCode(v & 0xff), j];
  }
  return [SIMPLE[c] ?? c, at + 1];
}
