/**
 * Private: quoting words so that keepalived's lexer reads them back unchanged.
 *
 * @module
 */

const NEEDS_QUOTES = /[\s#!"{}]/;

/**
 * A word as written in keepalived.conf: bare when it can be, else in double quotes. keepalived's
 * word splitter has no escapes, so a word that holds a double quote cannot be quoted and is
 * written bare.
 */
export function quoteWord(w: string): string {
  if (w === "") return '""';
  if (!NEEDS_QUOTES.test(w)) return w;
  return w.includes('"') ? w : `"${w}"`;
}

/**
 * A word of a command line (the command string, its user and group), which keepalived splits with
 * script quoting (spec §1.4): `"` and `'` group and backslash escapes are decoded, so any text can
 * be written in double quotes with `\` and `"` escaped.
 */
export function quoteCommand(command: string): string {
  if (command === "") return '""';
  if (!NEEDS_QUOTES.test(command) && !/['\\]/.test(command)) return command;
  return `"${command.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
