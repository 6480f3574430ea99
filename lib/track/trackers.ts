/**
 * All trackers of a model, started together: one `ScriptTracker` per `vrrp_script`, one
 * `FileTracker` per `track_file`, one `ProcessTracker` per `vrrp_track_process` (interfaces come
 * from the agent's link events, see `./interface.ts`). Their changes reach one listener, and
 * `toEngineEvent` turns each into the VRRP engine's input.
 *
 * @module
 */

import type { Model, ScriptCommand } from "../config/model.ts";
import type { Clock } from "../notify/clock.ts";
import type { RunAsDecision } from "../notify/executor.ts";
import type { Logger } from "../notify/logger.ts";
import type { Spawner } from "../notify/spawner.ts";
import type { EngineEvent } from "../vrrp/events.ts";
import { FileTracker } from "./file.ts";
import { ProcessTracker } from "./process.ts";
import type { RiseFallState } from "./rise_fall.ts";
import { ScriptTracker } from "./script.ts";
import type { Tracker, TrackerEvent, TrackerListener } from "./tracker.ts";

/** Collaborators shared by the trackers. */
export interface TrackerDeps {
  /** Starts scripts. */
  spawner: Spawner;
  /** Schedules runs, polls and delays. */
  clock: Clock;
  /** Log lines. */
  logger: Logger;
  /** Identity of scripts. */
  runAs?: (command: ScriptCommand) => RunAsDecision;
  /** True at the agent's first start (applies `init_file`), false on reload. */
  firstStart?: boolean;
  /** Honour `init_fail` (default false, as keepalived 2.2.7). */
  honourInitFail?: boolean;
  /** On reload: the old script trackers' states by name (`ScriptTracker.state`), kept as is. */
  previousScripts?: ReadonlyMap<string, RiseFallState>;
}

/**
 * Build (not start) the trackers of `model`.
 *
 * @example
 * ```ts
 * import { createTrackers } from "./trackers.ts";
 * import { FakeClock } from "../notify/fake_clock.ts";
 * import { FakeSpawner } from "../notify/fake_spawner.ts";
 * import { silentLogger } from "../notify/logger.ts";
 * import type { Model } from "../config/model.ts";
 * const clock = new FakeClock();
 * const model = { scripts: [], trackFiles: [], trackProcesses: [] } as unknown as Model;
 * const set = createTrackers(model, {
 *   spawner: new FakeSpawner(clock), clock, logger: silentLogger,
 * }, () => {});
 * if (set.length !== 0) throw new Error();
 * ```
 */
export function createTrackers(
  model: Model,
  deps: TrackerDeps,
  onChange: TrackerListener,
): Tracker[] {
  const { spawner, clock, logger } = deps;
  const trackers: Tracker[] = [];
  for (const script of model.scripts) {
    const previous = deps.previousScripts?.get(script.name);
    trackers.push(
      new ScriptTracker({
        script,
        spawner,
        clock,
        logger,
        onChange,
        ...(deps.runAs ? { runAs: deps.runAs } : {}),
        ...(deps.honourInitFail ? { honourInitFail: true } : {}),
        ...(previous ? { resumeFrom: previous } : {}),
      }),
    );
  }
  for (const file of model.trackFiles) {
    trackers.push(
      new FileTracker({ file, clock, logger, onChange, firstStart: deps.firstStart ?? false }),
    );
  }
  for (const process of model.trackProcesses) {
    trackers.push(new ProcessTracker({ process, clock, logger, onChange }));
  }
  return trackers;
}

/**
 * The engine event for a tracker change.
 *
 * @example
 * ```ts
 * import { toEngineEvent } from "./trackers.ts";
 * const e = toEngineEvent({ kind: "interface", name: "eth0", ok: false });
 * if (e.type !== "interface" || e.up !== false) throw new Error();
 * ```
 */
export function toEngineEvent(e: TrackerEvent): EngineEvent {
  switch (e.kind) {
    case "interface":
      return { type: "interface", name: e.name, up: e.ok };
    case "file":
      return { type: "tracker", kind: "file", name: e.name, value: e.value };
    default:
      return { type: "tracker", kind: e.kind, name: e.name, ok: e.ok };
  }
}
