/**
 * Private: the `virtual_rules` line parser behind `parseRule` in `routes.ts`. Words follow
 * `ip rule add` as keepalived reads them (full option names, plus `pref`).
 *
 * @module
 */

import type { Family } from "../config/model.ts";
import type { RuleAction, RuleSpec } from "./routes.ts";
import {
  ifname,
  type NameTables,
  prefix,
  protocol,
  readUnsigned,
  sameFamily,
  table,
  tos,
  u32,
  WordError,
  Words,
} from "./_route_words.ts";

/** keepalived rule options vipkeeper does not install. */
const UNSUPPORTED = new Set([
  "realms",
  "suppress_prefixlength",
  "sup_pl",
  "suppress_ifgroup",
  "sup_group",
  "tunnel-id",
  "uidrange",
  "l3mdev",
  "ipproto",
  "sport",
  "dport",
  "track_group",
]);

const SIMPLE_ACTIONS = new Set(["nop", "blackhole", "unreachable", "prohibit"]);
const KEEPALIVED = 18;

/** Parses one rule; throws `WordError`. Returns the spec and its warnings. */
export function parseRuleWords(
  words: readonly string[],
  names: NameTables,
): { spec: RuleSpec; warnings: string[] } {
  const w = new Words(words);
  const warnings: string[] = [];
  let family: Family | undefined;
  let action: RuleAction | undefined;
  let explicitProtocol: number | undefined;
  const spec: Omit<RuleSpec, "family" | "action" | "protocol"> = { not: false, noTrack: false };
  const setAction = (a: RuleAction, word: string) => {
    if (action) {
      throw new WordError(`rule has a second action '${word}' (after '${action.kind}')`);
    }
    action = a;
  };
  const side = (word: "from" | "to") => {
    const text = w.value(word);
    const p = prefix(word, text);
    if (!p) throw new WordError(`invalid rule ${word} prefix '${text}'`);
    if (p.family) family = sameFamily(family, p.family, text);
    if (p.prefix && p.prefix.length > 0) spec[word] = p.prefix;
    else delete spec[word];
  };
  for (let word = w.next(); word !== undefined; word = w.next()) {
    switch (word) {
      case "inet":
      case "inet6":
        family = sameFamily(family, word, word);
        break;
      case "from":
      case "to":
        side(word);
        break;
      case "table":
      case "lookup":
        setAction({ kind: "table", table: table(w.value(word), names) }, word);
        break;
      case "not":
        spec.not = true;
        break;
      case "preference":
      case "pref":
      case "order":
      case "priority":
        spec.priority = u32("preference", w.value(word));
        break;
      case "tos":
      case "dsfield":
        spec.tos = tos(w.value(word));
        break;
      case "fwmark": {
        const text = w.value(word);
        const [mark, mask, extra] = text.split("/");
        const m = readUnsigned(mark!, 0xffffffff);
        const k = mask === undefined ? undefined : readUnsigned(mask, 0xffffffff);
        if (m === undefined || (mask !== undefined && k === undefined) || extra !== undefined) {
          throw new WordError(`invalid fwmark '${text}' (MARK[/MASK], each 0..4294967295)`);
        }
        spec.fwmark = m;
        if (k !== undefined) spec.fwmask = k;
        break;
      }
      case "iif":
      case "dev":
        spec.iif = ifname(word, w.value(word));
        break;
      case "oif":
        spec.oif = ifname(word, w.value(word));
        break;
      case "protocol":
      case "proto":
        explicitProtocol = protocol(w.value(word), names);
        break;
      case "no_track":
        spec.noTrack = true;
        break;
      default: {
        if (UNSUPPORTED.has(word)) {
          throw new WordError(`rule option '${word}' is not supported by vipkeeper`);
        }
        const kind = word === "type" ? w.value(word) : word;
        if (kind === "goto") {
          setAction({ kind: "goto", target: u32("goto target", w.value(kind)) }, kind);
        } else if (SIMPLE_ACTIONS.has(kind)) {
          setAction({ kind } as RuleAction, kind);
        } else throw new WordError(`unknown rule keyword '${kind}'`);
      }
    }
  }
  if (!action) {
    throw new WordError("rule has no action (table, goto, nop, blackhole, unreachable, prohibit)");
  }
  if (action.kind === "goto") {
    if (spec.priority === undefined) throw new WordError("a goto rule needs a preference");
    if (spec.priority >= action.target) {
      throw new WordError(
        `goto target ${action.target} must be above the rule's preference ${spec.priority}`,
      );
    }
  }
  let proto = explicitProtocol ?? KEEPALIVED;
  if (!spec.noTrack && explicitProtocol !== undefined && explicitProtocol !== KEEPALIVED) {
    warnings.push(
      `protocol ${explicitProtocol} reset to keepalived (18): a tracked rule is owned by ` +
        "keepalived; add no_track to keep it",
    );
    proto = KEEPALIVED;
  }
  return { spec: { family: family ?? "inet", ...spec, action, protocol: proto }, warnings };
}
