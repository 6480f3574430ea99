/**
 * A logger that writes keepalived-style console lines (`Thu Nov 26 20:06:36 2026: message`)
 * to standard error.
 *
 * @module
 */

import type { Logger } from "../notify/logger.ts";

/** Options of `consoleLogger`. */
export interface ConsoleLoggerOptions {
  /** Where lines go (default: standard error). */
  write?: (line: string) => void;
  /** The clock for the timestamp (default: `new Date()`). */
  now?: () => Date;
}

/**
 * A logger with keepalived's console format; warnings and errors are prefixed.
 *
 * @example
 * ```ts
 * import { consoleLogger } from "./console_logger.ts";
 * const lines: string[] = [];
 * const log = consoleLogger({ write: (l) => lines.push(l), now: () => new Date(0) });
 * log.warn("Something");
 * if (!lines[0]?.endsWith(": WARNING - Something")) throw new Error(lines[0]);
 * ```
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const encoder = new TextEncoder();
  const write = options.write ??
    ((line: string) => void Deno.stderr.writeSync(encoder.encode(line + "\n")));
  const now = options.now ?? (() => new Date());
  const line = (prefix: string, message: string) => write(`${stamp(now())}: ${prefix}${message}`);
  return {
    info: (m) => line("", m),
    warn: (m) => line("WARNING - ", m),
    error: (m) => line("ERROR - ", m),
  };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${d.getFullYear()}`;
}
