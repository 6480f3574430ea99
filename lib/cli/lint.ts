/**
 * `vipkeeper lint [--format text|json] [--cluster] [--config-id ID] [--no-host-checks] FILE...`:
 * load each configuration (keepalived.conf, or the YAML form for `.yaml`/`.yml`), run the
 * semantic lint rules (and, with `--cluster`, the cross-node checks), print the diagnostics, and
 * exit 0 (no errors), 1 (errors) or 2 (usage error or unreadable input). See docs/lint.md.
 *
 * @module
 */

import type { CliIo } from "./io.ts";
import { type CommandLine, hostName, parseCommandLine, withUsage } from "./_args.ts";
import { type Diagnostic, hasErrors, sortDiagnostics } from "../config/diagnostic.ts";
import { type ConfigFs, denoConfigFs } from "../config/fs.ts";
import { loadAny } from "../config/yaml/load.ts";
import type { HostInterface, LintContext } from "../config/lint/context.ts";
import { lintModel } from "../config/lint/rules.ts";
import { mergeDiagnostics } from "../config/lint/merge.ts";
import { type ClusterNode, lintCluster } from "../config/lint/cluster.ts";
import { denoSecurityFs } from "../notify/security.ts";

const USAGE =
  `Usage: vipkeeper lint [--format text|json] [--cluster] [--config-id ID] [--no-host-checks] FILE...

  --format text|json   text (default): file:line:col: severity[code]: message
                       json: one object {"files": [...], "diagnostics": [...]} on stdout
  --cluster            the files are the nodes of one cluster: cross-check them
                       (implies --no-host-checks)
  --config-id ID       id for @ID conditional lines (keepalived's -i; default: host name)
  --no-host-checks     skip checks against this host (interfaces, addresses, script files)

Exit status: 0 no errors, 1 errors, 2 usage error or unreadable input.
`;

/** Parsed command line of `lint`. */
interface LintArgs {
  format: "text" | "json";
  cluster: boolean;
  configId?: string;
  hostChecks: boolean;
  files: string[];
}

/**
 * `vipkeeper lint`: returns the exit code (0 clean or warnings only, 1 errors, 2 usage/unreadable).
 *
 * @example
 * ```ts
 * import { lintCommand } from "./lint.ts";
 * import { bufferIo } from "./io.ts";
 * const io = bufferIo();
 * const code = await lintCommand([], io); // no FILE: a usage error
 * if (code !== 2) throw new Error();
 * ```
 */
export function lintCommand(args: string[], io: CliIo): Promise<number> {
  return withUsage("lint", USAGE, parse(args), io, (parsed) => run(parsed, io));
}

function parse(args: string[]): CommandLine<LintArgs> {
  const line = parseCommandLine(args, {
    format: { type: "string", default: "text" },
    cluster: { type: "boolean", default: false },
    "config-id": { type: "string" },
    "no-host-checks": { type: "boolean", default: false },
  });
  if (!("values" in line)) return line;
  const { values, positionals } = line;
  if (values.format !== "text" && values.format !== "json") {
    return { error: `--format must be 'text' or 'json', not '${values.format}'` };
  }
  if (positionals.length === 0) return { error: "no configuration file given" };
  if (values.cluster && positionals.length < 2) {
    return { error: "--cluster needs at least two files" };
  }
  const out: LintArgs = {
    format: values.format,
    cluster: values.cluster,
    hostChecks: !values["no-host-checks"] && !values.cluster,
    files: positionals,
  };
  if (values["config-id"] !== undefined) out.configId = values["config-id"];
  return out;
}

async function run(args: LintArgs, io: CliIo): Promise<number> {
  const fs = denoConfigFs();
  const configId = args.configId ?? hostName();
  const host: Omit<LintContext, "tree" | "file"> = args.hostChecks
    ? { fs: denoSecurityFs, ...interfacesOrNothing() }
    : {};
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  const nodes: ClusterNode[] = [];
  let unreadable = false;
  for (const file of args.files) {
    const problem = unreadableReason(fs, file);
    if (problem !== undefined) {
      unreadable = true;
      io.err(`vipkeeper lint: cannot read '${file}': ${problem}\n`);
    }
    const options: { fs: typeof fs; configId?: string } = { fs };
    if (configId !== undefined) options.configId = configId;
    const loaded = await loadAny(file, options);
    for (const f of [file, ...loaded.tree.files]) if (!files.includes(f)) files.push(f);
    const lint = lintModel(loaded.model, { ...host, tree: loaded.tree, file });
    diagnostics.push(...mergeDiagnostics(loaded.diagnostics, lint));
    nodes.push({ file, model: loaded.model });
  }
  if (args.cluster) diagnostics.push(...lintCluster(nodes));
  const sorted = dedupe(sortDiagnostics(diagnostics));
  if (args.format === "json") {
    io.out(JSON.stringify({ files, diagnostics: sorted }, null, 2) + "\n");
  } else {
    io.out(sorted.map(formatText).join(""));
  }
  io.err(summary(sorted, args.files.length));
  if (unreadable) return 2;
  return hasErrors(sorted) ? 1 : 0;
}

/** Why a file given on the command line cannot be read, or undefined when it can. */
function unreadableReason(fs: ConfigFs, file: string): string | undefined {
  const info = fs.stat(file);
  if (!info.exists) return "no such file";
  if (!info.isFile) return "not a regular file";
  const read = fs.readText(file);
  return read.ok ? undefined : read.error;
}

/**
 * One diagnostic as text: `file:line:col: severity[code]: message`, then an indented hint line.
 *
 * @example
 * ```ts
 * import { formatText } from "./lint.ts";
 * const line = formatText({
 *   file: "k.conf", line: 3, column: 5, severity: "error", code: "VK0502", message: "No VRID",
 * });
 * if (line !== "k.conf:3:5: error[VK0502]: No VRID\n") throw new Error(line);
 * ```
 */
export function formatText(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${d.message}\n`;
  return d.hint === undefined ? head : `${head}    hint: ${d.hint}\n`;
}

function summary(list: readonly Diagnostic[], files: number): string {
  const count = (s: string) => list.filter((d) => d.severity === s).length;
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
  return `vipkeeper lint: ${n(count("error"), "error")}, ${n(count("warning"), "warning")}, ${
    n(count("info"), "info")
  } in ${n(files, "file")}\n`;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The host's interfaces (from /sys/class/net, no privileges) with addresses when Deno may see them. */
function interfacesOrNothing(): { interfaces?: HostInterface[] } {
  let names: string[];
  try {
    names = [...Deno.readDirSync("/sys/class/net")].map((e) => e.name);
  } catch {
    return {};
  }
  const addresses = new Map<string, string[]>();
  let known = false;
  try {
    for (const a of Deno.networkInterfaces()) {
      addresses.set(a.name, [
        ...(addresses.get(a.name) ?? []),
        a.address.split("%")[0] ?? a.address,
      ]);
    }
    known = true;
  } catch {
    // no --allow-sys: names only, so the address-owner check explains instead of checking
  }
  return {
    interfaces: names.map((name) =>
      known ? { name, addresses: addresses.get(name) ?? [] } : { name }
    ),
  };
}
