/**
 * `track_file` (spec §2.3, §3.2): the file's value is `strtol(first ≤127 bytes, base 0)`; a
 * missing, unreadable or empty file reads 0; a value outside int32 is ignored (logged, the previous
 * value stays). The file is re-read whenever its directory reports a change (`Deno.watchFs`, i.e.
 * inotify), or every `pollMs` when watching is impossible (keepalived refuses such files; vipkeeper
 * polls and says so in the log). Each change of value is reported as `{ kind: "file", name, value }`,
 * and the first value at `start`.
 *
 * @module
 */

import type { TrackFile } from "../config/model.ts";
import type { Clock } from "../notify/clock.ts";
import type { Logger } from "../notify/logger.ts";
import { deliver } from "./_deliver.ts";
import type { Tracker, TrackerListener } from "./tracker.ts";

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/**
 * C's `strtol(text, NULL, 0)` limited to int32: leading white space, an optional sign, then hex
 * after `0x`, octal after `0`, else decimal, stopping at the first other character. No digits
 * gives 0. Returns `null` when the value does not fit in int32 (keepalived ignores it).
 *
 * @example
 * ```ts
 * import { parseTrackFileValue } from "./file.ts";
 * const values = ["  42\n", "-0x1A", "010", "7abc", "", "junk", "4294967296"].map(parseTrackFileValue);
 * if (values.join() !== "42,-26,8,7,0,0,") throw new Error(values.join());
 * ```
 */
export function parseTrackFileValue(text: string): number | null {
  let i = 0;
  while (i < text.length && " \t\n\v\f\r".includes(text[i]!)) i++;
  let negative = false;
  if (text[i] === "+" || text[i] === "-") negative = text[i++] === "-";
  let base = 10n;
  if (
    text[i] === "0" && (text[i + 1] === "x" || text[i + 1] === "X") && digit(text[i + 2], 16) >= 0
  ) {
    base = 16n;
    i += 2;
  } else if (text[i] === "0") base = 8n;
  let value = 0n;
  for (; i < text.length; i++) {
    const d = digit(text[i], Number(base));
    if (d < 0) break;
    value = value * base + BigInt(d);
    if (value > INT32_MAX + 1n) break; // already out of range; strtol would saturate
  }
  if (negative) value = -value;
  return value < INT32_MIN || value > INT32_MAX ? null : Number(value);
}

function digit(c: string | undefined, base: number): number {
  if (c === undefined) return -1;
  const d = parseInt(c, 36);
  return Number.isNaN(d) || d >= base ? -1 : d;
}

/**
 * Read a track file's value: its first 127 bytes through `parseTrackFileValue`; 0 when the file
 * is missing or unreadable.
 *
 * @example
 * ```ts
 * import { readTrackFile } from "./file.ts";
 * if (readTrackFile("/nonexistent/vipkeeper/value") !== 0) throw new Error();
 * ```
 */
export function readTrackFile(path: string): number | null {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch {
    return 0;
  }
  return parseTrackFileValue(String.fromCharCode(...bytes.subarray(0, 127)));
}

/**
 * `init_file [VALUE] [overwrite]`: at first start write `VALUE\n` when the file is absent, or
 * always with `overwrite`. Returns true when it wrote.
 *
 * @example
 * ```ts
 * import { initTrackFile } from "./file.ts";
 * const dir = Deno.makeTempDirSync();
 * initTrackFile(`${dir}/v`, { value: 5, overwrite: false });
 * if (Deno.readTextFileSync(`${dir}/v`) !== "5\n") throw new Error();
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function initTrackFile(path: string, init: { value: number; overwrite: boolean }): boolean {
  if (!init.overwrite) {
    try {
      Deno.lstatSync(path);
      return false;
    } catch {
      // absent: create it
    }
  }
  Deno.writeTextFileSync(path, `${init.value}\n`);
  return true;
}

/** Collaborators and settings of one file tracker. */
export interface FileTrackerOptions {
  /** The `track_file` block. */
  file: TrackFile;
  /** Runs the poll fallback. */
  clock: Clock;
  /** Log lines. */
  logger: Logger;
  /** Receives value changes. */
  onChange: TrackerListener;
  /** True at the agent's first start (not at reload): apply `init_file`. */
  firstStart?: boolean;
  /** Poll instead of watching (default: watch, poll only if watching fails). */
  poll?: boolean;
  /** Poll period in ms (default 1000). */
  pollMs?: number;
  /** Reads the value (default `readTrackFile`). */
  read?: (path: string) => number | null;
}

