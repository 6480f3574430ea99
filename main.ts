/**
 * The `vipkeeper` command line. Thin: it picks a subcommand and hands over its arguments.
 *
 * ```
 * vipkeeper lint [--format text|json] [--cluster] FILE...
 * vipkeeper convert FILE --to yaml|conf
 * vipkeeper explain FILE / run [-f FILE] / status -p PIDFILE
 * vipkeeper -t [-f FILE]          (keepalived's config test, mapped onto lint)
 * ```
 *
 * @module
 */

import { type CliIo, type Command, processIo } from "./lib/cli/io.ts";
import { lintCommand } from "./lib/cli/lint.ts";
import { convertCommand } from "./lib/cli/convert.ts";
import { runCommand } from "./lib/cli/run.ts";
import { explainCommand } from "./lib/cli/explain.ts";
import { statusCommand } from "./lib/cli/status.ts";

const VERSION = "0.1.0";

/** Subcommands by name (static imports only, so `deno compile` bundles them all). */
const commands: Record<string, Command> = {
  lint: lintCommand,
  convert: convertCommand,
  run: runCommand,
  explain: explainCommand,
  status: statusCommand,
};

const USAGE = `vipkeeper ${VERSION}: a keepalived-compatible VRRP agent

Usage:
  vipkeeper lint [--format text|json] [--cluster] [--config-id ID] [--no-host-checks] FILE...
  vipkeeper convert FILE --to yaml|conf [--config-id ID]
  vipkeeper explain FILE [--instance NAME] [--format text|json]   the ordered actions of every transition
  vipkeeper run [-f FILE] [-p PIDFILE] [-V]   run the VRRP agent in the foreground
  vipkeeper status (-p PIDFILE | --process PID) [--json]   the state of a running agent
  vipkeeper -t [-f FILE]    check a configuration as keepalived -t does (same as lint)
  vipkeeper --version | --help
`;

/**
 * Run the CLI with the given arguments; returns the exit code.
 *
 * @example
 * ```ts
 * import { bufferIo } from "./lib/cli/io.ts";
 * import { cli } from "./main.ts";
 * const io = bufferIo();
 * const code = await cli(["--version"], io);
 * if (code !== 0) throw new Error();
 * ```
 */
export function cli(args: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    io.out(USAGE);
    return Promise.resolve(first === undefined ? 2 : 0);
  }
  if (first === "-v" || first === "--version") {
    io.out(`vipkeeper ${VERSION}\n`);
    return Promise.resolve(0);
  }
  const keepalivedTest = args.some((a) => a === "-t" || a.startsWith("--config-test"));
  if (keepalivedTest) {
    return lintCommand(keepalivedFlagsToLint(args), io);
  }
  const command = commands[first];
  if (command === undefined) {
    io.err(`vipkeeper: unknown command '${first}'\n\n${USAGE}`);
    return Promise.resolve(2);
  }
  return command(rest, io);
}

/** Map keepalived's `-t -f FILE -i ID` onto `lint FILE --config-id ID`. */
function keepalivedFlagsToLint(args: string[]): string[] {
  const out: string[] = [];
  let file = "/etc/keepalived/keepalived.conf";
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "-f" || a === "--use-file") file = args[++i] ?? file;
    else if (a.startsWith("--use-file=")) file = a.slice("--use-file=".length);
    else if (a === "-i" || a === "--config-id") out.push("--config-id", args[++i] ?? "");
    else if (a.startsWith("--config-id=")) out.push("--config-id", a.slice(12));
  }
  out.push(file);
  return out;
}

if (import.meta.main) {
  Deno.exit(await cli(Deno.args, processIo));
}
