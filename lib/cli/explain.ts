/**
 * `vipkeeper explain FILE [--instance NAME] [--format text|json] [--config-id ID]`: for each
 * sync group and standalone instance, the ordered actions of every transition (start-up, to
 * MASTER, to BACKUP, to FAULT and back, stop, deleted by reload), measured on the real engine.
 * See docs/explain.md.
 *
 * @module
 */

import { hasErrors } from "../config/diagnostic.ts";
import { denoConfigFs } from "../config/fs.ts";
import { loadAny } from "../config/yaml/load.ts";
import { explainModel } from "../explain/explain.ts";
import { renderJson, renderText } from "../explain/render.ts";
import type { CliIo } from "./io.ts";
import { type CommandLine, parseCommandLine, withUsage } from "./_args.ts";
import { formatText } from "./lint.ts";

const USAGE = `Usage: vipkeeper explain FILE [--instance NAME] [--format text|json] [--config-id ID]

  --instance NAME      only this instance (a sync-group member: its group, with NAME as trigger)
  --format text|json   text (default) or the explanation as JSON on stdout
  --config-id ID       id for @ID conditional lines (default: host name)

Exit status: 0 explained, 1 the configuration has errors or NAME is unknown, 2 usage error.
`;

/**
 * `vipkeeper explain`: returns the exit code.
 *
 * @example
 * ```ts
 * import { explainCommand } from "./explain.ts";
 * import { bufferIo } from "./io.ts";
 * const io = bufferIo();
 * if (await explainCommand([], io) !== 2) throw new Error("no FILE is a usage error");
 * ```
 */
export function explainCommand(args: string[], io: CliIo): Promise<number> {
  return withUsage("explain", USAGE, parse(args), io, (parsed) => run(parsed, io));
}

/** Parsed command line of `explain`. */
interface ExplainArgs {
  file: string;
  format: "text" | "json";
  instance?: string;
  configId?: string;
}

function parse(args: string[]): CommandLine<ExplainArgs> {
  const line = parseCommandLine(args, {
    instance: { type: "string" },
    format: { type: "string", default: "text" },
    "config-id": { type: "string" },
  });
  if (!("values" in line)) return line;
  const { values, positionals } = line;
  if (values.format !== "text" && values.format !== "json") {
    return { error: `--format must be 'text' or 'json', not '${values.format}'` };
  }
  if (positionals.length !== 1) return { error: "give exactly one configuration file" };
  const out: ExplainArgs = { file: positionals[0] ?? "", format: values.format };
  if (values.instance !== undefined) out.instance = values.instance;
  if (values["config-id"] !== undefined) out.configId = values["config-id"];
  return out;
}

async function run(args: ExplainArgs, io: CliIo): Promise<number> {
  const fail = (message: string) => {
    io.err(`vipkeeper explain: ${message}\n`);
    return 1;
  };
  const file = args.file;
  const configId = args.configId ?? Deno.hostname().split(".")[0] ?? "";
  const { model, diagnostics } = await loadAny(file, { fs: denoConfigFs(), configId });
  for (const d of diagnostics) if (d.severity === "error") io.err(formatText(d));
  if (hasErrors(diagnostics)) return fail(`${file} has errors; nothing to explain`);
  const only = args.instance;
  if (only !== undefined && !model.instances.some((i) => i.name === only)) {
    return fail(`no vrrp_instance named '${only}' in ${file}`);
  }
  const explanation = explainModel(model, {
    diagnostics,
    ...(only !== undefined ? { instance: only } : {}),
  });
  io.out(args.format === "json" ? renderJson(explanation) : renderText(explanation));
  return 0;
}
