/**
 * `fifo_write_vrrp_states_on_reload` (spec §5.4): after a reload, the objects whose state the
 * reload did not change get their state line written to the notify FIFOs again, so a FIFO reader
 * (possibly a newly started FIFO script) learns every state. Objects whose state changed were
 * already notified as usual. Groups come first, then instances, each in configuration order, as in
 * keepalived.
 *
 * keepalived 2.2.7 leaves out instances that stay MASTER over the reload (they take another path
 * through its start-up code); vipkeeper writes them too, so the reader's picture is complete.
 *
 * @module
 */

import { formatFifoLine } from "./plan.ts";

/** The part of a status snapshot (`Agent.status()`) these lines need. */
export interface StateSnapshot {
  /** Instances in configuration order. */
  instances: readonly { name: string; state: string; effectivePriority: number }[];
  /** Sync groups in configuration order. */
  groups: readonly { name: string; state: string }[];
}

const REPORTED = new Set(["MASTER", "BACKUP", "FAULT"]);

/**
 * The FIFO lines for the groups and instances present, with the same MASTER, BACKUP or FAULT
 * state, in both `before` and `after` (matched by name).
 *
 * @example
 * ```ts
 * import { unchangedStateLines } from "./reload_states.ts";
 * const before = {
 *   instances: [{ name: "VI_1", state: "MASTER", effectivePriority: 150 },
 *     { name: "VI_2", state: "BACKUP", effectivePriority: 100 }],
 *   groups: [{ name: "G", state: "MASTER" }],
 * };
 * const after = { ...before, instances: [before.instances[0]!,
 *   { name: "VI_2", state: "MASTER", effectivePriority: 100 }] };
 * const lines = unchangedStateLines(before, after);
 * if (lines.join("") !== 'GROUP "G" MASTER 0\nINSTANCE "VI_1" MASTER 150\n') throw new Error();
 * ```
 */
export function unchangedStateLines(before: StateSnapshot, after: StateSnapshot): string[] {
  const lines: string[] = [];
  const groupsBefore = new Map(before.groups.map((g) => [g.name, g.state]));
  for (const g of after.groups) {
    if (REPORTED.has(g.state) && groupsBefore.get(g.name) === g.state) {
      lines.push(formatFifoLine("group", g.name, g.state as "MASTER", 0));
    }
  }
  const instancesBefore = new Map(before.instances.map((i) => [i.name, i.state]));
  for (const i of after.instances) {
    if (REPORTED.has(i.state) && instancesBefore.get(i.name) === i.state) {
      lines.push(formatFifoLine("instance", i.name, i.state as "MASTER", i.effectivePriority));
    }
  }
  return lines;
}
