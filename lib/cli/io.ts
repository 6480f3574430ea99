/**
 * What a CLI command may touch: its output streams, a file reader and the environment. `main.ts`
 * passes the real ones; tests pass buffers.
 *
 * @module
 */

/** Output and input of a CLI command. */
export interface CliIo {
  /** Write text to standard output (no newline added). */
  out(text: string): void;
  /** Write text to standard error (no newline added). */
  err(text: string): void;
}

/** A CLI subcommand: takes its arguments (after the subcommand name), returns the exit code. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * An in-memory `CliIo` for tests.
 *
 * @example
 * ```ts
 * import { bufferIo } from "./io.ts";
 * const io = bufferIo();
 * io.out("hello\n");
 * if (io.stdout() !== "hello\n") throw new Error();
 * ```
 */
export function bufferIo(): CliIo & { stdout(): string; stderr(): string } {
  let o = "";
  let e = "";
  return {
    out: (t) => void (o += t),
    err: (t) => void (e += t),
    stdout: () => o,
    stderr: () => e,
  };
}

/** The `CliIo` of the process: Deno's stdout and stderr. */
export const processIo: CliIo = {
  out: (t) => void Deno.stdout.writeSync(new TextEncoder().encode(t)),
  err: (t) => void Deno.stderr.writeSync(new TextEncoder().encode(t)),
};
