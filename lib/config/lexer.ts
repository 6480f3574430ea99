/**
 * The keepalived.conf lexer: physical lines in, logical lines (words with file, line and column)
 * out, with keepalived's processing of each line (spec §1.1): comments, `@id` conditions,
 * `$NAME=value` definitions and their expansion, `~SEQ`/`~LST` generators, literal `include`
 * lines, brace splitting and quoting. Diagnostics are returned, never logged or thrown.
 *
 * @module
 */

import { posix } from "node:path";
import type { Diagnostic, Span } from "./diagnostic.ts";
import type { ConfigFs } from "./fs.ts";
import type { Word } from "./syntax.ts";
import { braceSplit, decomment, tokenize } from "./_lex_line.ts";
import { endOf, fromSource, type PosText, slice, startOf, trimStart } from "./_lex_text.ts";
import {
  type Definition,
  expand,
  type ExpandEnv,
  parseDefinition,
  seededRandom,
  standardDefinitions,
} from "./_lex_defs.ts";
import { parseLst, parseSeq } from "./_lex_seq.ts";
import {
  absolute,
  applyIncludeCheck,
  type IncludeCheck,
  type IncludedFile,
  includeForm,
  openMainFile,
  resolveInclude,
} from "./include.ts";
import { Reporter } from "./_lex_report.ts";
import { firstWord, type Item, LineSource } from "./_lex_source.ts";

/** One logical line: a brace on its own, or the words of a line without unquoted braces. */
export interface LogicalLine {
  /** The words (empty for a brace line). */
  words: Word[];
  /** The line text after comment stripping and expansion, before word splitting. */
  raw: string;
  /** Where the line's text starts and ends. */
  at: Span;
  /** Set when the line is a lone `{` or `}`. */
  brace?: "{" | "}";
}

/** Options of the lexer (all optional but the file system). */
export interface LexOptions {
  /** Where files are read from. */
  fs: ConfigFs;
  /** Config id for `@id` lines and `${_INSTANCE}` (keepalived's `-i`); undefined matches none. */
  configId?: string;
  /** Seed of `${_RANDOM}` (default 0: deterministic; keepalived seeds from the clock). */
  randomSeed?: number;
  /** Environment for `${_ENV NAME}` (default empty). */
  env?: Record<string, string>;
  /** Default include checks (keepalived's `-e`/`--all-config` = all four). */
  includeChecks?: readonly IncludeCheck[];
}

/** What the lexer returns. */
export interface LexResult {
  /** Logical lines in order, includes inlined. */
  lines: LogicalLine[];
  /** Every file read, main file first. */
  files: string[];
  /** Problems found. */
  diagnostics: Diagnostic[];
}

/** Most logical lines one configuration may produce. */
export const MAX_LINES = 1_000_000;

/**
 * Lex a configuration file and everything it includes.
 *
 * @example
 * ```ts
 * import { lexConfig } from "./lexer.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * const fs = memoryConfigFs({ "/k.conf": "$P=100\nvrrp_instance VI { priority $P }\n" });
 * const { lines } = lexConfig("/k.conf", { fs });
 * if (lines.map((l) => l.raw).join("|") !== "vrrp_instance VI|{|priority 100|}") throw new Error();
 * ```
 */
export function lexConfig(path: string, options: LexOptions): LexResult {
  const opened = openMainFile(path, options.fs);
  if (!opened.file) return { lines: [], files: [], diagnostics: opened.diagnostics };
  return new Lexer(options).run(opened.file);
}

/**
 * Lex text given directly, as if it were the file `file` (includes are read from `fs`).
 *
 * @example
 * ```ts
 * import { lexText } from "./lexer.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * const { lines } = lexText("a b # c", "t.conf", { fs: memoryConfigFs({}) });
 * if (lines[0]?.words[1]?.at.column !== 3) throw new Error();
 * ```
 */
export function lexText(text: string, file: string, options: LexOptions): LexResult {
  return new Lexer(options).run({ path: file, text, invalidUtf8: false });
}

/** Logical lines produced while they are read, with the files and diagnostics so far. */
export interface LexStream {
  /** The logical lines (iterate once). */
  lines: Iterable<LogicalLine>;
  /** Every file read so far, main file first (complete once `lines` is exhausted). */
  readonly files: string[];
  /** Problems found so far (complete once `lines` is exhausted). */
  readonly diagnostics: Diagnostic[];
}

