/**
 * `vipkeeper run -f FILE`: load the configuration (keepalived.conf or YAML), refuse it with its
 * diagnostics if it has errors (nothing is touched), else run the VRRP agent in the foreground
 * until SIGTERM or SIGINT, then release as keepalived does and exit 0. SIGHUP reloads the
 * configuration; one with errors is refused and the running instances are left untouched.
 *
 * keepalived's flags that make sense here are accepted: `-f/--use-file`, `-n/--dont-fork`
 * (vipkeeper always stays in the foreground), `-l/--log-console` (always on), `-D/--log-detail`,
 * `-p/--pid FILE`, `-P/--vrrp` (vipkeeper only does VRRP), `-V/--dont-release-vrrp`,
 * `-i/--config-id ID`, `-G/--no-syslog`.
 *
 * SIGUSR1 and SIGUSR2 write keepalived's dump files (`lib/agent/dump.ts`): SIGUSR1 the data file
 * `keepalived.data` and the JSON dump `keepalived.json` (keepalived's SIGRTMIN+2, which Deno
 * cannot listen to; `vipkeeper status` reads it), SIGUSR2 the statistics file
 * `keepalived.stats`, in `$TMPDIR` when it is absolute,
 * else `/tmp` (or the `--dump-dir` directory), mode 0600, each written to a temporary name and
 * renamed so a reader never sees half a file.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { hasErrors } from "../config/diagnostic.ts";
import { denoConfigFs } from "../config/fs.ts";
import { loadAny } from "../config/yaml/load.ts";
import { consoleLogger } from "../agent/console_logger.ts";
import { DUMP_FILES, dumpDirectory, formatData, formatJson, formatStats } from "../agent/dump.ts";
import { createLinuxAgent } from "../agent/linux.ts";
import type { FfiBackend } from "../sys/ffi.ts";
import type { CliIo } from "./io.ts";
import { formatText } from "./lint.ts";

const USAGE = `Usage: vipkeeper run [-f FILE] [-p PIDFILE] [-i ID] [-V] [--ffi deno|ffi-rs]

  -f, --use-file FILE       configuration (default /etc/keepalived/keepalived.conf; .yaml/.yml
                            files are read as vipkeeper YAML)
  -p, --pid FILE            write the process id to FILE
  -i, --config-id ID        id for @ID conditional lines (default: host name)
  -V, --dont-release-vrrp   leave VIPs in place and send no priority-0 advert at shutdown
  --hook-timeout SECONDS    kill a notify hook still running after this long (default 30)
  --dump-dir DIR            where SIGUSR1/SIGUSR2 write keepalived.data / keepalived.stats
                            (default: $TMPDIR if absolute, else /tmp)
  --ffi deno|ffi-rs         FFI backend (default: $VIPKEEPER_FFI, else deno)
  -n, -l, -D, -P, -G        accepted for keepalived compatibility (always foreground, console log)
`;

/**
 * `vipkeeper run`: returns the exit code once the agent has stopped.
 *
 * @example
 * ```ts
 * import { runCommand } from "./run.ts";
 * import { bufferIo } from "./io.ts";
 * const io = bufferIo();
 * if (await runCommand(["--bogus"], io) !== 2) throw new Error("usage error");
 * ```
 */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        "use-file": { type: "string", short: "f" },
        pid: { type: "string", short: "p" },
        "config-id": { type: "string", short: "i" },
        "dont-release-vrrp": { type: "boolean", short: "V" },
        "hook-timeout": { type: "string" },
        "dump-dir": { type: "string" },
        ffi: { type: "string" },
        "dont-fork": { type: "boolean", short: "n" },
        "log-console": { type: "boolean", short: "l" },
        "log-detail": { type: "boolean", short: "D" },
        vrrp: { type: "boolean", short: "P" },
        "no-syslog": { type: "boolean", short: "G" },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    io.err(`vipkeeper run: ${e instanceof Error ? e.message : e}\n\n${USAGE}`);
    return 2;
  }
  const ffi = values.ffi;
  if (ffi !== undefined && ffi !== "deno" && ffi !== "ffi-rs") {
    io.err(`vipkeeper run: --ffi must be deno or ffi-rs, not '${ffi}'\n`);
    return 2;
  }
  const file = values["use-file"] ?? "/etc/keepalived/keepalived.conf";
  const configId = values["config-id"] ?? Deno.hostname().split(".")[0] ?? "";
  const { model, diagnostics } = await loadAny(file, { fs: denoConfigFs(), configId });
  for (const d of diagnostics) io.err(formatText(d));
  if (hasErrors(diagnostics)) {
    io.err(`vipkeeper run: ${file} has errors; nothing was started\n`);
    return 1;
  }
  const logger = consoleLogger({ write: (line) => io.err(line + "\n") });
  const hookTimeout = Number(values["hook-timeout"] ?? 30);
  const { agent, reload, shutdown } = await createLinuxAgent(model, {
    logger,
    ...(ffi ? { ffi: ffi as FfiBackend } : {}),
    ...(values["dont-release-vrrp"] ? { dontReleaseVrrp: true } : {}),
    hookTimeoutMs: hookTimeout * 1000,
  });
  if (values.pid !== undefined) await Deno.writeTextFile(values.pid, `${Deno.pid}\n`);
  const stopped = Promise.withResolvers<void>();
  const onSignal = () => {
    logger.info("Stopping");
    shutdown().then(stopped.resolve, stopped.reject);
  };
  let current = model;
  const dumpDir = values["dump-dir"] ?? dumpDirectory(Deno.env.get("TMPDIR"));
  const dump = (kinds: ("data" | "stats" | "json")[]) => () => {
    const status = agent.status();
    for (const kind of kinds) {
      const path = `${dumpDir}/${DUMP_FILES[kind]}`;
      const text = kind === "data"
        ? formatData(status, current)
        : kind === "json"
        ? formatJson(status, current)
        : formatStats(status);
      writeAtomically(path, text).then(
        () => logger.info(`Wrote ${path}`),
        (e) => logger.error(`Could not write ${path}: ${e instanceof Error ? e.message : e}`),
      );
    }
  };
  // keepalived writes its JSON dump on SIGRTMIN+2, which Deno cannot listen to: vipkeeper writes
  // it with the data file (`vipkeeper status` reads it).
  const onUsr1 = dump(["data", "json"]);
  const onUsr2 = dump(["stats"]);
  let reloading = Promise.resolve();
  const onHup = () => {
    reloading = reloading.then(async () => {
      logger.info(`Reloading ${file}`);
      const next = await loadAny(file, { fs: denoConfigFs(), configId });
      for (const d of next.diagnostics) logger.warn(formatText(d).trimEnd());
      if (hasErrors(next.diagnostics)) {
        logger.error(`${file} has errors; the running configuration is kept`);
        return;
      }
      await reload(next.model);
      current = next.model;
      logger.info("Reload complete");
    }).catch((e) => logger.error(`Reload failed: ${e instanceof Error ? e.message : e}`));
  };
  Deno.addSignalListener("SIGTERM", onSignal);
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGHUP", onHup);
  Deno.addSignalListener("SIGUSR1", onUsr1);
  Deno.addSignalListener("SIGUSR2", onUsr2);
  try {
    await agent.start();
    logger.info(`Startup complete (${model.instances.length} instances)`);
    await stopped.promise;
    await reloading;
    logger.info("Stopped vipkeeper");
    return 0;
  } catch (e) {
    logger.error(`vipkeeper run failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    await shutdown().catch(() => undefined);
    return 1;
  } finally {
    Deno.removeSignalListener("SIGTERM", onSignal);
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGHUP", onHup);
    Deno.removeSignalListener("SIGUSR1", onUsr1);
    Deno.removeSignalListener("SIGUSR2", onUsr2);
    if (values.pid !== undefined) await Deno.remove(values.pid).catch(() => undefined);
  }
}

/** Write `text` to a fresh temporary file (mode 0600) beside `path`, then rename it to `path`. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, text, { createNew: true, mode: 0o600 });
  try {
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => undefined);
    throw e;
  }
}
