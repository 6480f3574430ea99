/**
 * `vipkeeper convert FILE --to yaml|conf [--config-id ID]`: read a configuration in either form
 * (YAML when FILE ends in `.yaml`/`.yml`), validate it, and write it in the requested form to
 * standard output. Diagnostics go to standard error. Exit 0 when written, 1 when the input has
 * errors (nothing written), 2 for usage errors and unreadable input. See docs/yaml.md.
 *
 * @module
 */

import type { CliIo } from "./io.ts";
import { type CommandLine, hostName, parseCommandLine, withUsage } from "./_args.ts";
import { type Diagnostic, hasErrors, sortDiagnostics } from "../config/diagnostic.ts";
import { denoConfigFs } from "../config/fs.ts";
import { loadAny } from "../config/yaml/load.ts";
import { emitConf } from "../config/emit/conf.ts";
import { emitYaml } from "../config/emit/yaml.ts";

const USAGE = `Usage: vipkeeper convert FILE --to yaml|conf [--config-id ID]

  FILE              a keepalived.conf, or YAML when its name ends in .yaml or .yml
  --to yaml|conf    the form to write to standard output
  --config-id ID    id for @ID conditional lines (keepalived's -i; default: host name)

Exit status: 0 written, 1 the input has errors (nothing written), 2 usage error or unreadable input.
`;

interface ConvertArgs {
  file: string;
  to: "yaml" | "conf";
  configId?: string;
}

function parse(args: string[]): CommandLine<ConvertArgs> {
  const line = parseCommandLine(args, {
    to: { type: "string" },
    "config-id": { type: "string" },
  });
  if (!("values" in line)) return line;
  const { values, positionals } = line;
  if (positionals.length !== 1) {
    return {
      error: positionals.length === 0 ? "no configuration file given" : "give exactly one FILE",
    };
  }
  if (values.to !== "yaml" && values.to !== "conf") {
    return {
      error: values.to === undefined
        ? "--to yaml|conf is required"
        : `--to must be 'yaml' or 'conf', not '${values.to}'`,
    };
  }
  const out: ConvertArgs = { file: positionals[0] ?? "", to: values.to };
  if (values["config-id"] !== undefined) out.configId = values["config-id"];
  return out;
}

function formatText(d: Diagnostic): string {
  const hint = d.hint === undefined ? "" : ` (${d.hint})`;
  return `${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${d.message}${hint}\n`;
}

/**
 * `vipkeeper convert`: returns the exit code.
 *
 * @example
 * ```ts
 * import { convertCommand } from "./convert.ts";
 * import { bufferIo } from "./io.ts";
 * const io = bufferIo();
 * const code = await convertCommand(["a.conf"], io); // no --to: a usage error
 * if (code !== 2) throw new Error();
 * ```
 */
export function convertCommand(args: string[], io: CliIo): Promise<number> {
  return withUsage("convert", USAGE, parse(args), io, (parsed) => run(parsed, io));
}

async function run(args: ConvertArgs, io: CliIo): Promise<number> {
  const fs = denoConfigFs();
  const info = fs.stat(args.file);
  const read = info.isFile ? fs.readText(args.file) : undefined;
  if (read === undefined || !read.ok) {
    const why = read !== undefined
      ? read.error
      : info.exists
      ? "not a regular file"
      : "no such file";
    io.err(`vipkeeper convert: cannot read '${args.file}': ${why}\n`);
    return 2;
  }
  const configId = args.configId ?? hostName();
  const loaded = await loadAny(args.file, configId === undefined ? { fs } : { fs, configId });
  const diagnostics = sortDiagnostics(loaded.diagnostics);
  io.err(diagnostics.map(formatText).join(""));
  if (hasErrors(diagnostics)) {
    io.err(`vipkeeper convert: '${args.file}' has errors; nothing written\n`);
    return 1;
  }
  io.out(args.to === "yaml" ? emitYaml(loaded.model) : emitConf(loaded.model));
  return 0;
}
