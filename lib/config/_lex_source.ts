/**
 * Private: where the lexer's lines come from (spec §1.1 steps 1–3): a stack of frames (files,
 * queued include matches, `~SEQ`/`~LST` generators, replayed multi-line values), the brace-split
 * residue, and the body of a multi-line `$NAME=` definition being read. Most recently started
 * frame first, as keepalived does.
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";
import type { IncludeCheck, IncludedFile } from "./include.ts";
import { includeForm } from "./include.ts";
import { decomment } from "./_lex_line.ts";
import { atSpan, fromSource, type PosText } from "./_lex_text.ts";
import { byteLength, type Definition } from "./_lex_defs.ts";
import type { LineGenerator } from "./_lex_seq.ts";
import type { Reporter } from "./_lex_report.ts";

/** Deepest nesting of generators and multi-line replays (keepalived has no limit and loops). */
export const MAX_FRAMES = 256;

/** Most lines (read, generated or replayed) processed before giving up. */
export const MAX_STEPS = 2_000_000;

/** Longest physical line keepalived accepts, in bytes (its buffer holds 1023 plus a NUL). */
export const MAX_PHYSICAL_LINE = 1022;

/** One line on its way through the lexer. */
export interface Item {
  /** The text with its columns. */
  text: PosText;
  /** File of the line (the use site for generated and replayed lines). */
  file: string;
  /** Line number in that file. */
  line: number;
  /** A line read from a file whose first word is literally an include keyword. */
  literalInclude: boolean;
  /** An unterminated quote was already reported for this line. */
  quoteReported: boolean;
}

/** A file being read. */
export interface FileFrame {
  /** Always `file`. */
  kind: "file";
  /** Its path. */
  path: string;
  /** Its physical lines. */
  lines: string[];
  /** Index of the next line. */
  next: number;
  /** Include checks in force in this file (`include_check` changes them until the file ends). */
  checks: Set<IncludeCheck>;
}

type Frame =
  | FileFrame
  | { kind: "files"; queue: IncludedFile[]; checks: Set<IncludeCheck> }
  | { kind: "gen"; gen: LineGenerator; row: number; file: string; line: number }
  | {
    kind: "replay";
    lines: string[];
    next: number;
    file: string;
    line: number;
    column: number;
    endColumn: number;
  };

/**
 * The first word of a line (up to a blank or a double quote).
 *
 * @example
 * ```ts
 * import { firstWord } from "./_lex_source.ts";
 * if (firstWord("include a.conf") !== "include") throw new Error();
 * ```
 */
