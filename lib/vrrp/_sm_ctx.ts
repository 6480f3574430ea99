/**
 * The context handlers run in: the current time, the action list being built, the input being
 * handled (recorded on state changes) and timer arming. Implemented by the engine.
 *
 * @module
 */

import type { Action, TimerName } from "./actions.ts";
import type { InstanceRt } from "./instance.ts";

/** Inputs of the transition table (spec §4): events plus named timers. */
export type Input =
  | "start"
  | "advert"
  | TimerName
  | "health"
  | "sync"
  | "stop"
  | "delete"
  | "address-lost";

/** What handlers may use. */
export interface Ctx {
  /** Current time, µs. */
  now: number;
  /** Actions emitted so far, in order. */
  out: Action[];
  /** The input being handled. */
  cause: Input;
  /** Arms (`at` a time in µs) or cancels (`undefined`) a named timer of an instance. */
  arm(inst: InstanceRt, timer: TimerName, at: number | undefined): void;
}
