/**
 * `interface_up_down_delays { IF DOWN [UP] ... }` into the model, with keepalived 2.2.7's rules:
 * delays are seconds from 0 to 255 (up defaults to 0); a line without delays or with a bad one is
 * ignored (VK0424); and a down delay of an instance's own interface is lowered below
 * (down_timer_adverts − 1) advert intervals (VK0425), as keepalived's `check_debounce_timers`
 * does.
 *
 * @module
 */

import type { InterfaceDelay, VrrpInstance } from "./model.ts";
import type { Block } from "./_validate_block.ts";
import type { Ctx } from "./_validate_context.ts";

function seconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 255 ? Math.round(n * 1_000_000) / 1_000_000 : undefined;
}

/** The delays of every `interface_up_down_delays` block at the top level, in order. */
export function buildInterfaceDelays(ctx: Ctx, top: Block): InterfaceDelay[] {
  const out: InterfaceDelay[] = [];
  for (const item of top.all("interface_up_down_delays")) {
    for (const line of item.stmt.block ?? []) {
      const iface = line.keyword.text;
      const [down, up, ...extra] = line.args;
      const at = line.keyword.at;
      if (down === undefined) {
        ctx.warn(at, "VK0424", `No delays for ${iface} in interface_up_down_delays; ignored`);
        continue;
      }
      const d = seconds(down.text);
      const u = up === undefined ? 0 : seconds(up.text);
      if (d === undefined || u === undefined) {
        const bad = d === undefined ? down : up!;
        ctx.warn(
          bad.at,
          "VK0424",
          `Invalid ${
            d === undefined ? "down" : "up"
          } delay '${bad.text}' for ${iface} (seconds 0..255); the line is ignored`,
        );
        continue;
      }
      if (extra[0] !== undefined) {
        ctx.warn(
          extra[0].at,
          "VK0424",
          `Too many values for ${iface}; only the down and up delays count`,
        );
      }
      const entry: InterfaceDelay = { interface: iface, down: d, up: u, at };
      const i = out.findIndex((x) => x.interface === iface);
      if (i >= 0) out[i] = entry; // a later line for the same interface wins, as in keepalived
      else out.push(entry);
    }
  }
  return out;
}

/**
 * Lower a delay on an instance's own interface to what its Master_Down_Interval allows:
 * (down_timer_adverts − 1) × advert_int − advert_int / 256 (keepalived's bound).
 */
export function capInterfaceDelays(
  ctx: Ctx,
  delays: InterfaceDelay[],
  instances: VrrpInstance[],
): void {
  for (const inst of instances) {
    if (inst.interface === undefined || inst.downTimerAdverts <= 1) continue;
    const d = delays.find((x) => x.interface === inst.interface);
    if (d === undefined) continue;
    const us = Math.round(inst.advertInt * 1_000_000);
    const max = ((inst.downTimerAdverts - 1) * us - Math.floor(us / 256)) / 1_000_000;
    if (d.down <= max) continue;
    if (d.up === d.down) d.up = max;
    d.down = max;
    ctx.warn(
      d.at ?? inst.at!,
      "VK0425",
      `(${inst.name}) interface ${d.interface} debounce delay not less than ${
        inst.downTimerAdverts - 1
      } × advert_int; lowered to ${max} s`,
    );
  }
}