/**
 * Watches one track file and reports its value.
 *
 * @example
 * ```ts
 * import { FakeClock } from "../notify/fake_clock.ts";
 * import { silentLogger } from "../notify/logger.ts";
 * import { FileTracker } from "./file.ts";
 * const clock = new FakeClock();
 * let value = 3;
 * const seen: number[] = [];
 * const t = new FileTracker({
 *   file: { name: "f", file: "/x", weight: 1, reverse: false }, clock, logger: silentLogger,
 *   poll: true, read: () => value, onChange: (e) => { if (e.kind === "file") seen.push(e.value); },
 * });
 * t.start();
 * value = 4;
 * await clock.advance(1000);
 * await t.stop();
 * if (seen.join() !== "3,4") throw new Error(seen.join());
 * ```
 */
export class FileTracker implements Tracker {
  #o: FileTrackerOptions;
  #value: number | undefined;
  #watcher: Deno.FsWatcher | null = null;
  #cancelPoll: (() => void) | null = null;
  #stopped = false;

  /** Create the tracker (nothing is read until `start`). */
  constructor(options: FileTrackerOptions) {
    this.#o = options;
  }

  /** The last value reported (undefined before `start`). */
  get value(): number | undefined {
    return this.#value;
  }

  /** Apply `init_file` on first start, report the current value, then watch (or poll). */
  start(): void {
    const { file, logger } = this.#o;
    if (this.#o.firstStart && file.initFile) {
      try {
        if (initTrackFile(file.file, file.initFile)) {
          logger.info(`Track file ${file.name}: wrote initial value ${file.initFile.value}`);
        }
      } catch (e) {
        logger.error(`Track file ${file.name}: cannot write initial value to ${file.file}: ${e}`);
      }
    }
    this.#check();
    if (!this.#o.poll && this.#watch()) return;
    this.#schedulePoll();
  }

  /** Stop watching. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelPoll?.();
    try {
      this.#watcher?.close();
    } catch {
      // already closed
    }
    return Promise.resolve();
  }

  #watch(): boolean {
    const path = this.#o.file.file;
    const dir = path.slice(0, Math.max(1, path.lastIndexOf("/")));
    const base = path.slice(path.lastIndexOf("/") + 1);
    try {
      this.#watcher = Deno.watchFs(dir, { recursive: false });
    } catch (e) {
      this.#o.logger.warn(`Track file ${this.#o.file.name}: cannot watch ${dir} (${e}); polling`);
      return false;
    }
    const watcher = this.#watcher;
    void (async () => {
      try {
        for await (const ev of watcher) {
          if (ev.paths.some((p) => p === path || p.endsWith(`/${base}`))) this.#check();
        }
      } catch (e) {
        if (!this.#stopped) {
          this.#o.logger.warn(`Track file ${this.#o.file.name}: watch failed (${e}); polling`);
          this.#schedulePoll();
        }
      }
    })();
    return true;
  }

  #schedulePoll(): void {
    if (this.#stopped) return;
    this.#cancelPoll = this.#o.clock.setTimer(this.#o.pollMs ?? 1000, () => {
      this.#check();
      this.#schedulePoll();
    });
  }

  #check(): void {
    if (this.#stopped) return;
    const { file, logger } = this.#o;
    const value = (this.#o.read ?? readTrackFile)(file.file);
    if (value === null) {
      logger.warn(`Track file ${file.name}: value in ${file.file} is out of range; ignored`);
      return;
    }
    if (value === this.#value) return;
    this.#value = value;
    deliver(this.#o.onChange, { kind: "file", name: file.name, value }, this.#o.logger);
  }
}
