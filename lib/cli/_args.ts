/**
 * The command-line prologue the file commands share: strict `parseArgs` with positionals and
 * `-h`/`--help`, the usage answer (help: usage on stdout, exit 0; a usage error: the message and
 * the usage on stderr, exit 2), and keepalived's default config id.
 *
 * @module
 */

import { parseArgs, type ParseArgsConfig } from "node:util";
import type { CliIo } from "./io.ts";

/** The options of a command, as `parseArgs` takes them. */
type Options = NonNullable<ParseArgsConfig["options"]>;

/** The `-h`/`--help` switch every command has. */
const HELP = { help: { type: "boolean", short: "h", default: false } } as const;

/** What `parseArgs` returns for `options` plus `--help`, strict, with positionals. */
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<
    { args: string[]; options: O & typeof HELP; allowPositionals: true; strict: true }
  >
>;

/** A command line read: the command's arguments, a request for help, or a usage error. */
export type CommandLine<A> = A | { help: true } | { error: string };

/**
 * Reads `args` strictly with positionals against `options` plus `-h`/`--help`; an unknown
 * option or a missing value becomes `{ error }`, `--help` becomes `{ help: true }`.
 *
 * @example
 * ```ts
 * import { parseCommandLine } from "./_args.ts";
 * const r = parseCommandLine(["a.conf", "--to", "yaml"], { to: { type: "string" } });
 * if (!("values" in r) || r.values.to !== "yaml" || r.positionals[0] !== "a.conf") {
 *   throw new Error();
 * }
 * if (!("error" in parseCommandLine(["--nope"], {}))) throw new Error();
 * ```
 */
export function parseCommandLine<O extends Options>(
  args: string[],
  options: O,
): Parsed<O> | { help: true } | { error: string } {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, ...HELP },
      allowPositionals: true,
      strict: true,
    }) as Parsed<O>;
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  return (parsed.values as { help?: boolean }).help ? { help: true } : parsed;
}

/**
 * Runs `command`'s work on its read arguments, or answers help (usage on stdout, exit 0) and
 * usage errors (`vipkeeper COMMAND: MESSAGE`, then the usage, on stderr, exit 2).
 *
 * @example
 * ```ts
 * import { withUsage } from "./_args.ts";
 * import { bufferIo } from "./io.ts";
 * const io = bufferIo();
 * const code = await withUsage("lint", "Usage: ...\n", { error: "no FILE" }, io, () => 0);
 * if (code !== 2 || io.stderr() !== "vipkeeper lint: no FILE\n\nUsage: ...\n") throw new Error();
 * ```
 */
export function withUsage<A extends object>(
  command: string,
  usage: string,
  line: CommandLine<A>,
  io: CliIo,
  run: (args: A) => number | Promise<number>,
): Promise<number> {
  if ("error" in line) {
    io.err(`vipkeeper ${command}: ${line.error}\n\n${usage}`);
    return Promise.resolve(2);
  }
  if ("help" in line) {
    io.out(usage);
    return Promise.resolve(0);
  }
  return Promise.resolve(run(line));
}

/**
 * keepalived's default config id: the host name up to the first dot (undefined when unknown).
 *
 * @example
 * ```ts
 * import { hostName } from "./_args.ts";
 * const id = hostName();
 * if (id !== undefined && id.includes(".")) throw new Error(id);
 * ```
 */
export function hostName(): string | undefined {
  try {
    return Deno.hostname().split(".")[0];
  } catch {
    return undefined;
  }
}
