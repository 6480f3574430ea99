/**
 * The composition root on Linux: the FFI C library, raw VRRP sockets, rtnetlink, GARP/NA, the
 * notify executor with its FIFOs, the trackers and the agent, wired together once.
 *
 * @module
 */

import type { Model } from "../config/model.ts";
import { systemClock } from "../notify/clock.ts";
import { NotifyExecutor } from "../notify/executor.ts";
import { type ConfiguredFifoDeps, NotifyFifoSet } from "../notify/fifo_set.ts";
import type { Logger } from "../notify/logger.ts";
import { unchangedStateLines } from "../notify/reload_states.ts";
import { denoSecurityFs } from "../notify/security.ts";
import { denoSpawner } from "../notify/spawner.ts";
import { readUserDb, resolveAccount, scriptRunAs, type UserDb } from "../notify/users.ts";
import { type FfiBackend, type Libc, loadLibc } from "../sys/ffi.ts";
import { openGarpSender } from "../sys/garp.ts";
import { sendUnsolicitedNa } from "../sys/ndisc.ts";
import type { LinkInfo } from "../sys/netlink/route.ts";
import { createTrackers } from "../track/trackers.ts";
import { Agent } from "./agent.ts";
import { systemAgentClock } from "./clock.ts";
import { NetlinkAddresses } from "./linux_addresses.ts";
import { LinuxRoutes } from "./linux_routes.ts";
import { LinuxVmacs } from "./linux_vmac.ts";
import { LinuxVrrpNet } from "./linux_vrrp.ts";
import type { Announcer } from "./ports.ts";

/** When `malloc_trim` first runs (ms after start; the start-up burst is over), then how often. */
const FIRST_TRIM_MS = 3_000;
const TRIM_EVERY_MS = 10_000;

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
  /**
   * Take a new configuration (SIGHUP): re-read the user database, recompute who scripts run as
   * (`script_user`, `enable_script_security`), close the notify FIFOs that went away or changed
   * and open the new ones (a FIFO that cannot be opened is logged and skipped), hand both to the
   * notify executor and the trackers built from now on, then `agent.reload(model)`; with
   * `fifo_write_vrrp_states_on_reload`, finally write the unchanged states to the FIFOs.
   */
  reload(model: Model): Promise<void>;
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
  const startDb = readUserDb();
  let runAs = modelRunAs(model, startDb);
  const fifoDeps = (db: UserDb): ConfiguredFifoDeps => ({
    spawner: denoSpawner,
    clock: systemClock,
    logger,
    runAs,
    owner: (user, group) => {
      const r = resolveAccount(db, user, group);
      return "error" in r ? r : { uid: r.uid, gid: r.gid };
    },
  });
  const fifoSet = await NotifyFifoSet.open(model.globalDefs, fifoDeps(startDb));
  // glibc keeps the C heap that the runtime's threads freed (start-up, notify spawns, the FFI
  // polls) in their arenas; give it back 3 s after start and then every 10 s (about 5 MiB of
  // resident memory with 200 instances, docs/bench.md). On this thread: a trim takes 0.1–0.7 ms
  // here, while one on another thread (`mallocTrimElsewhere`) stalled adverts for 2–3 ms.
  const trim = () => {
    try {
      libc.mallocTrim();
    } catch {
      // not glibc: nothing to trim
    }
  };
  const firstTrim = setTimeout(trim, FIRST_TRIM_MS);
  const trims = setInterval(trim, TRIM_EVERY_MS);
  Deno.unrefTimer(firstTrim);
  Deno.unrefTimer(trims);
  const notifier = new NotifyExecutor({
    spawner: denoSpawner,
    clock: systemClock,
    logger,
    fifos: fifoSet.fifos,
    runAs,
    ...(options.hookTimeoutMs !== undefined ? { timeoutMs: options.hookTimeoutMs } : {}),
  });
  const addresses = new NetlinkAddresses(libc);
  addresses.warm();
  await addresses.warmRequests();
  const announcer = linuxAnnouncer(libc, logger, addresses);
  const routes = new LinuxRoutes(libc);
  const agent = new Agent({
    model,
    clock: systemAgentClock,
    net: new LinuxVrrpNet(libc),
    addresses,
    announcer,
    vmacs: new LinuxVmacs(libc, logger),
    routes,
    notifier,
    logger,
    ...(options.dontReleaseVrrp ? { dontReleaseVrrp: true } : {}),
    trackers: (current, onChange, previousScripts) =>
      createTrackers(current, {
        spawner: denoSpawner,
        clock: systemClock,
        logger,
        runAs, // read when the trackers are built: a reload's trackers get the new one
        firstStart: previousScripts === undefined,
        ...(previousScripts ? { previousScripts } : {}),
      }, onChange),
  });
  let done: Promise<void> | undefined;
  let reloading: Promise<void> = Promise.resolve();
  return {
    agent,
    reload(next) {
      const step = reloading.then(async () => {
        if (done) throw new Error("the agent is shutting down");
        const db = readUserDb();
        runAs = modelRunAs(next, db);
        const r = await fifoSet.reload(next.globalDefs, fifoDeps(db));
        const changed = [
          ...r.closed.map((p) => `${p} closed`),
          ...r.opened.map((p) => `${p} opened`),
        ];
        if (changed.length > 0) logger.info(`Notify FIFOs: ${changed.join(", ")}`);
        notifier.reconfigure({ fifos: fifoSet.fifos, runAs });
        const before = agent.status();
        await agent.reload(next);
        if (next.globalDefs.fifoWriteStatesOnReload) {
          for (const line of unchangedStateLines(before, agent.status())) notifier.writeFifos(line);
        }
      });
      reloading = step.catch(() => undefined);
      return step;
    },
    shutdown() {
      done ??= (async () => {
        clearTimeout(firstTrim);
        clearInterval(trims);
        await reloading;
        await agent.stop();
        await fifoSet.close();
        await addresses.close();
        await routes.close();
        announcer.close();
      })();
      return done;
    },
  };
}

