/**
 * Write a resolved model in vipkeeper's YAML form (docs/yaml.md): keepalived's keywords as keys,
 * flags as booleans, list blocks as sequences, named blocks as mappings keyed by name.
 *
 * @module
 */

import { Document, isPair, isScalar, isSeq, visit } from "yaml";
import type { Model } from "../model.ts";
import { entryWords, formatNumber, type OutEntry, type OutNode } from "./nodes.ts";
import { modelToNodes } from "./statements.ts";

type Yaml = string | number | boolean | Yaml[] | { [key: string]: Yaml };

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
  const out: { [key: string]: Yaml } = { name: e.head.join(" ") };
  for (const opt of e.options) {
    out[opt[0]] = opt.length === 1 ? true : scalar([opt[1]]);
  }
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
      const out: { [key: string]: Yaml } = { command: n.command, user: n.user };
      if (n.group !== undefined) out.group = n.group;
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
function blockValue(body: readonly OutNode[]): { [key: string]: Yaml } {
  const out: { [key: string]: Yaml } = {};
  const repeated = new Set<string>();
  for (const n of body) {
    const v = nodeValue(n);
    if (!(n.keyword in out)) out[n.keyword] = v;
    else if (repeated.has(n.keyword)) (out[n.keyword] as Yaml[]).push(v);
    else {
      out[n.keyword] = [out[n.keyword] as Yaml, v];
      repeated.add(n.keyword);
    }
  }
  return out;
}

/**
 * Turn top-level statement nodes into the YAML document's value: `global_defs` a mapping, named
 * blocks grouped under their keyword and keyed by name.
 *
 * @example
 * ```ts
 * import { nodesToYamlValue } from "./yaml.ts";
 * const v = nodesToYamlValue([{ kind: "block", keyword: "vrrp_instance", name: "VI_1", body: [
 *   { kind: "flag", keyword: "nopreempt" },
 * ] }]);
 * if (JSON.stringify(v) !== '{"vrrp_instance":{"VI_1":{"nopreempt":true}}}') throw new Error();
 * ```
 */
export function nodesToYamlValue(nodes: readonly OutNode[]): Record<string, unknown> {
  const out: { [key: string]: Yaml } = {};
  for (const n of nodes) {
    if (n.kind === "block" && n.name !== undefined) {
      const group = (out[n.keyword] ??= {}) as { [key: string]: Yaml };
      group[n.name] = blockValue(n.body);
    } else {
      out[n.keyword] = nodeValue(n);
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
  if (Object.keys(value).length === 0) return "{}\n";
  const doc = new Document(value);
  // Compact where it reads better: entry mappings and sync-group member lists in flow style.
  visit(doc, {
    Map(_key, node, path) {
      if (isSeq(path.at(-1))) node.flow = true;
    },
    Seq(_key, node, path) {
      const parent = path.at(-1);
      if (isPair(parent) && isScalar(parent.key) && parent.key.value === "group") node.flow = true;
    },
  });
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  // A blank line between top-level sections.
  return text.replace(/\n(?=[^\s#])/g, "\n\n");
}
