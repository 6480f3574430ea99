/**
 * Write a resolved model in vipkeeper's YAML form (docs/yaml.md): keepalived's keywords as keys,
 * flags as booleans, list blocks as sequences, named blocks as mappings keyed by name.
 *
 * @module
 */

import type { Model } from "../model.ts";
import { entryWords, formatNumber, type OutEntry, type OutNode } from "./nodes.ts";
import { modelToNodes } from "./statements.ts";
import { writeYaml, type YamlValue } from "./_yaml_writer.ts";

/** A YAML value; mappings are `Map`s so that names like `62` keep their written order. */
type Yaml = YamlValue;
type YamlMap = Map<string, Yaml>;

/**
 * Words as one YAML scalar: a number when it reads back as the same word, else a string in which
 * words holding blanks are double-quoted (the YAML front end splits scalars the same way).
 */
function scalar(words: readonly string[]): string | number {
  if (words.length === 1) {
    const w = words[0] ?? "";
    if (/^-?\d+(\.\d+)?$/.test(w) && formatNumber(Number(w)) === w) return Number(w);
  }
  return words.map((w) => (w === "" || /\s/.test(w) || w.startsWith('"') ? `"${w}"` : w))
    .join(" ");
}

function entryValue(e: OutEntry): Yaml {
  if (e.headKey !== "name" || e.options.length === 0 || e.tail !== undefined) {
    return String(scalar(entryWords(e)));
  }
  const out: YamlMap = new Map([["name", e.head.join(" ")]]);
  for (const opt of e.options) out.set(opt[0], opt.length === 1 ? true : scalar([opt[1]]));
  return out;
}

function nodeValue(n: OutNode): Yaml {
  switch (n.kind) {
    case "flag":
      return true;
    case "bool":
      return n.value;
    case "value":
      return scalar(n.words);
    case "command": {
      if (n.user === undefined) return n.command;
      const out: YamlMap = new Map([["command", n.command], ["user", n.user]]);
      if (n.group !== undefined) out.set("group", n.group);
      return out;
    }
    case "list":
      return n.entries.map(entryValue);
    case "block":
      return blockValue(n.body);
  }
}

/**
 * The YAML value of a block body: one key per keyword; a keyword written several times (kept
 * `other` keywords) becomes a list of its occurrences.
 */
function blockValue(body: readonly OutNode[]): YamlMap {
  const out: YamlMap = new Map();
  const repeated = new Set<string>();
  for (const n of body) {
    const v = nodeValue(n);
    const had = out.get(n.keyword);
    if (had === undefined) out.set(n.keyword, v);
    else if (repeated.has(n.keyword)) (had as Yaml[]).push(v);
    else {
      out.set(n.keyword, [had, v]);
      repeated.add(n.keyword);
    }
  }
  return out;
}

/**
 * Turn top-level statement nodes into the YAML document's value (`Map`s, in written order):
 * `global_defs` a mapping, named blocks grouped under their keyword and keyed by name.
 *
 * @example
 * ```ts
 * import { nodesToYamlValue } from "./yaml.ts";
 * const v = nodesToYamlValue([{ kind: "block", keyword: "vrrp_instance", name: "VI_1", body: [
 *   { kind: "flag", keyword: "nopreempt" },
 * ] }]);
 * const vi = (v.get("vrrp_instance") as Map<string, Map<string, unknown>>).get("VI_1");
 * if (vi?.get("nopreempt") !== true) throw new Error();
 * ```
 */
export function nodesToYamlValue(nodes: readonly OutNode[]): Map<string, YamlValue> {
  const out: YamlMap = new Map();
  for (const n of nodes) {
    if (n.kind === "block" && n.name !== undefined) {
      const group = (out.get(n.keyword) ?? new Map()) as YamlMap;
      group.set(n.name, blockValue(n.body));
      out.set(n.keyword, group);
    } else {
      out.set(n.keyword, nodeValue(n));
    }
  }
  return out;
}

/**
 * Write a resolved model as YAML text in the documented form.
 *
 * @example
 * ```ts
 * import { emitYaml } from "./yaml.ts";
 * import type { Model } from "../model.ts";
 * const model: Model = {
 *   globalDefs: {
 *     routerId: "node1", mcastGroup4: "224.0.0.18", mcastGroup6: "ff02::12", vrrpVersion: 3,
 *     v3ChecksumAsV2: false, garp: { masterDelay: 5, masterRepeat: 5, masterRefresh: 0,
 *       masterRefreshRepeat: 1, lowerPrioDelay: 5, lowerPrioRepeat: 5 },
 *     garpInterval: 0, gnaInterval: 0, downTimerAdverts: 3, lowerPrioNoAdvert: false,
 *     higherPrioSendAdvert: false, checkUnicastSrc: false, skipCheckAdvAddr: false, strict: false,
 *     ownerIgnoreAdverts: false, notifyPriorityChanges: false, fifoWriteStatesOnReload: false,
 *     enableScriptSecurity: false, startupDelay: 0, logUnknownVrids: false,
 *     dynamicInterfaces: false, other: {},
 *   },
 *   scripts: [], trackFiles: [], trackProcesses: [], instances: [], syncGroups: [],
 * };
 * const text = emitYaml(model);
 * if (text !== "global_defs:\n  router_id: node1\n  vrrp_version: 3\n") throw new Error(text);
 * ```
 */
export function emitYaml(model: Model): string {
  const value = nodesToYamlValue(modelToNodes(model));
  return writeYaml(value, ["group"]);
}
