/**
 * Private: splitting a YAML scalar into keepalived words. Blanks separate words and `"..."`
 * groups (quotes removed), as keepalived's lexer does; each word keeps its offset in the text.
 *
 * @module
 */

/** One word of a scalar and its offset from the start of the scalar's text. */
export interface ScalarWord {
  /** The word, quotes removed. */
  text: string;
  /** Written in double quotes. */
  quoted: boolean;
  /** Offset of the word's first character in the scalar text. */
  offset: number;
}

const BLANK = /[ \t\n\r\f\v]/;

/** Split a scalar's text into words. */
export function splitWords(text: string): ScalarWord[] {
  const out: ScalarWord[] = [];
  let i = 0;
  while (i < text.length) {
    if (BLANK.test(text[i] ?? "")) {
      i++;
      continue;
    }
    const start = i;
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close === -1 ? text.length : close;
      out.push({ text: text.slice(i + 1, end), quoted: true, offset: start });
      i = end + 1;
      continue;
    }
    while (i < text.length && !BLANK.test(text[i] ?? "") && text[i] !== '"') i++;
    out.push({ text: text.slice(start, i), quoted: false, offset: start });
  }
  return out;
}
