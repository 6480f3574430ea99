/**
 * keepalived's VRRP state machine written as data (spec §4): the transition table
 * {@linkcode TRANSITIONS} (what may happen, printed into docs/engine.md) and the per-state
 * handler map {@linkcode HANDLERS} (which function runs for which input in which state), in one
 * place. The handler bodies live in `_sm_handlers.ts`, the transition building blocks (each
 * emitting its actions in keepalived's order) in `instance.ts` and `sync_group.ts`. Timer names
 * follow RFC 5798 §6.2.
 *
 * @module
 */

import type { Input } from "./_sm_ctx.ts";
import {
  backupAdvert,
  backupTimeout,
  garpDelay,
  garpRefresh,
  type Handler,
  health,
  lowerPrioGarp,
  masterAddressLost,
  masterAdvert,
  masterTx,
} from "./_sm_handlers.ts";

export type { Input } from "./_sm_ctx.ts";

/** Protocol states an instance runs in (STOP and DELETED are terminal, for notifies). */
export const STATES = ["INIT", "BACKUP", "MASTER", "FAULT", "STOP", "DELETED"] as const;

/**
 * Every transition of an instance: from a state, on an input (an event, a named timer, `health`
 * = trackers/interfaces/priority re-evaluated, `sync` = a sync-group peer moved), to a state, with
 * the condition and the actions in the order they are emitted.
 *
 * @example
 * ```ts
 * import { TRANSITIONS } from "./state_machine.ts";
 * const takeover = TRANSITIONS.filter((t) => t.from === "BACKUP" && t.on === "Master_Down_Timer");
 * if (!takeover.some((t) => t.to === "MASTER")) throw new Error();
 * ```
 */
