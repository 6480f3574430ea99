/**
 * Text and JSON forms of an {@linkcode Explanation}. The text lists, per transition, each
 * synthetic input with its time and the engine's actions in order; timers that are merely
 * re-armed or cancelled are left out (the JSON keeps every action).
 *
 * @module
 */

import type { Action, NotifyHook } from "../vrrp/actions.ts";
import type { VirtualAddress } from "../config/model.ts";
import type { Explanation, SubjectExplanation } from "./explain.ts";
import type { InstanceTracking, TrackerEffect } from "./tracking.ts";

function seconds(us: number): string {
  return `${(us / 1_000_000).toFixed(6).replace(/\.?0+$/, "")} s`;
}

function word(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg);
}

/** argv as a shell-like line: plain words bare, others JSON-quoted. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map(word).join(" ");
}

function vipList(vips: VirtualAddress[]): string {
  return vips.map((v) => `${v.address}/${v.prefix}${v.dev ? ` dev ${v.dev}` : ""}`).join(", ");
}

function user(h: NotifyHook, fallback: string): string {
  if (h.user === undefined) return fallback;
  return h.group ? `${h.user}:${h.group}` : h.user;
}

/** One action as text lines (none for actions the text leaves out). */
function actionLines(a: Action, at: number, defaultUser: string): string[] {
  switch (a.type) {
    case "advert":
      return [
        `(${a.instance}) send advert, priority ${a.advert.priority}` +
        (a.advert.priority === 0 ? " (releasing)" : ""),
      ];
    case "add-vips":
    case "remove-vips": {
      const verb = a.type === "add-vips" ? "add" : "remove";
      const vips = [...a.vips, ...a.excluded];
      const lines = vips.length > 0 ? [`(${a.instance}) ${verb} ${vipList(vips)}`] : [];
      const route = (w: string[]) => `(${a.instance}) ${verb} route ${w.join(" ")}`;
      const rule = (w: string[]) => `(${a.instance}) ${verb} rule ${w.join(" ")}`;
      // keepalived's order: addresses, routes, rules on the way in; the reverse on the way out.
      const extra = [...(a.routes ?? []).map(route), ...(a.rules ?? []).map(rule)];
      return verb === "add" ? [...lines, ...extra] : [...extra.reverse(), ...lines];
    }
    case "garp":
      return [
        `(${a.instance}) GARP/NA ${a.repeat} × {${a.addresses.map((v) => v.address).join(", ")}}` +
        ` (${a.reason})`,
      ];
    case "schedule":
      if (a.at === undefined) return [];
      if (a.timer === "Garp_Delay_Timer") {
        return [`(${a.instance}) another GARP/NA burst in ${seconds(a.at - at)}`];
      }
      if (a.timer === "Garp_Refresh_Timer") {
        return [`(${a.instance}) GARP/NA refresh from ${seconds(a.at - at)} on`];
      }
      if (a.timer === "Master_Down_Timer") {
        return [`(${a.instance}) Master_Down_Timer expires in ${seconds(a.at - at)}`];
      }
      return [];
    case "state":
      return [
        `${a.scope === "group" ? `group ${a.name}` : `(${a.name})`}: ${a.from} → ${a.to}`,
      ];
    case "priority":
      return [`(${a.instance}) effective priority ${a.from} → ${a.to}`];
    case "notify": {
      const lines = [`notify ${a.fifo}`];
      a.hooks.forEach((h, i) => {
        lines.push(
          `  hook ${i + 1}: ${h.hook}: ${formatArgv(h.argv)}  [as ${user(h, defaultUser)}]`,
        );
      });
      if (a.hooks.length === 0) lines.push("  (no hook configured)");
      lines.push(`  FIFO: ${a.fifo}`);
      return lines;
    }
    case "log":
      return [`(${a.instance}) log: ${a.message}`];
  }
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function effectLine(t: TrackerEffect, effective: number): string {
  const what = t.kind === "own-interface" ? `own interface ${t.name}` : `${t.kind} ${t.name}`;
  const weight = t.kind === "own-interface"
    ? "unweighted"
    : `weight ${t.weight}${t.reverse ? " reverse" : ""}`;
  const result = t.result === "FAULT" ? "FAULT" : `${t.result} (${signed(t.result - effective)})`;
  const back = typeof t.recovered === "number" ? `${t.recovered}` : t.recovered;
  return `${what}, ${weight} [${t.from}]: ${t.healthy} → ${t.flipped}: ${result}; back: ${back}`;
}

function trackingLines(t: InstanceTracking): string[] {
  const lines = [
    `(${t.instance}) priority: base ${t.base}, effective ${t.effective} when every tracked object is healthy`,
  ];
  for (const e of t.trackers) lines.push(`  ${effectLine(e, t.effective)}`);
  for (const w of t.weightRule) {
    lines.push(`  weight rule [${w.code}]: ${w.message}`);
  }
  return lines;
}

function subjectLines(s: SubjectExplanation, defaultUser: string): string[] {
  const head = s.kind === "group"
    ? `sync group ${s.name} { ${s.members.join(" ")} } (transitions triggered by ${s.trigger})`
    : `instance ${s.name}`;
  const lines = [head, ""];
  for (const t of s.tracking) lines.push(...trackingLines(t).map((l) => `  ${l}`));
  for (const tr of s.transitions) {
    lines.push("", `  ${tr.name} (from ${tr.from}: ${tr.trigger})`);
    for (const step of tr.steps) {
      lines.push(`    at ${seconds(step.at)}: ${step.what}`);
      const acts = step.actions.flatMap((a) => actionLines(a, step.at, defaultUser));
      if (acts.length === 0) lines.push("      (nothing)");
      for (const l of acts) lines.push(`      ${l}`);
    }
  }
  return lines;
}

/**
 * The text form: per subject, the tracking summary, then each transition's steps and actions.
 *
 * @example
 * ```ts
 * import { renderText } from "./render.ts";
 * if (renderText({ defaultUser: "root", subjects: [] }) !== "no instances\n") throw new Error();
 * ```
 */
export function renderText(e: Explanation): string {
  if (e.subjects.length === 0) return "no instances\n";
  const lines = [
    "Times are synthetic (seconds after start-up). Hooks run one at a time, in the order listed.",
    `Hooks without a user run as ${e.defaultUser}.`,
  ];
  for (const s of e.subjects) lines.push("", ...subjectLines(s, e.defaultUser));
  return lines.join("\n") + "\n";
}

/**
 * The JSON form: the explanation as data, every action included (authentication data left out).
 *
 * @example
 * ```ts
 * import { renderJson } from "./render.ts";
 * const parsed = JSON.parse(renderJson({ defaultUser: "root", subjects: [] }));
 * if (parsed.subjects.length !== 0) throw new Error();
 * ```
 */
export function renderJson(e: Explanation): string {
  return JSON.stringify(
    e,
    (key, value) =>
      key === "auth" && value?.data instanceof Uint8Array ? { type: value.type } : value,
    2,
  ) + "\n";
}