/** Who scripts run as under `model`'s `script_user` and `enable_script_security`. */
function modelRunAs(model: Model, db: UserDb): ReturnType<typeof scriptRunAs> {
  const g = model.globalDefs;
  return scriptRunAs({
    db,
    ...(g.scriptUser ? { scriptUser: g.scriptUser } : {}),
    enableScriptSecurity: g.enableScriptSecurity,
    self: { uid: Deno.uid() ?? 0, gid: Deno.gid() ?? 0 },
    path: Deno.env.get("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin",
    fs: denoSecurityFs,
  });
}

/**
 * GARPs through one AF_PACKET socket and NAs; an interface's index and MAC come from the links
 * `links` knows from netlink events when it has them (no lookups on a takeover's way to its
 * first GARP), else from the kernel.
 */
function linuxAnnouncer(
  libc: Libc,
  logger: Logger,
  links: { knownLink(name: string): LinkInfo | undefined },
): Announcer & { close(): void } {
  let garp: ReturnType<typeof openGarpSender> | undefined;
  // Opened and warmed now: the first GARP of a takeover should not pay for either.
  try {
    garp = openGarpSender(libc);
    garp.warm();
  } catch {
    // opened on first use (and its failure logged then)
  }
  return {
    announce(iface, family, address) {
      try {
        if (family === "inet") {
          garp ??= openGarpSender(libc);
          const link = links.knownLink(iface);
          if (link?.mac !== undefined) garp.sendKnown(link.index, link.mac, address);
          else garp.send(iface, address);
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
    prime(iface, family, address) {
      const link = links.knownLink(iface);
      try {
        if (family === "inet" && link?.mac !== undefined) {
          garp?.prepare(link.index, link.mac, address);
        }
      } catch {
        // sent (and its failure logged) by announce
      }
    },
  };
}
