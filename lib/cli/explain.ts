/**
 * `vipkeeper explain FILE [--instance NAME] [--format text|json] [--config-id ID]`: for each
 * sync group and standalone instance, the ordered actions of every transition (start-up, to
 * MASTER, to BACKUP, to FAULT and back, stop, deleted by reload), measured on the real engine.
 * See docs/explain.md.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { hasErrors } from "../config/diagnostic.ts";
import { denoConfigFs } from "../config/fs.ts";
import { loadAny } from "../config/yaml/load.ts";
import { explainModel } from "../explain/explain.ts";
import { renderJson, renderText } from "../explain/render.ts";
import type { CliIo } from "./io.ts";
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
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        instance: { type: "string" },
        format: { type: "string", default: "text" },
        "config-id": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    io.err(`vipkeeper explain: ${e instanceof Error ? e.message : e}\n\n${USAGE}`);
    return Promise.resolve(2);
  }
  if (values.help) {
    io.out(USAGE);
    return Promise.resolve(0);
  }
  const fail = (message: string, code: number) => {
    io.err(`vipkeeper explain: ${message}\n${code === 2 ? `\n${USAGE}` : ""}`);
    return Promise.resolve(code);
  };
  if (values.format !== "text" && values.format !== "json") {
    return fail(`--format must be 'text' or 'json', not '${values.format}'`, 2);
  }
  if (positionals.length !== 1) return fail("give exactly one configuration file", 2);
  const file = positionals[0] ?? "";
  const configId = values["config-id"] ?? Deno.hostname().split(".")[0] ?? "";
  const { model, diagnostics } = loadAny(file, { fs: denoConfigFs(), configId });
  for (const d of diagnostics) if (d.severity === "error") io.err(formatText(d));
  if (hasErrors(diagnostics)) return fail(`${file} has errors; nothing to explain`, 1);
  const only = values.instance;
  if (only !== undefined && !model.instances.some((i) => i.name === only)) {
    return fail(`no vrrp_instance named '${only}' in ${file}`, 1);
  }
  const explanation = explainModel(model, {
    diagnostics,
    ...(only !== undefined ? { instance: only } : {}),
  });
  io.out(values.format === "json" ? renderJson(explanation) : renderText(explanation));
  return Promise.resolve(0);
}
