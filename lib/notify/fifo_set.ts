/**
 * The configured notify FIFOs (`notify_fifo` and `vrrp_notify_fifo`, each with its
 * `*_fifo_script`) as one set that a reload can change (spec §5.4, §7.3).
 *
 * keepalived closes every FIFO at a reload and opens them again from the new configuration,
 * restarting their scripts. vipkeeper compares instead: a FIFO whose path, script (argv, user,
 * group) and script identity (what `script_user` / `enable_script_security` decide for it) are
 * unchanged stays open and its script keeps running, so its reader loses nothing; a FIFO that
 * went away or changed is closed (its reader sees end-of-file, the script gets its grace period,
 * see `./fifo.ts`), and new or changed ones are opened. A FIFO that cannot be opened is logged as
 * an error and left out; the others, and the agent, carry on. A changed owner alone changes
 * nothing: the owner applies only when vipkeeper creates the FIFO.
 *
 * @module
 */

import type { GlobalDefs, ScriptCommand } from "../config/model.ts";
import type { Clock } from "./clock.ts";
import type { RunAsDecision } from "./executor.ts";
import { type FifoOptions, NotifyFifo } from "./fifo.ts";
import type { Logger } from "./logger.ts";
import type { Spawner } from "./spawner.ts";

/** The `global_defs` settings that describe the FIFOs. */
export type FifoGlobals = Partial<
  Pick<GlobalDefs, "notifyFifo" | "notifyFifoScript" | "vrrpNotifyFifo" | "vrrpNotifyFifoScript">
>;

/** What opening the configured FIFOs needs besides the global settings. */
export interface ConfiguredFifoDeps {
  /** Starts FIFO scripts. */
  spawner: Spawner;
  /** Waits on close. */
  clock: Clock;
  /** Log lines. */
  logger: Logger;
  /** Resolves a FIFO's `user [group]` owner to ids (e.g. `resolveAccount` of `./users.ts`). */
  owner?: (user: string, group?: string) => { uid: number; gid: number } | { error: string };
  /** Identity of the FIFO scripts. */
  runAs?: (command: ScriptCommand) => RunAsDecision;
  /** Milliseconds a FIFO script gets to exit at close (default: `NotifyFifo`'s 1000). */
  graceMs?: number;
}

/** What a `reload` did, by FIFO path. */
export interface FifoReload {
  /** FIFOs left open (their scripts keep running). */
  kept: string[];
  /** FIFOs closed because they went away or changed. */
  closed: string[];
  /** FIFOs opened (new or changed). */
  opened: string[];
  /** FIFOs that should be open but could not be opened (logged as errors). */
  failed: string[];
}

type SlotName = "notify_fifo" | "vrrp_notify_fifo";

interface Wanted {
  slot: SlotName;
  path: string;
  key: string;
  options: FifoOptions;
}

