/**
 * The one model → statements step behind both emitters: a resolved `Model` becomes the list of
 * top-level keepalived statements that, validated again, give the same model.
 *
 * @module
 */

import type {
  Model,
  Trackers,
  TrackFile,
  TrackProcess,
  VrrpInstance,
  VrrpScript,
} from "../model.ts";
import { formatNumber, type OutNode } from "./nodes.ts";
import { command, flagIf, num, type ReverseOf, word } from "./_common.ts";
import { globalDefsNode } from "./_global.ts";
import { instanceNode, syncGroupNode } from "./_instance.ts";

function weightNode(weight: number, reverse: boolean): OutNode {
  const words = [formatNumber(weight)];
  if (reverse) words.push("reverse");
  return { kind: "value", keyword: "weight", words };
}

function userWords(u: { user: string; group?: string }): string[] {
  return u.group === undefined ? [u.user] : [u.user, u.group];
}

function scriptNode(s: VrrpScript): OutNode {
  const body: OutNode[] = [command("script", s.script), num("interval", s.interval)];
  if (s.timeout !== 0) body.push(num("timeout", s.timeout));
  if (s.weight !== 0 || s.reverse) body.push(weightNode(s.weight, s.reverse));
  if (s.rise !== 1) body.push(num("rise", s.rise));
  if (s.fall !== 1) body.push(num("fall", s.fall));
  if (s.user !== undefined) body.push({ kind: "value", keyword: "user", words: userWords(s.user) });
  body.push(...flagIf("init_fail", s.initFail));
  return { kind: "block", keyword: "vrrp_script", name: s.name, body };
}

function trackFileNode(f: TrackFile): OutNode {
  const body: OutNode[] = [word("file", f.file)];
  if (f.weight !== 1 || f.reverse) body.push(weightNode(f.weight, f.reverse));
  if (f.initFile !== undefined) {
    const words = [formatNumber(f.initFile.value)];
    if (f.initFile.overwrite) words.push("overwrite");
    body.push({ kind: "value", keyword: "init_file", words });
  }
  return { kind: "block", keyword: "track_file", name: f.name, body };
}

function processNode(p: TrackProcess): OutNode {
  const body: OutNode[] = [{ kind: "value", keyword: "process", words: [...p.process] }];
  if (p.paramMatch !== "exact") body.push(word("param_match", p.paramMatch));
  if (p.weight !== 0 || p.reverse) body.push(weightNode(p.weight, p.reverse));
  if (p.quorum !== 1) body.push(num("quorum", p.quorum));
  if (p.quorumMax !== undefined) body.push(num("quorum_max", p.quorumMax));
  // `delay` sets both others, so it comes first and they follow when set.
  if (p.delay !== 0) body.push(num("delay", p.delay));
  if (p.terminateDelay !== 0) body.push(num("terminate_delay", p.terminateDelay));
  if (p.forkDelay !== 0) body.push(num("fork_delay", p.forkDelay));
  body.push(...flagIf("full_command", p.fullCommand));
  return { kind: "block", keyword: "vrrp_track_process", name: p.name, body };
}

function reverseLookup(m: Model): ReverseOf {
  return (kind: keyof Trackers, name: string) => {
    const pool = kind === "trackScript"
      ? m.scripts
      : kind === "trackFile"
      ? m.trackFiles
      : kind === "trackProcess"
      ? m.trackProcesses
      : [];
    return pool.find((o) => o.name === name)?.reverse;
  };
}

function delaysNode(model: Model): OutNode[] {
  const rows = model.interfaceDelays ?? [];
  if (rows.length === 0) return [];
  const entries = rows.map((d) => ({ head: [d.interface, `${d.down}`, `${d.up}`], options: [] }));
  return [{ kind: "list", keyword: "interface_up_down_delays", entries }];
}

/**
 * Turn a resolved model into top-level statements, in the order `global_defs` (left out when
 * everything in it is a default), scripts, track files, track processes, instances, sync groups.
 *
 * @example
 * ```ts
 * import { modelToNodes } from "./statements.ts";
 * import type { Model } from "../model.ts";
 * const model: Model = {
 *   globalDefs: {
 *     mcastGroup4: "224.0.0.18", mcastGroup6: "ff02::12", vrrpVersion: 2, v3ChecksumAsV2: false,
 *     garp: { masterDelay: 5, masterRepeat: 5, masterRefresh: 0, masterRefreshRepeat: 1,
 *       lowerPrioDelay: 5, lowerPrioRepeat: 5 },
 *     garpInterval: 0, gnaInterval: 0, downTimerAdverts: 3, lowerPrioNoAdvert: false,
 *     higherPrioSendAdvert: false, checkUnicastSrc: false, skipCheckAdvAddr: false, strict: false,
 *     ownerIgnoreAdverts: false, notifyPriorityChanges: false, fifoWriteStatesOnReload: false,
 *     enableScriptSecurity: false, startupDelay: 0, logUnknownVrids: false,
 *     dynamicInterfaces: false, other: {},
 *   },
 *   scripts: [], trackFiles: [], trackProcesses: [], instances: [], syncGroups: [],
 * };
 * if (modelToNodes(model).length !== 0) throw new Error("all defaults: nothing to write");
 * ```
 */
export function modelToNodes(model: Model): OutNode[] {
  const reverseOf = reverseLookup(model);
  const g = model.globalDefs;
  const groupOf = (i: VrrpInstance) =>
    i.syncGroup !== undefined
      ? model.syncGroups.find((s) => s.name === i.syncGroup)
      : model.syncGroups.find((s) => s.group.includes(i.name));
  const globals = globalDefsNode(g);
  const hasGlobals = globals.kind === "block" && globals.body.length > 0;
  return [
    ...(hasGlobals ? [globals] : []),
    ...delaysNode(model),
    ...model.scripts.map(scriptNode),
    ...model.trackFiles.map(trackFileNode),
    ...model.trackProcesses.map(processNode),
    ...model.instances.map((i) => {
      const group = groupOf(i);
      return instanceNode(
        i,
        group ? { globalDefs: g, group, reverseOf } : { globalDefs: g, reverseOf },
      );
    }),
    ...model.syncGroups.map((s) => syncGroupNode(s, g, reverseOf)),
  ];
}