export const TRANSITIONS = [
  {
    from: "INIT",
    on: "start",
    to: "BACKUP",
    when: "state MASTER and priority 255, up, nothing pending",
    does: "Master_Down_Timer := 1 µs (takes over at once); no notify",
  },
  {
    from: "INIT",
    on: "start",
    to: "BACKUP",
    when: "up, no weight-0 script pending, sync group not blocked",
    does:
      "remove VIPs; Master_Down_Timer := Master_Down_Interval; notify BACKUP (sync group notifies first)",
  },
  {
    from: "INIT",
    on: "start",
    to: "FAULT",
    when: "a tracker or the interface is down, or a sync-group member is",
    does: "remove VIPs; notify FAULT (sync group first)",
  },
  {
    from: "INIT",
    on: "start",
    to: "INIT",
    when: "a weight-0 script has no result yet",
    does: "remove VIPs; wait silently",
  },
  {
    from: "INIT",
    on: "health",
    to: "BACKUP",
    when: "last pending script reported, up (sync group: no member down or pending)",
    does: "Master_Down_Timer; notify BACKUP; other members follow; group last",
  },
  {
    from: "INIT",
    on: "health",
    to: "FAULT",
    when: "a first result is a failure, or the interface went down while waiting",
    does: "notify FAULT; sync group follows",
  },
  {
    from: "BACKUP",
    on: "advert",
    to: "BACKUP",
    when: "priority 0",
    does: "Master_Down_Timer := Skew_Time",
  },
  {
    from: "BACKUP",
    on: "advert",
    to: "BACKUP",
    when: "nopreempt, or priority ≥ own, or preempt_delay window open",
    does: "accept: v3 adopts the interval; Master_Down_Timer := Master_Down_Interval; wish BACKUP",
  },
  {
    from: "BACKUP",
    on: "advert",
    to: "BACKUP",
    when: "lower priority and preemption allowed",
    does: "discard (timer keeps running)",
  },
  {
    from: "BACKUP",
    on: "Master_Down_Timer",
    to: "BACKUP",
    when: "sync group: some other member does not want MASTER yet",
    does: "wish MASTER; Master_Down_Timer := Master_Down_Interval",
  },
  {
    from: "BACKUP",
    on: "Master_Down_Timer",
    to: "MASTER",
    when: "no master heard",
    does:
      "advert; add VIPs; GARP burst; Garp timers; notify MASTER; sync group follows, group last",
  },
  {
    from: "BACKUP",
    on: "health",
    to: "BACKUP",
    when: "effective priority changed",
    does: "Master_Down_Timer shifted by the change of Skew_Time; FIFO BACKUP_PRIORITY if enabled",
  },
  {
    from: "BACKUP",
    on: "health",
    to: "FAULT",
    when: "a weight-0 tracker or the interface failed",
    does: "notify FAULT; sync group follows, group last",
  },
  {
    from: "BACKUP",
    on: "sync",
    to: "MASTER",
    when: "a group member became MASTER",
    does: "as BACKUP → MASTER",
  },
  { from: "BACKUP", on: "sync", to: "FAULT", when: "a group member faulted", does: "notify FAULT" },
  {
    from: "MASTER",
    on: "Adver_Timer",
    to: "MASTER",
    when: "advert interval elapsed",
    does: "advert; Adver_Timer := advert_int",
  },
  {
    from: "MASTER",
    on: "Adver_Timer",
    to: "BACKUP",
    when: "timer_expired_backup and the timer fired over 3 × advert_int + Skew_Time(PRIO) late",
    does: "remove VIPs; notify BACKUP (no priority-0 advert)",
  },
  {
    from: "MASTER",
    on: "Garp_Delay_Timer",
    to: "MASTER",
    when: "garp_master_delay elapsed",
    does: "GARP burst (garp_master_repeat)",
  },
  {
    from: "MASTER",
    on: "Garp_Refresh_Timer",
    to: "MASTER",
    when: "garp_master_refresh elapsed",
    does: "GARP burst (garp_master_refresh_repeat); re-arm",
  },
  {
    from: "MASTER",
    on: "Lower_Prio_Garp_Timer",
    to: "MASTER",
    when: "garp_lower_prio_delay elapsed",
    does: "GARP burst (garp_lower_prio_repeat)",
  },
  { from: "MASTER", on: "advert", to: "MASTER", when: "priority 0", does: "advert at once" },
  {
    from: "MASTER",
    on: "advert",
    to: "MASTER",
    when: "lower priority, or equal and sender address lower",
    does:
      "advert unless lower_prio_no_advert; GARP burst + Lower_Prio_Garp_Timer if garp_lower_prio_repeat; notify MASTER_RX_LOWER_PRI",
  },
  {
    from: "MASTER",
    on: "advert",
    to: "BACKUP",
    when: "higher priority, or equal and sender address higher",
    does:
      "advert if higher_prio_send_advert; remove VIPs; notify BACKUP; Master_Down_Timer; sync group follows (no priority-0 advert)",
  },
  {
    from: "MASTER",
    on: "advert",
    to: "BACKUP",
    when:
      "owner conflict: another 255 advert from a lower address within 1.2 intervals of the first",
    does: "effective priority 254 until MASTER again; remove VIPs; notify BACKUP",
  },
  {
    from: "MASTER",
    on: "health",
    to: "MASTER",
    when: "effective priority changed",
    does: "next advert carries it; FIFO MASTER_PRIORITY if enabled",
  },
  {
    from: "MASTER",
    on: "health",
    to: "FAULT",
    when: "a weight-0 tracker or the interface failed",
    does: "priority-0 advert twice; remove VIPs; notify FAULT; sync group follows, group last",
  },
  {
    from: "MASTER",
    on: "sync",
    to: "BACKUP",
    when: "a group member stepped down",
    does: "remove VIPs; notify BACKUP",
  },
  {
    from: "MASTER",
    on: "sync",
    to: "FAULT",
    when: "a group member faulted",
    does: "priority-0 advert; remove VIPs; notify FAULT",
  },
  {
    from: "FAULT",
    on: "health",
    to: "BACKUP",
    when: "all faults cleared (sync group: every member)",
    does:
      "Master_Down_Timer; notify BACKUP; unicast: GARP for own address; sync group follows, group last",
  },
  {
    from: "FAULT",
    on: "sync",
    to: "BACKUP",
    when: "the last faulty group member recovered",
    does: "as FAULT → BACKUP",
  },
  {
    from: "INIT",
    on: "sync",
    to: "BACKUP",
    when: "group members' scripts reported",
    does: "as FAULT → BACKUP",
  },
  { from: "INIT", on: "sync", to: "FAULT", when: "a group member faulted", does: "notify FAULT" },
  {
    from: "INIT",
    on: "stop",
    to: "STOP",
    when: "shutdown",
    does: "notify STOP (after all releases)",
  },
  { from: "BACKUP", on: "stop", to: "STOP", when: "shutdown", does: "notify STOP" },
  {
    from: "MASTER",
    on: "stop",
    to: "STOP",
    when: "shutdown",
    does: "priority-0 advert; remove VIPs; notify STOP after every instance released; groups last",
  },
  { from: "FAULT", on: "stop", to: "STOP", when: "shutdown", does: "notify STOP" },
  {
    from: "INIT",
    on: "delete",
    to: "DELETED",
    when: "removed at reload",
    does: "notify DELETED (FAULT word without notify_deleted)",
  },
  {
    from: "BACKUP",
    on: "delete",
    to: "DELETED",
    when: "removed at reload",
    does: "notify DELETED (FAULT word without notify_deleted)",
  },
  {
    from: "MASTER",
    on: "delete",
    to: "DELETED",
    when: "removed at reload",
    does: "priority-0 advert; remove VIPs; notify DELETED",
  },
  {
    from: "FAULT",
    on: "delete",
    to: "DELETED",
    when: "removed at reload",
    does: "notify only with notify_deleted",
  },
  {
    from: "MASTER",
    on: "address-lost",
    to: "BACKUP",
    when: "a tracked VIP was deleted from outside",
    does:
      "priority-0 advert; remove VIPs, routes, rules; notify BACKUP; Master_Down_Timer := Skew_Time (comes back unless a better router answers); sync-group masters too, group last",
  },
] as const satisfies readonly {
  from: (typeof STATES)[number];
  on: Input;
  to: (typeof STATES)[number];
  when: string;
  does: string;
}[];
export type { Handler } from "./_sm_handlers.ts";

