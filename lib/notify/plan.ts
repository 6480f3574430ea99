/**
 * What one notify request means: which hooks run, in which order, with which argv, and the FIFO
 * line (spec §5.1, §5.3, §5.4, §5.7). Pure, so the executor, `explain` and the docs share it.
 *
 * @module
 */

import type { Notifies, ScriptCommand } from "../config/model.ts";

/** Whether a request is about a VRRP instance or a sync group. */
export type NotifyKind = "instance" | "group";

/** A state that runs hooks: the five state words of keepalived's notify scripts. */
export type NotifyState = "MASTER" | "BACKUP" | "FAULT" | "STOP" | "DELETED";

/**
 * Anything the engine reports: a state, or one of keepalived's FIFO-only events (a master
 * receiving a lower-priority advert; an effective-priority change with `notify_priority_changes`).
 */
export type NotifyEventState =
  | NotifyState
  | "MASTER_RX_LOWER_PRI"
  | "MASTER_PRIORITY"
  | "BACKUP_PRIORITY";

/** One notification as the engine emits it, with the hooks configured for its object. */
export interface NotifyRequest {
  /** Instance or sync group. */
  kind: NotifyKind;
  /** The `vrrp_instance` or `vrrp_sync_group` name. */
  name: string;
  /** New state (or event). */
  state: NotifyEventState;
  /** Effective priority of the instance at the transition (ignored for groups: always 0). */
  priority: number;
  /** The object's notify hooks (from the model in force when the transition happened). */
  notify: Notifies;
}

/** Which configured hook a planned run comes from. */
export type HookRole =
  | "notify_master"
  | "notify_backup"
  | "notify_fault"
  | "notify_stop"
  | "notify_deleted"
  | "notify_master_rx_lower_pri"
  | "notify";

/** One hook to run. */
export interface PlannedHook {
  /** The configuration keyword it comes from. */
  role: HookRole;
  /** The exact argv. */
  argv: string[];
  /** The command as configured (for its user and group). */
  command: ScriptCommand;
}

/** A request's meaning. */
export interface NotifyPlan {
  /** The state word given to the generic `notify`, the FIFO and events (DELETED may be FAULT). */
  word: NotifyEventState;
  /** The priority reported (0 for groups). */
  priority: number;
  /** Hooks in the order they run. */
  hooks: PlannedHook[];
  /** The FIFO line, newline included. */
  fifoLine: string;
}

/**
 * Plan a request as keepalived 2.2.7 does: the state script first (`notify_master`, ...), then
 * the generic `notify` with `INSTANCE|GROUP NAME STATE PRIORITY` appended to its configured argv.
 * An instance deleted at reload without `notify_deleted` runs no state script but reports
 * `FAULT` (spec §5.7). `MASTER_RX_LOWER_PRI` runs only `notify_master_rx_lower_pri`; priority
 * changes run nothing (FIFO only).
 *
 * @example
 * ```ts
 * import { planNotify } from "./plan.ts";
 * const plan = planNotify({
 *   kind: "group", name: "G", state: "MASTER", priority: 200,
 *   notify: {
 *     master: { command: "/m.sh", argv: ["/m.sh"] },
 *     generic: { command: "/n.sh extra", argv: ["/n.sh", "extra"] },
 *   },
 * });
 * const argvs = plan.hooks.map((h) => h.argv.join(" "));
 * if (argvs.join("|") !== "/m.sh|/n.sh extra GROUP G MASTER 0") throw new Error(argvs.join("|"));
 * if (plan.fifoLine !== 'GROUP "G" MASTER 0\n') throw new Error();
 * ```
 */
export function planNotify(request: NotifyRequest): NotifyPlan {
  const { kind, name, notify } = request;
  const priority = kind === "group" ? 0 : request.priority;
  const hooks: PlannedHook[] = [];
  let word: NotifyEventState = request.state;
  const add = (role: HookRole, command: ScriptCommand | undefined, extra: string[] = []) => {
    if (command) hooks.push({ role, command, argv: [...command.argv, ...extra] });
  };
  switch (request.state) {
    case "MASTER_PRIORITY":
    case "BACKUP_PRIORITY":
      break;
    case "MASTER_RX_LOWER_PRI":
      if (kind === "instance") add("notify_master_rx_lower_pri", notify.masterRxLowerPri);
      break;
    default: {
      const state = request.state;
      if (state === "DELETED") {
        const deleted = kind === "instance" ? notify.deleted : undefined;
        if (deleted === undefined) word = "FAULT";
        else if (deleted !== true) add("notify_deleted", deleted);
      } else {
        add(STATE_ROLE[state], notify[STATE_KEY[state]]);
      }
      const type = kind === "instance" ? "INSTANCE" : "GROUP";
      add("notify", notify.generic, [type, name, word, String(priority)]);
    }
  }
  return { word, priority, hooks, fifoLine: formatFifoLine(kind, name, word, priority) };
}

const STATE_ROLE = {
  MASTER: "notify_master",
  BACKUP: "notify_backup",
  FAULT: "notify_fault",
  STOP: "notify_stop",
} as const;

const STATE_KEY = { MASTER: "master", BACKUP: "backup", FAULT: "fault", STOP: "stop" } as const;

/**
 * keepalived's FIFO line: `TYPE "NAME" STATE PRIO\n` (spec §5.4); groups always report 0.
 *
 * @example
 * ```ts
 * import { formatFifoLine } from "./plan.ts";
 * if (formatFifoLine("instance", "VI_1", "BACKUP", 150) !== 'INSTANCE "VI_1" BACKUP 150\n') {
 *   throw new Error();
 * }
 * ```
 */
export function formatFifoLine(
  kind: NotifyKind,
  name: string,
  state: NotifyEventState,
  priority: number,
): string {
  const type = kind === "instance" ? "INSTANCE" : "GROUP";
  return `${type} "${name}" ${state} ${kind === "group" ? 0 : priority}\n`;
}
