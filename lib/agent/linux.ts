/**
 * The composition root on Linux: the FFI C library, raw VRRP sockets, rtnetlink, GARP/NA, the
 * notify executor with its FIFOs, the trackers and the agent, wired together once.
 *
 * @module
 */

import type { Model } from "../config/model.ts";
import { systemClock } from "../notify/clock.ts";
import { NotifyExecutor } from "../notify/executor.ts";
import { openConfiguredFifos } from "../notify/fifo.ts";
import type { Logger } from "../notify/logger.ts";
import { denoSecurityFs } from "../notify/security.ts";
import { denoSpawner } from "../notify/spawner.ts";
import { readUserDb, resolveAccount, scriptRunAs } from "../notify/users.ts";
import { type FfiBackend, type Libc, loadLibc } from "../sys/ffi.ts";
import { openGarpSender } from "../sys/garp.ts";
import { sendUnsolicitedNa } from "../sys/ndisc.ts";
import { createTrackers } from "../track/trackers.ts";
import { Agent } from "./agent.ts";
import { systemAgentClock } from "./clock.ts";
import { NetlinkAddresses } from "./linux_addresses.ts";
import { LinuxVrrpNet } from "./linux_vrrp.ts";
import type { Announcer } from "./ports.ts";

/** Options of `createLinuxAgent`. */
export interface LinuxAgentOptions {
  /** Where log lines go. */
  logger: Logger;
  /** FFI backend (default: `VIPKEEPER_FFI`, else Deno.dlopen). */
  ffi?: FfiBackend;
  /** keepalived's `-V`. */
  dontReleaseVrrp?: boolean;
  /** Notify hook timeout in ms (default 30 000). */
  hookTimeoutMs?: number;
}

/** A Linux agent and the resources to release after it stopped. */
export interface LinuxAgent {
  /** The agent. */
  agent: Agent;
  /** Stop the agent (priority-0 adverts, VIPs removed, STOP hooks) and release everything. */
  shutdown(): Promise<void>;
}

/**
 * Build a Linux agent for `model` (needs root: raw sockets and address changes).
 *
 * @example
 * ```ts ignore
 * import { createLinuxAgent } from "./linux.ts";
 * import { consoleLogger } from "./console_logger.ts";
 * const { agent, shutdown } = await createLinuxAgent(model, { logger: consoleLogger() });
 * await agent.start();
 * Deno.addSignalListener("SIGTERM", () => void shutdown());
 * ```
 */
export async function createLinuxAgent(
  model: Model,
  options: LinuxAgentOptions,
): Promise<LinuxAgent> {
  const libc = await loadLibc(options.ffi ? { backend: options.ffi } : {});
  const { logger } = options;
  const db = readUserDb();
  const runAs = scriptRunAs({
    db,
    ...(model.globalDefs.scriptUser ? { scriptUser: model.globalDefs.scriptUser } : {}),
    enableScriptSecurity: model.globalDefs.enableScriptSecurity,
    self: { uid: Deno.uid() ?? 0, gid: Deno.gid() ?? 0 },
    path: Deno.env.get("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin",
    fs: denoSecurityFs,
  });
  const fifos = await openConfiguredFifos(model.globalDefs, {
    spawner: denoSpawner,
    clock: systemClock,
    logger,
    runAs,
    owner: (user, group) => {
      const r = resolveAccount(db, user, group);
      return "error" in r ? r : { uid: r.uid, gid: r.gid };
    },
  });
  const notifier = new NotifyExecutor({
    spawner: denoSpawner,
    clock: systemClock,
    logger,
    fifos,
    runAs,
    ...(options.hookTimeoutMs !== undefined ? { timeoutMs: options.hookTimeoutMs } : {}),
  });
  const addresses = new NetlinkAddresses(libc);
  const announcer = linuxAnnouncer(libc, logger);
  const agent = new Agent({
    model,
    clock: systemAgentClock,
    net: new LinuxVrrpNet(libc),
    addresses,
    announcer,
    notifier,
    logger,
    ...(options.dontReleaseVrrp ? { dontReleaseVrrp: true } : {}),
    trackers: (current, onChange, previousScripts) =>
      createTrackers(current, {
        spawner: denoSpawner,
        clock: systemClock,
        logger,
        runAs,
        firstStart: previousScripts === undefined,
        ...(previousScripts ? { previousScripts } : {}),
      }, onChange),
  });
  let done: Promise<void> | undefined;
  return {
    agent,
    shutdown() {
      done ??= (async () => {
        await agent.stop();
        await Promise.all(fifos.map((f) => f.close()));
        await addresses.close();
        announcer.close();
      })();
      return done;
    },
  };
}

function linuxAnnouncer(libc: Libc, logger: Logger): Announcer & { close(): void } {
  let garp: ReturnType<typeof openGarpSender> | undefined;
  return {
    announce(iface, family, address) {
      try {
        if (family === "inet") {
          garp ??= openGarpSender(libc);
          garp.send(iface, address);
        } else {
          sendUnsolicitedNa(libc, iface, address);
        }
      } catch (e) {
        logger.warn(
          `could not announce ${address} on ${iface}: ${e instanceof Error ? e.message : e}`,
        );
      }
      return Promise.resolve();
    },
    close() {
      garp?.close();
    },
  };
}