export function firstWord(s: string): string {
  const m = /^[^ \t\f\n\r\v"]*/.exec(s);
  return m ? m[0] : "";
}

/**
 * The stack of line sources.
 *
 * @example
 * ```ts
 * import { LineSource } from "./_lex_source.ts";
 * import { Reporter } from "./_lex_report.ts";
 * const src = new LineSource(new Reporter(), new Map());
 * src.openFile({ path: "a.conf", text: "kw 1 # c\n", invalidUtf8: false }, new Set());
 * if (src.next()?.text.s !== "kw 1") throw new Error();
 * ```
 */
export class LineSource {
  /** Every file opened, in order. */
  readonly files: string[] = [];
  readonly #r: Reporter;
  readonly #defs: Map<string, Definition>;
  readonly #frames: Frame[] = [];
  #residue: Item | undefined;
  #pendingDef: Definition | undefined;
  #steps = 0;

  /** Report through `r`; generator variables are set in `defs`. */
  constructor(r: Reporter, defs: Map<string, Definition>) {
    this.#r = r;
    this.#defs = defs;
  }

  /** Start reading a file (its lines come before the rest of the current source). */
  openFile(f: IncludedFile, checks: ReadonlySet<IncludeCheck>): void {
    this.files.push(f.path);
    let text = f.text;
    if (text.startsWith("\uFEFF")) {
      text = text.slice(1);
      this.#r.add({ file: f.path, line: 1, column: 1 }, "VK0108", f.path);
    }
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    if (f.invalidUtf8) {
      const at = Math.max(0, lines.findIndex((l) => l.includes("\uFFFD")));
      this.#r.add({ file: f.path, line: at + 1, column: 1 }, "VK0103", f.path);
    }
    this.#frames.push({ kind: "file", path: f.path, lines, next: 0, checks: new Set(checks) });
  }

  /** Queue the matches of an include, read one after the other. */
  queueFiles(queue: IncludedFile[], checks: Set<IncludeCheck>): void {
    if (queue.length) this.#frames.push({ kind: "files", queue, checks });
  }

  /** The innermost file being read. */
  currentFile(): FileFrame | undefined {
    for (let i = this.#frames.length - 1; i >= 0; i--) {
      const f = this.#frames[i]!;
      if (f.kind === "file") return f;
    }
    return undefined;
  }

  /** Paths of the files being read, outermost first. */
  chain(): string[] {
    return this.#frames.flatMap((f) => (f.kind === "file" ? [f.path] : []));
  }

  /** Read the brace-split rest of a line next. */
  setResidue(item: Item): void {
    this.#residue = item;
  }

  /** The following lines continue this multi-line definition. */
  startDefinition(def: Definition): void {
    this.#pendingDef = def;
  }

  /** Replay the remaining lines of multi-line values (the last one first); false when aborted. */
  pushReplays(
    replays: readonly { lines: string[]; column: number; endColumn: number }[],
    at: Span,
    text: string,
  ): boolean {
    if (this.#frames.length + replays.length > MAX_FRAMES) {
      this.abort(at, text);
      return false;
    }
    for (const rp of replays) {
      this.#frames.push({ kind: "replay", ...rp, next: 0, file: at.file, line: at.line });
    }
    return true;
  }

  /** Replay a generator's text once per row. */
  pushGenerator(gen: LineGenerator, at: Span, text: string): void {
    if (this.#frames.length >= MAX_FRAMES) {
      this.abort(at, text);
      return;
    }
    this.#frames.push({ kind: "gen", gen, row: 0, file: at.file, line: at.line });
  }

  /** Runaway expansion: report once and end the input. */
  abort(at: Span, detail: string): void {
    this.#r.add(at, "VK0129", detail);
    this.#frames.length = 0;
    this.#residue = undefined;
  }

  /** The next non-empty line that is not part of a multi-line definition, or undefined. */
  next(): Item | undefined {
    while (true) {
      const item = this.#source();
      if (!item) return undefined;
      if (++this.#steps > MAX_STEPS) {
        this.abort({ file: item.file, line: item.line, column: 1 }, `more than ${MAX_STEPS} lines`);
        return undefined;
      }
      // A line that is empty after comment removal is skipped, even inside a multi-line
      // definition; only a truly blank line ends one (see #physical).
      if (item.text.s === "") continue;
      if (this.#pendingDef) {
        this.#continueDefinition(item.text.s);
        continue;
      }
      return item;
    }
  }

  #source(): Item | undefined {
    if (this.#residue) {
      const r = this.#residue;
      this.#residue = undefined;
      return r;
    }
    while (true) {
      const top = this.#frames.at(-1);
      if (!top) return undefined;
      if (top.kind === "files") {
        const f = top.queue.shift();
        if (!f) this.#frames.pop();
        else this.openFile(f, top.checks);
        continue;
      }
      if (top.kind === "gen") {
        const row = top.gen.rows[top.row++];
        if (!row) {
          this.#frames.pop();
          continue;
        }
        top.gen.vars.forEach((v, i) =>
          this.#defs.set(v, { value: row[i] ?? "", multiline: false })
        );
        return generated(top.gen.text, top.file, top.line);
      }
      if (top.kind === "replay") {
        const line = top.lines[top.next++];
        if (line === undefined) {
          this.#frames.pop();
          continue;
        }
        return generated(atSpan(line, top.column, top.endColumn), top.file, top.line);
      }
      const raw = top.lines[top.next++];
      if (raw === undefined) {
        this.#frames.pop();
        continue;
      }
      const last = raw.charCodeAt(raw.length - 1);
      const line = last === 13 || last === 10 ? raw.replace(/[\r\n]+$/, "") : raw;
      const item = this.#physical(line, top.path, top.next);
      if (item) return item;
    }
  }

  #physical(raw: string, file: string, line: number): Item | undefined {
    const at = { file, line, column: 1 };
    if (raw.length > MAX_PHYSICAL_LINE / 3 && byteLength(raw) > MAX_PHYSICAL_LINE) {
      this.#r.add(at, "VK0101", String(byteLength(raw)));
      return undefined;
    }
    if (raw.includes("\0")) {
      this.#r.add(at, "VK0102", "");
      return undefined;
    }
    if (raw === "") {
      if (this.#pendingDef) this.#continueDefinition("");
      return undefined;
    }
    const d = decomment(fromSource(raw));
    if (d.unterminatedQuote) this.#r.add(at, "VK0104", d.text.s);
    for (const column of d.escapes) this.#r.add({ file, line, column }, "VK0131", raw);
    const literalInclude = d.text.s.startsWith("include") &&
      includeForm(firstWord(d.text.s)) !== undefined;
    return { text: d.text, file, line, literalInclude, quoteReported: d.unterminatedQuote };
  }

  #continueDefinition(s: string): void {
    const def = this.#pendingDef!;
    let body = s;
    const cont = s.endsWith("\\");
    if (cont) body = s.slice(0, -1).replace(/[ \t]+$/, "") + "\n";
    else {
      this.#pendingDef = undefined;
      if (def.value === "") def.multiline = false;
    }
    if (body.length >= 2 || (body.length > 0 && !cont)) def.value += body;
  }
}

function generated(text: PosText, file: string, line: number): Item {
  return { text, file, line, literalInclude: false, quoteReported: false };
}
