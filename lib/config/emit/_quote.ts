/**
 * Private: quoting words so that keepalived's lexer reads them back unchanged.
 *
 * @module
 */

const NEEDS_QUOTES = /[\s#!"{}]/;

/**
 * A word as written in keepalived.conf: bare when it can be, else in double quotes. A word that
 * holds a double quote cannot be quoted in keepalived's syntax and is written bare.
 */
export function quoteWord(w: string): string {
  if (w === "") return '""';
  if (!NEEDS_QUOTES.test(w)) return w;
  return w.includes('"') ? w : `"${w}"`;
}

/**
 * A command string for keywords that re-split their line with script quoting (spec §1.4), where
 * both `"` and `'` group: double quotes when possible, single quotes when it holds a `"`.
 */
export function quoteCommand(command: string): string {
  if (command === "") return '""';
  if (!NEEDS_QUOTES.test(command) && !command.includes("'")) return command;
  if (!command.includes('"')) return `"${command}"`;
  return command.includes("'") ? command : `'${command}'`;
}
