/**
 * Outputs of the VRRP engine: what the system layer must do, in the order it must do it
 * (spec §4.4: advert, then VIPs, then GARP/NA, then notifies).
 *
 * @module
 */

import type { Advert } from "./advert.ts";
import type { VirtualAddress } from "../config/model.ts";

/** Protocol states of an instance or sync group (spec §4.1). STOP and DELETED only appear in notifies. */
export type VrrpState = "INIT" | "BACKUP" | "MASTER" | "FAULT" | "STOP" | "DELETED";

/** Words a notify carries (spec §5.3–5.4). */
export type NotifyState =
  | "MASTER"
  | "BACKUP"
  | "FAULT"
  | "STOP"
  | "DELETED"
  | "MASTER_RX_LOWER_PRI"
  | "MASTER_PRIORITY"
  | "BACKUP_PRIORITY";

/** Timer names (RFC 5798 §6.2 plus keepalived's GARP timers). */
export type TimerName =
  | "Adver_Timer"
  | "Master_Down_Timer"
  | "Garp_Delay_Timer"
  | "Garp_Refresh_Timer"
  | "Lower_Prio_Garp_Timer";

/** Which configured hook a notify script comes from. */
export type HookName =
  | "notify_master"
  | "notify_backup"
  | "notify_fault"
  | "notify_stop"
  | "notify_deleted"
  | "notify"
  | "notify_master_rx_lower_pri";

/**
 * One script to start for a notify, with its full argv (the generic `notify` has TYPE NAME STATE
 * PRIORITY appended after its configured words).
 *
 * @example
 * ```ts
 * import type { NotifyHook } from "./actions.ts";
 * const h: NotifyHook = { hook: "notify", argv: ["/bin/n", "INSTANCE", "VI_1", "BACKUP", "100"] };
 * ```
 */
export interface NotifyHook {
  /** The configured keyword the script comes from. */
  hook: HookName;
  /** Full argv. */
  argv: string[];
  /** User to run as. */
  user?: string;
  /** Group to run as. */
  group?: string;
}

/**
 * What an `add-vips` / `remove-vips` action installs or removes: what a MASTER holds.
 *
 * @example
 * ```ts
 * import type { HeldSet } from "./actions.ts";
 * const c: HeldSet = { instance: "VI_1", vips: [], excluded: [], routes: [["default", "via", "192.0.2.254"]] };
 * ```
 */
export interface HeldSet {
  /** The instance. */
  instance: string;
  /** VIPs. */
  vips: VirtualAddress[];
  /** Excluded VIPs. */
  excluded: VirtualAddress[];
  /** `virtual_routes` lines (words), when any. */
  routes?: string[][];
  /** `virtual_rules` lines (words), when any. */
  rules?: string[][];
  /** Of an instance a reload removed (a new one may have its name). */
  retired?: true;
}

/**
 * One thing to do. Execute in order; `instance` names the instance (its interface, peers and
 * source address are in the configuration).
 *
 * - `advert`: send this advertisement (priority 0 when releasing). `priZeroCounted` marks the
 *   priority-0 advert keepalived counts in `pri_zero_sent`.
 * - `add-vips` / `remove-vips`: install / remove the addresses (VIPs and excluded VIPs) and,
 *   when present, the `virtual_routes` and `virtual_rules` (each as its words): added in the
 *   order addresses, routes, rules; removed in the order rules, routes, addresses (keepalived's).
 * - `garp`: a gratuitous ARP / unsolicited NA burst: `repeat` rounds over `addresses`.
 * - `schedule`: a named timer was armed (`at` in µs) or cancelled (`at` undefined).
 * - `state`: the state of an instance or group changed.
 * - `priority`: the effective priority changed.
 * - `notify`: start `hooks` in order (state script, then generic) and write `fifo` to the FIFOs.
 * - `log`: a message keepalived would log, for operators.
 *
 * @example
 * ```ts
 * import type { Action } from "./actions.ts";
 * const a: Action = {
 *   type: "state", scope: "instance", name: "VI_1", from: "BACKUP", to: "MASTER",
 *   cause: "Master_Down_Timer",
 * };
 * ```
 */
export type Action =
  | {
    type: "advert";
    instance: string;
    advert: Advert;
    priZeroCounted?: true;
    /** Sent by an instance a reload removed (a new one may have its name). */
    retired?: true;
  }
  | ({ type: "add-vips" } & HeldSet)
  | ({ type: "remove-vips" } & HeldSet)
  | {
    type: "garp";
    instance: string;
    addresses: VirtualAddress[];
    repeat: number;
    reason: "master" | "master-delay" | "refresh" | "lower-prio" | "source";
  }
  | { type: "schedule"; instance: string; timer: TimerName; at: number | undefined }
  | {
    type: "state";
    scope: "instance" | "group";
    name: string;
    from: VrrpState;
    to: VrrpState;
    /** The input of the transition table that caused it (`advert`, `Master_Down_Timer`, ...). */
    cause: string;
  }
  | { type: "priority"; instance: string; from: number; to: number }
  | {
    type: "notify";
    scope: "instance" | "group";
    name: string;
    state: NotifyState;
    priority: number;
    hooks: NotifyHook[];
    fifo: string;
  }
  | { type: "log"; instance: string; message: string };

/** The `type` of an action. */
export type ActionType = Action["type"];
