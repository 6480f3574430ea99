/**
 * Private helpers of the model → statements step: notify hooks, trackers, `other` keywords and
 * small node constructors shared by the per-block builders.
 *
 * @module
 */

import type { Notifies, ScriptCommand, Trackers, TrackRef } from "../model.ts";
import { formatNumber, type OutEntry, type OutNode } from "./nodes.ts";

/** A `value` node with one number. */
export function num(keyword: string, n: number): OutNode {
  return { kind: "value", keyword, words: [formatNumber(n)] };
}

/** A `value` node with one word. */
export function word(keyword: string, w: string): OutNode {
  return { kind: "value", keyword, words: [w] };
}

/** A `flag` node when `on`, nothing otherwise. */
export function flagIf(keyword: string, on: boolean): OutNode[] {
  return on ? [{ kind: "flag", keyword }] : [];
}

/** A `command` node for a script command. */
export function command(keyword: string, c: ScriptCommand): OutNode {
  const n: OutNode = { kind: "command", keyword, command: c.command };
  if (c.user !== undefined) n.user = c.user;
  if (c.group !== undefined) n.group = c.group;
  return n;
}

/** `other` keywords: one `value` (or `flag`) node per occurrence, keywords in stored order. */
export function otherNodes(other: Record<string, string[][]>): OutNode[] {
  const out: OutNode[] = [];
  for (const [keyword, occurrences] of Object.entries(other)) {
    for (const words of occurrences) {
      out.push(words.length === 0 ? { kind: "flag", keyword } : { kind: "value", keyword, words });
    }
  }
  return out;
}

/** Notify hooks in keepalived's usual order. */
export function notifyNodes(n: Notifies): OutNode[] {
  const out: OutNode[] = [];
  if (n.master) out.push(command("notify_master", n.master));
  if (n.backup) out.push(command("notify_backup", n.backup));
  if (n.fault) out.push(command("notify_fault", n.fault));
  if (n.stop) out.push(command("notify_stop", n.stop));
  if (n.deleted === true) out.push({ kind: "flag", keyword: "notify_deleted" });
  else if (n.deleted) out.push(command("notify_deleted", n.deleted));
  if (n.generic) out.push(command("notify", n.generic));
  if (n.masterRxLowerPri) out.push(command("notify_master_rx_lower_pri", n.masterRxLowerPri));
  return out;
}

/**
 * Reverse flag of the tracked object a reference names (scripts, files and processes carry
 * their own; `undefined` when the object is not known).
 */
export type ReverseOf = (kind: keyof Trackers, name: string) => boolean | undefined;

function trackEntry(ref: TrackRef, kind: keyof Trackers, reverseOf: ReverseOf): OutEntry {
  const entry: OutEntry = { head: [ref.name], options: [], headKey: "name" };
  const objectReverse = kind === "trackInterface" ? undefined : reverseOf(kind, ref.name);
  if (ref.weightGiven === true) entry.options.push(["weight", formatNumber(ref.weight)]);
  // With a weight, `reverse` is the line's own; without, the object's unless the line says so.
  const inherited = ref.weightGiven === true ? false : objectReverse === true;
  if (ref.reverse && !inherited) entry.options.push(["reverse"]);
  else if (!ref.reverse && objectReverse === true) entry.options.push(["noreverse"]);
  return entry;
}

const TRACKERS: [keyof Trackers, string][] = [
  ["trackInterface", "track_interface"],
  ["trackScript", "track_script"],
  ["trackFile", "track_file"],
  ["trackProcess", "track_process"],
  ["trackBfd", "track_bfd"],
];

/** The five `track_*` list blocks (empty ones left out). */
export function trackerNodes(t: Trackers, reverseOf: ReverseOf): OutNode[] {
  const out: OutNode[] = [];
  for (const [field, keyword] of TRACKERS) {
    const refs = t[field];
    if (refs.length === 0) continue;
    out.push({ kind: "list", keyword, entries: refs.map((r) => trackEntry(r, field, reverseOf)) });
  }
  return out;
}
