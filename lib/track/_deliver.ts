/**
 * Calls a tracker listener without letting its exception escape into a timer or a watch loop.
 *
 * @module
 */

import type { Logger } from "../notify/logger.ts";
import type { TrackerEvent, TrackerListener } from "./tracker.ts";

/** Deliver `event` to `listener`; an exception is logged, never thrown. */
export function deliver(listener: TrackerListener, event: TrackerEvent, logger: Logger): void {
  try {
    listener(event);
  } catch (e) {
    logger.error(`Tracker listener failed on ${event.kind} ${event.name}: ${e}`);
  }
}
