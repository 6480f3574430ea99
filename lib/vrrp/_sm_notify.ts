/**
 * Builds notify actions (spec §5.1, §5.3–5.4, §5.7): the state script, then the generic `notify`
 * with TYPE NAME STATE PRIORITY appended, then the FIFO line.
 *
 * @module
 */

import type { Action, HookName, NotifyHook, NotifyState } from "./actions.ts";
import type { Notifies, ScriptCommand } from "../config/model.ts";

/** States that select a state script. */
export type TransitionWord = "MASTER" | "BACKUP" | "FAULT" | "STOP" | "DELETED";

const STATE_SCRIPT = {
  MASTER: ["master", "notify_master"],
  BACKUP: ["backup", "notify_backup"],
  FAULT: ["fault", "notify_fault"],
  STOP: ["stop", "notify_stop"],
  DELETED: ["deleted", "notify_deleted"],
} as const satisfies Record<TransitionWord, readonly [keyof Notifies, HookName]>;

function hook(name: HookName, cmd: ScriptCommand, extra: string[] = []): NotifyHook {
  const h: NotifyHook = { hook: name, argv: [...cmd.argv, ...extra] };
  if (cmd.user !== undefined) h.user = cmd.user;
  if (cmd.group !== undefined) h.group = cmd.group;
  return h;
}

/** The notify action of one instance or group transition. */
export function transitionNotify(
  scope: "instance" | "group",
  name: string,
  notifies: Notifies,
  state: TransitionWord,
  priority: number,
): Action {
  const [key, hookName] = STATE_SCRIPT[state];
  const configured = notifies[key];
  const hooks: NotifyHook[] = [];
  if (configured !== undefined && configured !== true) hooks.push(hook(hookName, configured));
  // spec §5.7: without notify_deleted the word becomes FAULT after the (absent) script lookup.
  const word: NotifyState = state === "DELETED" && notifies.deleted === undefined ? "FAULT" : state;
  const type = scope === "instance" ? "INSTANCE" : "GROUP";
  if (notifies.generic !== undefined) {
    hooks.push(hook("notify", notifies.generic, [type, name, word, String(priority)]));
  }
  return {
    type: "notify",
    scope,
    name,
    state: word,
    priority,
    hooks,
    fifo: `${type} "${name}" ${word} ${priority}`,
  };
}

/** A notify that is not a transition: MASTER_RX_LOWER_PRI or a priority change (FIFO only). */
export function instanceEventNotify(
  name: string,
  notifies: Notifies,
  state: "MASTER_RX_LOWER_PRI" | "MASTER_PRIORITY" | "BACKUP_PRIORITY",
  priority: number,
): Action {
  const hooks: NotifyHook[] = [];
  if (state === "MASTER_RX_LOWER_PRI" && notifies.masterRxLowerPri !== undefined) {
    hooks.push(hook("notify_master_rx_lower_pri", notifies.masterRxLowerPri));
  }
  return {
    type: "notify",
    scope: "instance",
    name,
    state,
    priority,
    hooks,
    fifo: `INSTANCE "${name}" ${state} ${priority}`,
  };
}
