/**
 * `interface_up_down_delays`: a link change reaches the engine only after the link has stayed
 * that way for the interface's delay (down or up); a change back within the delay cancels it, so
 * the engine never sees the flap. Interfaces without a delay pass changes on at once.
 *
 * @module
 */

import type { Model } from "../config/model.ts";
import type { AgentClock } from "./ports.ts";

/** Link changes, held back per interface. */
export class LinkDebounce {
  #delays = new Map<string, { down: number; up: number }>();
  #pending = new Map<string, { up: boolean; cancel: () => void }>();

  /** Changes go to `emit` on `clock`'s time. */
  constructor(
    readonly clock: AgentClock,
    readonly emit: (iface: string, up: boolean) => void,
  ) {}

  /** Take the delays of `model` (start-up, reload); changes already waiting keep their time. */
  setModel(model: Model): void {
    this.#delays = new Map(
      (model.interfaceDelays ?? []).map((d) => [d.interface, { down: d.down, up: d.up }]),
    );
  }

  /** The link of `iface` is now up (or down). */
  change(iface: string, up: boolean): void {
    const waiting = this.#pending.get(iface);
    if (waiting !== undefined) {
      if (waiting.up === up) return;
      // Back to what the engine last saw before the delay ran out: nothing happened.
      waiting.cancel();
      this.#pending.delete(iface);
      return;
    }
    const d = this.#delays.get(iface);
    const seconds = d === undefined ? 0 : up ? d.up : d.down;
    if (seconds <= 0) {
      this.emit(iface, up);
      return;
    }
    const cancel = this.clock.at(this.clock.now() + Math.round(seconds * 1_000_000), () => {
      this.#pending.delete(iface);
      this.emit(iface, up);
    });
    this.#pending.set(iface, { up, cancel });
  }

  /** Drop every change still waiting. */
  stop(): void {
    for (const p of this.#pending.values()) p.cancel();
    this.#pending.clear();
  }
}