/**
 * The open configured FIFOs. Hand `fifos` to the executor; call `reload` with a new
 * configuration's `global_defs`, then hand it the new `fifos`.
 *
 * @example
 * ```ts
 * import { NotifyFifoSet } from "./fifo_set.ts";
 * import { systemClock } from "./clock.ts";
 * import { silentLogger } from "./logger.ts";
 * import { denoSpawner } from "./spawner.ts";
 * const dir = Deno.makeTempDirSync();
 * const deps = { spawner: denoSpawner, clock: systemClock, logger: silentLogger };
 * const set = await NotifyFifoSet.open({ notifyFifo: { path: `${dir}/a` } }, deps);
 * const r = await set.reload({ notifyFifo: { path: `${dir}/b` } }, deps);
 * if (r.closed[0] !== `${dir}/a` || set.fifos[0]?.path !== `${dir}/b`) throw new Error();
 * await set.close();
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export class NotifyFifoSet {
  #open = new Map<SlotName, { key: string; fifo: NotifyFifo }>();

  private constructor() {}

  /** Open the FIFOs of `globals`; one that cannot be opened is logged and left out. */
  static async open(globals: FifoGlobals, deps: ConfiguredFifoDeps): Promise<NotifyFifoSet> {
    const set = new NotifyFifoSet();
    await set.reload(globals, deps);
    return set;
  }

  /** The open FIFOs, `notify_fifo` first. */
  get fifos(): NotifyFifo[] {
    return (["notify_fifo", "vrrp_notify_fifo"] as const).flatMap((s) => {
      const f = this.#open.get(s);
      return f ? [f.fifo] : [];
    });
  }

  /**
   * Match the open FIFOs to `globals` (with `deps.runAs` deciding the scripts' identity): keep
   * the unchanged ones, close those that went away or changed, then open the new ones. Never
   * throws for a FIFO that cannot be opened: it is logged and reported in `failed`.
   */
  async reload(globals: FifoGlobals, deps: ConfiguredFifoDeps): Promise<FifoReload> {
    const wanted = wantedFifos(globals, deps);
    const result: FifoReload = { kept: [], closed: [], opened: [], failed: [] };
    const closing: NotifyFifo[] = [];
    const opening: Wanted[] = [];
    for (const slot of ["notify_fifo", "vrrp_notify_fifo"] as const) {
      const cur = this.#open.get(slot);
      const want = wanted.find((w) => w.slot === slot);
      if (cur && want && cur.key === want.key) {
        result.kept.push(cur.fifo.path);
        continue;
      }
      if (cur) {
        this.#open.delete(slot);
        closing.push(cur.fifo);
      }
      if (want) opening.push(want);
    }
    // Closed first: a changed FIFO may be reopened at the same path with another script, whose
    // predecessor must have seen end-of-file first.
    await Promise.all(closing.map(async (f) => {
      await f.close();
      deps.logger.info(`Notify FIFO ${f.path} closed`);
    }));
    result.closed.push(...closing.map((f) => f.path));
    for (const w of opening) {
      try {
        this.#open.set(w.slot, { key: w.key, fifo: await NotifyFifo.open(w.options) });
        result.opened.push(w.path);
      } catch (e) {
        deps.logger.error(
          `Notify FIFO ${w.path} (${w.slot}) not opened: ${e instanceof Error ? e.message : e}; ` +
            "no notify lines are written to it",
        );
        result.failed.push(w.path);
      }
    }
    return result;
  }

  /** Close every FIFO (see `NotifyFifo.close`). */
  async close(): Promise<void> {
    const all = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(all.map((f) => f.fifo.close()));
  }
}

function wantedFifos(globals: FifoGlobals, deps: ConfiguredFifoDeps): Wanted[] {
  const out: Wanted[] = [];
  const pairs = [
    ["notify_fifo", globals.notifyFifo, globals.notifyFifoScript],
    ["vrrp_notify_fifo", globals.vrrpNotifyFifo, globals.vrrpNotifyFifoScript],
  ] as const;
  for (const [slot, spec, script] of pairs) {
    if (!spec) continue;
    const options: FifoOptions = {
      path: spec.path,
      spawner: deps.spawner,
      clock: deps.clock,
      logger: deps.logger,
    };
    if (script) options.script = script;
    if (deps.runAs) options.runAs = deps.runAs;
    if (deps.graceMs !== undefined) options.graceMs = deps.graceMs;
    if (spec.user !== undefined && deps.owner) {
      const who = deps.owner(spec.user, spec.group);
      if ("error" in who) deps.logger.warn(`Notify FIFO ${spec.path}: ${who.error}`);
      else options.owner = who;
    }
    const identity = script ? (deps.runAs ? deps.runAs(script) : {}) : null;
    const key = JSON.stringify([
      spec.path,
      script ? [script.argv, script.user ?? null, script.group ?? null] : null,
      identity,
    ]);
    out.push({ slot, path: spec.path, key, options });
  }
  return out;
}

/**
 * Open `notify_fifo` and `vrrp_notify_fifo` (each with its `*_fifo_script`) from `global_defs`.
 * A FIFO that cannot be opened is logged and left out; the others still work. (For FIFOs that a
 * reload may change, use `NotifyFifoSet`.)
 *
 * @example
 * ```ts
 * import { openConfiguredFifos } from "./fifo_set.ts";
 * import { systemClock } from "./clock.ts";
 * import { silentLogger } from "./logger.ts";
 * import { denoSpawner } from "./spawner.ts";
 * const fifos = await openConfiguredFifos({}, {
 *   spawner: denoSpawner, clock: systemClock, logger: silentLogger,
 * });
 * if (fifos.length !== 0) throw new Error();
 * ```
 */
export async function openConfiguredFifos(
  globals: FifoGlobals,
  deps: ConfiguredFifoDeps,
): Promise<NotifyFifo[]> {
  return (await NotifyFifoSet.open(globals, deps)).fifos;
}