/**
 * The per-state handlers: for each state, the inputs it reacts to. Inputs not listed are
 * ignored in that state (e.g. adverts in INIT and FAULT, spec §6.5 check 2). `start`, `stop` and
 * `delete` involve every instance at once and are run by the engine.
 *
 * @example
 * ```ts
 * import { HANDLERS } from "./state_machine.ts";
 * if ("advert" in HANDLERS.FAULT) throw new Error("FAULT ignores adverts");
 * ```
 */
export const HANDLERS = {
  INIT: { health: health("INIT") },
  BACKUP: { advert: backupAdvert, Master_Down_Timer: backupTimeout, health: health("BACKUP") },
  MASTER: {
    advert: masterAdvert,
    Adver_Timer: masterTx,
    Garp_Delay_Timer: garpDelay,
    Garp_Refresh_Timer: garpRefresh,
    Lower_Prio_Garp_Timer: lowerPrioGarp,
    health: health("MASTER"),
    "address-lost": masterAddressLost,
  },
  FAULT: { health: health("FAULT") },
} as const satisfies Record<
  "INIT" | "BACKUP" | "MASTER" | "FAULT",
  Partial<Record<Input, Handler>>
>;

/**
 * The handler for `input` in the instance's current state, if the state reacts to it.
 *
 * @example
 * ```ts
 * import { handlerFor } from "./state_machine.ts";
 * if (handlerFor("MASTER", "Adver_Timer") === undefined) throw new Error();
 * if (handlerFor("BACKUP", "Adver_Timer") !== undefined) throw new Error();
 * ```
 */
export function handlerFor(state: string, input: Input): Handler | undefined {
  const table = (HANDLERS as Record<string, Partial<Record<Input, Handler>>>)[state];
  return table?.[input];
}
