/**
 * Write a resolved model as a clean keepalived.conf: 4-space indent, one keyword per line, words
 * quoted where keepalived's lexer needs it, every value that validation derived written
 * explicitly so that reading the output gives the same model.
 *
 * @module
 */

import type { Model } from "../model.ts";
import { entryWords, type OutNode } from "./nodes.ts";
import { modelToNodes } from "./statements.ts";
import { quoteCommand, quoteWord } from "./_quote.ts";

const INDENT = "    ";

function line(depth: number, words: string[]): string {
  return INDENT.repeat(depth) + words.join(" ") + "\n";
}

/**
 * Render statement nodes as keepalived.conf text at a nesting depth.
 *
 * @example
 * ```ts
 * import { renderConf } from "./conf.ts";
 * const text = renderConf([{ kind: "block", keyword: "global_defs", body: [
 *   { kind: "value", keyword: "router_id", words: ["node 1"] },
 * ] }]);
 * if (text !== 'global_defs {\n    router_id "node 1"\n}\n') throw new Error(text);
 * ```
 */
export function renderConf(nodes: readonly OutNode[], depth = 0): string {
  let out = "";
  nodes.forEach((n, index) => {
    if (depth === 0 && index > 0) out += "\n";
    out += renderNode(n, depth);
  });
  return out;
}

function renderNode(n: OutNode, depth: number): string {
  switch (n.kind) {
    case "flag":
      return line(depth, [n.keyword]);
    case "bool":
      return line(depth, n.value ? [n.keyword] : [n.keyword, "false"]);
    case "value":
      return line(depth, [n.keyword, ...n.words.map(quoteWord)]);
    case "command": {
      const words = [n.keyword, quoteCommand(n.command)];
      if (n.user !== undefined) words.push(quoteCommand(n.user));
      if (n.user !== undefined && n.group !== undefined) words.push(quoteCommand(n.group));
      return line(depth, words);
    }
    case "list":
      return line(depth, [n.keyword, "{"]) +
        n.entries.map((e) => line(depth + 1, entryWords(e).map(quoteWord))).join("") +
        line(depth, ["}"]);
    case "block": {
      const head = n.name === undefined ? [n.keyword] : [n.keyword, quoteWord(n.name)];
      return line(depth, [...head, "{"]) + renderConf(n.body, depth + 1) + line(depth, ["}"]);
    }
  }
}

/**
 * Write a resolved model as keepalived.conf text.
 *
 * @example
 * ```ts
 * import { emitConf } from "./conf.ts";
 * import type { Model } from "../model.ts";
 * const model: Model = {
 *   globalDefs: {
 *     routerId: "node1", mcastGroup4: "224.0.0.18", mcastGroup6: "ff02::12", vrrpVersion: 2,
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
 * if (emitConf(model) !== "global_defs {\n    router_id node1\n}\n") throw new Error();
 * ```
 */
export function emitConf(model: Model): string {
  return renderConf(modelToNodes(model));
}