/**
 * Like `lexConfig`, but hands out lines as they are read so a consumer (the parser) does not
 * keep them all.
 *
 * @example
 * ```ts
 * import { lexConfigStream } from "./lexer.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * const s = lexConfigStream("/k.conf", { fs: memoryConfigFs({ "/k.conf": "a\nb\n" }) });
 * if ([...s.lines].length !== 2 || s.files[0] !== "/k.conf") throw new Error();
 * ```
 */
export function lexConfigStream(path: string, options: LexOptions): LexStream {
  const opened = openMainFile(path, options.fs);
  if (!opened.file) return { lines: [], files: [], diagnostics: opened.diagnostics };
  const lexer = new Lexer(options);
  return {
    lines: lexer.stream(opened.file),
    get files() {
      return lexer.files;
    },
    get diagnostics() {
      return lexer.diagnostics;
    },
  };
}

class Lexer {
  readonly #opts: LexOptions;
  readonly #r = new Reporter();
  readonly #defs: Map<string, Definition> = standardDefinitions();
  readonly #src = new LineSource(this.#r, this.#defs);
  readonly #random: () => number;
  readonly #pwd = new Map<string, string>();
  /** Keywords of the open blocks (only to know when a line is inside global_defs). */
  readonly #blocks: string[] = [];
  #lastKeyword: string | undefined;

  constructor(opts: LexOptions) {
    this.#opts = opts;
    this.#random = seededRandom(opts.randomSeed ?? 0);
  }

  run(main: IncludedFile): LexResult {
    const lines = [...this.stream(main)];
    return { lines, files: this.files, diagnostics: this.diagnostics };
  }

  get files(): string[] {
    return this.#src.files;
  }

  get diagnostics(): Diagnostic[] {
    return this.#r.diagnostics;
  }

  *stream(main: IncludedFile): Generator<LogicalLine> {
    this.#src.openFile(main, new Set(this.#opts.includeChecks ?? []));
    let count = 0;
    for (let item = this.#next(); item; item = this.#next()) {
      const out = this.#finish(item);
      if (!out) continue;
      if (++count > MAX_LINES) {
        this.#r.add(out.at, "VK0129", `more than ${MAX_LINES} lines`);
        return;
      }
      yield out;
    }
  }

