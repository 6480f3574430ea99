/**
 * Private: the `virtual_routes` line parser behind `parseRoute` in `routes.ts`. Words follow
 * `ip route add` as keepalived reads them (full option names only).
 *
 * @module
 */

import type { Family } from "../config/model.ts";
import type { RouteSpec, RouteType } from "./routes.ts";
import {
  address,
  ifname,
  type NameTables,
  type Prefix,
  prefix,
  protocol,
  ROUTE_TYPES,
  sameFamily,
  scope,
  table,
  tos,
  u32,
  WordError,
  Words,
} from "./_route_words.ts";

/** keepalived route options vipkeeper does not install (metrics, nexthops, encapsulation). */
const UNSUPPORTED = new Set([
  "as",
  "nexthop",
  "or",
  "encap",
  "expires",
  "mtu",
  "hoplimit",
  "advmss",
  "rtt",
  "rttvar",
  "reordering",
  "window",
  "cwnd",
  "ssthresh",
  "realms",
  "rto_min",
  "initcwnd",
  "initrwnd",
  "features",
  "quickack",
  "congctl",
  "pref",
  "ttl-propagate",
  "fastopen_no_cookie",
  "vrf",
  "track_group",
]);

const KEEPALIVED = 18;
/** Types the kernel refuses a gateway or device for. */
const NO_NEXTHOP: ReadonlySet<RouteType> = new Set([
  "blackhole",
  "unreachable",
  "prohibit",
  "throw",
]);

/** Parses one route; throws `WordError`. Returns the spec and its warnings. */
export function parseRouteWords(
  words: readonly string[],
  names: NameTables,
): { spec: RouteSpec; warnings: string[] } {
  const w = new Words(words);
  const warnings: string[] = [];
  let family: Family | undefined;
  let dst: Prefix | undefined, dstSeen = false;
  let explicitProtocol: number | undefined;
  const spec: Omit<RouteSpec, "family" | "protocol"> = {
    table: 254,
    onlink: false,
    mode: "prepend",
    noTrack: false,
  };
  const destination = (word: string, type?: RouteType) => {
    const p = prefix("destination", word);
    if (!p) throw new WordError(`unknown route keyword '${word}'`);
    if (dstSeen) throw new WordError(`route has a second destination '${word}'`);
    if (p.family) family = sameFamily(family, p.family, word);
    dst = p.prefix;
    dstSeen = true;
    if (type) spec.type = type;
  };
  for (let word = w.next(); word !== undefined; word = w.next()) {
    switch (word) {
      case "inet":
      case "inet6":
        family = sameFamily(family, word, word);
        break;
      case "src": {
        const a = address("src", w.value(word));
        family = sameFamily(family, a.family, a.address);
        spec.src = a.address;
        break;
      }
      case "from": {
        const text = w.value(word);
        const p = prefix("from", text);
        if (!p) throw new WordError(`invalid from prefix '${text}'`);
        if (p.family !== "inet6" || !p.prefix) {
          throw new WordError(`'from ${text}' (source routing) is IPv6 only`);
        }
        family = sameFamily(family, "inet6", text);
        spec.from = p.prefix;
        break;
      }
      case "via":
      case "gw": {
        if (word === "gw") warnings.push("'gw' is deprecated; write 'via'");
        let text = w.value(word);
        if (text === "inet" || text === "inet6") {
          family = sameFamily(family, text, text);
          text = w.value(text);
        }
        const a = address("via", text);
        family = sameFamily(family, a.family, a.address);
        spec.via = a.address;
        break;
      }
      case "dev":
      case "oif":
        spec.dev = ifname(word, w.value(word));
        break;
      case "table":
        spec.table = table(w.value(word), names);
        break;
      case "protocol":
      case "proto":
        explicitProtocol = protocol(w.value(word), names);
        break;
      case "scope":
        spec.scope = scope(w.value(word));
        break;
      case "metric":
      case "priority":
      case "preference":
        spec.metric = u32("metric", w.value(word));
        break;
      case "tos":
      case "dsfield":
        spec.tos = tos(w.value(word));
        break;
      case "onlink":
        spec.onlink = true;
        break;
      case "add":
      case "prepend":
      case "append":
        spec.mode = word;
        break;
      case "no_track":
        spec.noTrack = true;
        break;
      case "to": {
        const next = w.value(word);
        if (next in ROUTE_TYPES) destination(w.value(next), next as RouteType);
        else destination(next);
        break;
      }
      default:
        if (UNSUPPORTED.has(word)) {
          throw new WordError(`route option '${word}' is not supported by vipkeeper`);
        }
        if (word in ROUTE_TYPES) {
          const next = w.value(word);
          destination(next === "to" ? w.value(next) : next, word as RouteType);
        } else destination(word);
    }
  }
  if (!dstSeen) throw new WordError("route has no destination");
  if (spec.type && NO_NEXTHOP.has(spec.type) && (spec.via || spec.dev)) {
    throw new WordError(`a ${spec.type} route takes no '${spec.via ? "via" : "dev"}'`);
  }
  let proto = explicitProtocol ?? KEEPALIVED;
  if (!spec.noTrack && explicitProtocol !== undefined && explicitProtocol !== KEEPALIVED) {
    warnings.push(
      `protocol ${explicitProtocol} reset to keepalived (18): a tracked route is owned by ` +
        "keepalived; add no_track to keep it",
    );
    proto = KEEPALIVED;
  }
  const out: RouteSpec = { family: family ?? "inet", ...spec, protocol: proto };
  if (dst) out.dst = dst;
  return { spec: out, warnings };
}
