/**
 * The logger that notify and trackers write to. The agent passes its own (anything with these
 * three methods fits); tests use `memoryLogger`.
 *
 * @module
 */

/** Where log lines go. Messages are complete sentences without a trailing newline. */
export interface Logger {
  /** Normal operation (a hook ran, a tracker changed). */
  info(message: string): void;
  /** Something the operator should look at (a timeout, a skipped run). */
  warn(message: string): void;
  /** A failure (a hook could not start). */
  error(message: string): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * A logger that keeps lines in memory as `level: message`, for tests.
 *
 * @example
 * ```ts
 * import { memoryLogger } from "./logger.ts";
 * const log = memoryLogger();
 * log.warn("Track script chk is already running");
 * if (log.lines[0] !== "warn: Track script chk is already running") throw new Error();
 * ```
 */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(`info: ${m}`),
    warn: (m) => void lines.push(`warn: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
  };
}