  /** The next line after steps 1–7, or undefined at the end of input. */
  #next(): Item | undefined {
    for (let item = this.#src.next(); item; item = this.#src.next()) {
      const done = this.#process(item);
      if (done) return done;
    }
    return undefined;
  }

  #env(file: string): ExpandEnv {
    let pwd = this.#pwd.get(file);
    if (pwd === undefined) {
      pwd = posix.dirname(absolute(this.#opts.fs, file));
      this.#pwd.set(file, pwd);
    }
    return {
      defs: this.#defs,
      pwd,
      instance: this.#opts.configId ?? "",
      random: this.#random,
      env: this.#opts.env ?? {},
    };
  }

  /** Steps 4–7: conditions, definitions, generators, expansion. Undefined when consumed. */
  #process(item: Item): Item | undefined {
    let t = item.text;
    let quoteReported = item.quoteReported;
    for (let round = 0; round < 64; round++) {
      let recheck = false;
      if (t.s[0] === "@") {
        const rev = t.s[1] === "^";
        const ofs = rev ? 2 : 1;
        const sp = t.s.slice(ofs).search(/[ \t]/);
        if (sp < 0) {
          this.#r.add(spanAt(item, t, 0), "VK0143", t.s);
          return undefined;
        }
        const id = t.s.slice(ofs, ofs + sp);
        const match = this.#opts.configId !== undefined && id === this.#opts.configId;
        if (match === rev) return undefined;
        t = trimStart(slice(t, ofs + sp), " \t");
      }
      if (t.s[0] === "$") {
        const d = parseDefinition(t.s);
        if (d) {
          const def: Definition = { value: d.value, multiline: d.multiline };
          this.#defs.set(d.name, def);
          if (d.multiline) this.#src.startDefinition(def);
          return undefined;
        }
      }
      if (t.s.startsWith("~SEQ") || t.s.startsWith("~LST")) {
        this.#generator(t, item, spanAt(item, t, 0));
        return undefined;
      }
      if (t.s[0] === "~") break;
      if (t.s.includes("$")) {
        const e = expand(t, this.#env(item.file));
        for (const n of e.notes) this.#r.note(spanAt(item, t, n.index), n.kind, n.detail);
        if (!e.text) return undefined;
        if (!this.#src.pushReplays(e.replays, spanAt(item, t, 0), t.s)) return undefined;
        if (e.stopped) {
          t = e.text;
          break;
        }
        if (!e.changed) break;
        const d = decomment(e.text);
        if (d.unterminatedQuote && !quoteReported) {
          this.#r.add(spanAt(item, t, 0), "VK0104", d.text.s);
          quoteReported = true;
        }
        t = d.text;
        recheck = t.s[0] === "@" || t.s.includes("$");
      }
      if (!recheck) break;
    }
    if (t.s === "") return undefined;
    return { ...item, text: t, quoteReported };
  }

  #generator(t: PosText, item: Item, at: Span): void {
    const expandParams = (s: string) => {
      const e = expand(fromSource(s), this.#env(item.file));
      return e.replays.length > 0 ? undefined : e.text?.s ?? s;
    };
    const g = t.s.startsWith("~SEQ") ? parseSeq(t, expandParams) : parseLst(t);
    if ("error" in g) {
      this.#r.generator(at, g.error, t.s);
      return;
    }
    this.#src.pushGenerator(g, at, t.s);
  }

  /** Steps 8–11: include, brace split, words. */
  #finish(item: Item): LogicalLine | undefined {
    const keyword = item.text.s.startsWith("include") ? firstWord(item.text.s) : "";
    const form = includeForm(keyword);
    if (form) {
      // keepalived takes everything after the keyword and its blanks as the pattern, verbatim.
      const rest = trimStart(slice(item.text, keyword.length), " \t");
      const kwAt: Span = {
        file: item.file,
        line: item.line,
        column: startOf(item.text, 0),
        endColumn: endOf(item.text, keyword.length - 1),
      };
      if (!item.literalInclude) this.#r.add(kwAt, "VK0106", item.text.s);
      else if (rest.s === "") this.#r.add(kwAt, "VK0107", item.text.s);
      else {
        this.#include(rest.s, form, {
          file: item.file,
          line: item.line,
          column: startOf(rest, 0),
          endColumn: endOf(rest, rest.s.length - 1),
        });
      }
      return undefined;
    }
    const { head, residue } = braceSplit(item.text);
    if (residue) this.#src.setResidue({ ...item, text: residue, literalInclude: false });
    const span: Span = {
      file: item.file,
      line: item.line,
      column: startOf(head, 0),
      endColumn: endOf(head, head.s.length - 1),
    };
    if (head.s === "{" || head.s === "}") {
      if (head.s === "}") this.#blocks.pop();
      else if (this.#lastKeyword !== undefined) this.#blocks.push(this.#lastKeyword);
      this.#lastKeyword = undefined;
      return { words: [], raw: head.s, at: span, brace: head.s };
    }
    const tk = tokenize(head, item.file, item.line);
    if (tk.unmatched && !item.quoteReported) this.#r.add(span, "VK0105", head.s);
    const words = tk.words;
    if (words.length === 0) return undefined;
    const lastWord = words[words.length - 1]!;
    if (head.s.endsWith("\\") && !lastWord.quoted) this.#r.add(lastWord.at, "VK0130", head.s);
    this.#lastKeyword = words[0]!.text;
    if (words[0]!.text === "include_check" && this.#blocks.join(" ") === "global_defs") {
      // keepalived applies include_check while it reads global_defs, up to the end of the file.
      const file = this.#src.currentFile();
      if (file) {
        const r = applyIncludeCheck(file.checks, words.slice(1).map((w) => w.text));
        file.checks = r.checks;
        for (const p of r.problems) {
          this.#r.add(words[0]!.at, p.kind === "unknown" ? "VK0119" : "VK0109", p.word);
        }
      }
    }
    return { words, raw: head.s, at: span };
  }

  #include(pattern: string, form: readonly IncludeCheck[], at: Span): void {
    const file = this.#src.currentFile();
    if (!file) return;
    const checks = new Set([...file.checks, ...form]);
    const chain = this.#src.chain();
    const r = resolveInclude(pattern, {
      fs: this.#opts.fs,
      fromFile: file.path,
      checks,
      chain,
      at,
    });
    this.#r.push(r.diagnostics);
    this.#src.queueFiles(r.files, file.checks);
  }
}

function spanAt(item: Item, t: PosText, i: number): Span {
  return { file: item.file, line: item.line, column: startOf(t, i) };
}
