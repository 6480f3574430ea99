/**
 * A printable description of the engine, generated from the transition table itself:
 * `docs/engine.md` is this text (`deno run -A tools/gen_engine_doc.ts` rewrites it, a test keeps
 * it in sync).
 *
 * @module
 */

import { STATES, TRANSITIONS } from "./state_machine.ts";

const STATE_MEANING: Record<(typeof STATES)[number], string> = {
  INIT:
    "before the first evaluation, or waiting for weight-0 scripts' first results; adverts ignored",
  BACKUP: "Master_Down_Timer running; listening to the master",
  MASTER: "Adver_Timer running; VIPs installed; GARP/NA timers",
  FAULT:
    "a weight-0 tracker, the interface or a sync-group peer is down; nothing sent or processed",
  STOP: "shutdown (notifies only)",
  DELETED: "removed at reload (notifies only; the word is FAULT without notify_deleted)",
};

const WIDTH = 100;

/** Greedy word wrap at the formatter's line width (docs stay `deno fmt`-clean). */
function wrap(text: string, first = "", rest = ""): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(" ")) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

const TIMERS: [string, string][] = [
  ["Adver_Timer", "MASTER: send an advert every advert_int"],
  [
    "Master_Down_Timer",
    "BACKUP: down_timer_adverts × Master_Adver_Interval + Skew_Time after the last accepted advert; Skew_Time alone after a priority-0 advert",
  ],
  [
    "Skew_Time",
    "(256 − priority) / 256 s in v2 (whatever advert_int is), (256 − priority) / 256 × Master_Adver_Interval in v3; integer µs",
  ],
  ["Garp_Delay_Timer", "MASTER: second GARP/NA burst garp_master_delay after taking over"],
  ["Garp_Refresh_Timer", "MASTER: refresh bursts every garp_master_refresh"],
  ["Lower_Prio_Garp_Timer", "MASTER: second burst garp_lower_prio_delay after a lower advert"],
];

const GROUP_RULES = [
  "Start-up: a group whose member is down notifies FAULT, a group with no weight-0 script pending " +
  "notifies BACKUP, both before any instance; a group waiting for scripts stays INIT silently.",
  "Run time: the triggering instance acts first, the other members follow in `group{}` order " +
  "(skipping those already in the target state), the group's state change and notifies come last.",
  "BACKUP → MASTER: the last member to time out triggers; earlier ones only record their wish " +
  "(MASTER) and re-arm a full Master_Down_Timer.",
  "FAULT: the first faulty member pulls every other member to FAULT (a MASTER member sends one " +
  "priority-0 advert and drops its addresses); the group recovers only when no member is down or " +
  "waiting for a script.",
  "Shutdown: every instance notifies STOP (masters release first), then every group.",
  "An instance that has notified before stays silent when its group is already in the same state.",
];

/**
 * The transition table as a Mermaid state diagram (one edge per distinct from/input/to).
 *
 * @returns Mermaid source, without the code fence.
 *
 * @example
 * ```ts
 * import { describeDiagram } from "./describe.ts";
 * if (!describeDiagram().includes("BACKUP --> MASTER: Master_Down_Timer")) throw new Error();
 * ```
 */
export function describeDiagram(): string {
  const edges = new Set<string>();
  for (const t of TRANSITIONS) {
    if (t.from === t.to) continue;
    edges.add(`    ${t.from} --> ${t.to}: ${t.on}`);
  }
  return ["stateDiagram-v2", "    [*] --> INIT", ...edges].join("\n");
}

/**
 * The whole engine description in Markdown: states, timers, the diagram and every transition
 * with its condition and its actions in emission order.
 *
 * @returns The text of docs/engine.md.
 *
 * @example
 * ```ts
 * import { describeEngine } from "./describe.ts";
 * const md = describeEngine();
 * if (!md.startsWith("# The VRRP engine")) throw new Error();
 * ```
 */
export function describeEngine(): string {
  const out: string[] = [
    "# The VRRP engine",
    "",
    "<!-- Generated from lib/vrrp/state_machine.ts by `deno run -A tools/gen_engine_doc.ts`; do not edit. -->",
    "",
    ...wrap(
      "`lib/vrrp/engine.ts` runs keepalived 2.2.7's VRRP state machine without I/O: events with an " +
        "explicit `now` in microseconds go in (`start`, `advert`, `timer`, `tracker`, `interface`, " +
        "`priority`, `source-address`, `stop`, `delete`, `reload`), actions come out in the order to " +
        "execute them (`advert`, `add-vips`, `remove-vips`, `garp`, `schedule`, `state`, " +
        "`priority`, `notify`, `log`), and `nextDeadline()` says when to call it again with a " +
        "`timer` event. A `reload` pairs the new instances with the running ones by VRID, family, " +
        "interface and unicast/multicast (not by name): a MASTER advertises at once and diffs its " +
        "VIPs, a BACKUP gets a fresh Master_Down_Timer, FAULT is re-evaluated, all without " +
        "notifies; unpaired running instances take the `delete` path and new ones the `start` path.",
    ),
    "",
    "## States",
    "",
  ];
  for (const s of STATES) out.push(...wrap(`**${s}**: ${STATE_MEANING[s]}.`, "- ", "  "));
  out.push("", "## Timers (RFC 5798 names)", "");
  for (const [name, what] of TIMERS) out.push(...wrap(`\`${name}\`: ${what}.`, "- ", "  "));
  out.push("", "## Sync groups", "");
  for (const rule of GROUP_RULES) out.push(...wrap(rule, "- ", "  "));
  out.push("", "## Diagram", "", "```mermaid", describeDiagram(), "```", "", "## Transitions", "");
  out.push(
    ...wrap(
      "Inputs: `start`, `advert`, a timer name, `health` (trackers, interfaces or priority " +
        "re-evaluated), `sync` (a sync-group peer moved), `stop`, `delete`. Actions are listed in " +
        "the order they are emitted.",
    ),
  );
  for (const s of STATES) {
    const rows = TRANSITIONS.filter((t) => t.from === s);
    if (rows.length === 0) continue;
    out.push("", `### From ${s}`, "");
    for (const t of rows) {
      out.push(
        ...wrap(`${t.from} --\`${t.on}\`--> ${t.to}, when ${t.when}: ${t.does}.`, "- ", "  "),
      );
    }
  }
  out.push("");
  return out.join("\n");
}
