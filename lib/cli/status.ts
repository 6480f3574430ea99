/**
 * `vipkeeper status (-p PIDFILE | --process PID) [--dump-dir DIR] [--json] [--timeout S]`: asks a
 * running `vipkeeper run` for its state (SIGUSR1, on which it writes keepalived's dump files,
 * `keepalived.json` among them), waits for the fresh JSON dump and prints one line per instance,
 * or the dump itself with `--json`.
 *
 * @module
 */

import { DUMP_FILES, dumpDirectory } from "../agent/dump.ts";
import type { CliIo } from "./io.ts";
import { type CommandLine, parseCommandLine, withUsage } from "./_args.ts";

const USAGE =
  `Usage: vipkeeper status (-p PIDFILE | --process PID) [--dump-dir DIR] [--json] [--timeout S]

  -p, --pid FILE   the pid file \`vipkeeper run -p FILE\` wrote
  --process PID    the process id instead
  --dump-dir DIR   where it writes its dumps (its --dump-dir; default $TMPDIR if absolute, else /tmp)
  --json           print keepalived's JSON dump as it was written
  --timeout S      seconds to wait for the answer (default 3)

Exit status: 0 answered, 1 no such process or no answer in time, 2 usage error.
`;

interface StatusArgs {
  pidFile?: string;
  pid?: number;
  dir: string;
  json: boolean;
  timeoutMs: number;
}

/**
 * `vipkeeper status`: returns the exit code.
 *
 * @example
 * ```ts
 * import { statusCommand } from "./status.ts";
 * import { bufferIo } from "./io.ts";
 * const io = bufferIo();
 * if (await statusCommand([], io) !== 2) throw new Error("which process is a usage error");
 * ```
 */
export function statusCommand(args: string[], io: CliIo): Promise<number> {
  return withUsage("status", USAGE, parse(args), io, (a) => run(a, io));
}

function parse(args: string[]): CommandLine<StatusArgs> {
  const line = parseCommandLine(args, {
    pid: { type: "string", short: "p" },
    process: { type: "string" },
    "dump-dir": { type: "string" },
    json: { type: "boolean", default: false },
    timeout: { type: "string", default: "3" },
  });
  if (!("values" in line)) return line;
  const { values, positionals } = line;
  if (positionals.length > 0) return { error: `unexpected argument '${positionals[0]}'` };
  if ((values.pid === undefined) === (values.process === undefined)) {
    return { error: "give either -p PIDFILE or --process PID" };
  }
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) return { error: `--timeout must be a positive number of seconds` };
  const out: StatusArgs = {
    dir: (values["dump-dir"] as string | undefined) ?? dumpDirectory(Deno.env.get("TMPDIR")),
    json: values.json === true,
    timeoutMs: timeout * 1000,
  };
  if (values.pid !== undefined) out.pidFile = values.pid as string;
  if (values.process !== undefined) {
    const pid = Number(values.process);
    if (!Number.isInteger(pid) || pid <= 0) return { error: `--process needs a process id` };
    out.pid = pid;
  }
  return out;
}

async function run(a: StatusArgs, io: CliIo): Promise<number> {
  let pid = a.pid;
  if (a.pidFile !== undefined) {
    try {
      pid = Number((await Deno.readTextFile(a.pidFile)).trim());
    } catch (e) {
      io.err(`vipkeeper status: cannot read ${a.pidFile}: ${e instanceof Error ? e.message : e}\n`);
      return 1;
    }
  }
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) {
    io.err(`vipkeeper status: no process id in ${a.pidFile}\n`);
    return 1;
  }
  const path = `${a.dir}/${DUMP_FILES.json}`;
  const before = await mtime(path);
  try {
    Deno.kill(pid, "SIGUSR1");
  } catch (e) {
    io.err(
      `vipkeeper status: cannot signal process ${pid}: ${e instanceof Error ? e.message : e}\n`,
    );
    return 1;
  }
  const deadline = Date.now() + a.timeoutMs;
  for (;;) {
    const now = await mtime(path);
    if (now !== undefined && now !== before) break;
    if (Date.now() > deadline) {
      io.err(`vipkeeper status: process ${pid} wrote no ${path} within ${a.timeoutMs / 1000} s\n`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const text = await Deno.readTextFile(path);
  io.out(a.json ? text : formatStatusTable(JSON.parse(text)));
  return 0;
}

async function mtime(path: string): Promise<number | undefined> {
  try {
    return (await Deno.stat(path)).mtime?.getTime();
  } catch {
    return undefined;
  }
}

const STATES = ["INIT", "BACKUP", "MASTER", "FAULT"];

/**
 * One line per instance from keepalived's JSON dump (version 1, or 2's `{ vrrp: [...] }`).
 *
 * @example
 * ```ts
 * import { formatStatusTable } from "./status.ts";
 * const text = formatStatusTable([{ data: { iname: "VI_1", state: 2, vrid: 51,
 *   effective_priority: 150, base_priority: 150, ifp_ifname: "eth0", vips: ["192.0.2.1/24"] } }]);
 * if (!/^VI_1 +MASTER +51 +150 +150 +eth0 +192\.0\.2\.1\/24$/m.test(text)) throw new Error(text);
 * ```
 */
export function formatStatusTable(dump: unknown): string {
  const list = Array.isArray(dump) ? dump : (dump as { vrrp?: unknown[] })?.vrrp ?? [];
  const rows = [["INSTANCE", "STATE", "VRID", "PRIORITY", "BASE", "INTERFACE", "VIPS"]];
  for (const item of list) {
    const d = (item as { data?: Record<string, unknown> }).data ?? {};
    const vips = Array.isArray(d.vips) ? d.vips.map((v) => String(v).split(" ")[0]) : [];
    rows.push([
      String(d.iname ?? "?"),
      STATES[Number(d.state)] ?? String(d.state),
      String(d.vrid ?? ""),
      String(d.effective_priority ?? ""),
      String(d.base_priority ?? ""),
      String(d.ifp_ifname ?? ""),
      vips.join(",") || "-",
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd())
    .join("\n") + "\n";
}
