/**
 * Inputs of the VRRP engine. Every event is handled at an explicit `now` (µs) given beside it;
 * the engine never reads a clock.
 *
 * @module
 */

import type { ReceivedAdvert } from "./advert.ts";
import type { TrackerKind } from "./priority.ts";
import type { EngineConfig } from "./engine_config.ts";

/**
 * Something that happened to the engine.
 *
 * - `start`: begin (spec §4.3). Tracker and interface events sent before it only set the
 *   initial state.
 * - `advert`: an advertisement for `instance` that already passed the receive checks
 *   (`checks.ts`); the engine itself ignores it in INIT and FAULT.
 * - `timer`: the deadline returned by `nextDeadline()` was reached; every due timer fires.
 * - `tracker`: a tracked script / process / BFD changed (`ok`), or a track file's value.
 * - `interface`: a link went up or down (own interface and `track_interface`).
 * - `priority`: an instance's base priority changed (admin command, reload).
 * - `source-address`: the instance's own source address, used by the MASTER tie-break; without
 *   `address` the instance has none, which is a fault (keepalived's "no source IP") until an
 *   address event brings one.
 * - `address-lost`: a tracked VIP of `instance` was deleted from outside; a MASTER steps down
 *   and comes back after Skew_Time (keepalived's `set_vrrp_backup`).
 * - `stop`: shutdown (spec §7.4).
 * - `delete`: the instance disappears at reload (spec §4.8, §5.7).
 * - `reload`: a new configuration (spec §4.8): instances are paired with the running ones by
 *   VRID, family, interface and unicast/multicast (not by name) and carry on in their state;
 *   unpaired running ones are deleted, new ones start.
 *
 * @example
 * ```ts
 * import type { EngineEvent } from "./events.ts";
 * const events: EngineEvent[] = [
 *   { type: "start" },
 *   { type: "tracker", kind: "script", name: "chk", ok: false },
 *   { type: "tracker", kind: "file", name: "prio", value: 3 },
 *   { type: "interface", name: "eth0", up: false },
 *   { type: "stop" },
 * ];
 * ```
 */
export type EngineEvent =
  | { type: "start" }
  | { type: "advert"; instance: string; received: ReceivedAdvert }
  | { type: "timer" }
  | { type: "tracker"; kind: Exclude<TrackerKind, "file" | "interface">; name: string; ok: boolean }
  | { type: "tracker"; kind: "file"; name: string; value: number }
  | { type: "interface"; name: string; up: boolean }
  | { type: "priority"; instance: string; priority: number }
  | { type: "source-address"; instance: string; address?: string }
  | { type: "address-lost"; instance: string }
  | { type: "stop" }
  | { type: "delete"; instance: string }
  | {
    type: "reload";
    config: EngineConfig;
    /**
     * Source addresses by (new) instance name, as `source-address` would give them: applied
     * before the instances resume or start; `undefined` = none (a fault).
     */
    sources?: ReadonlyMap<string, string | undefined>;
  };

/** The `type` of an engine event. */
export type EngineEventType = EngineEvent["type"];
