/**
 * keepalived's `virtual_routes` and `virtual_rules`: one line's words (as the config model
 * keeps them) parsed into a typed `RouteSpec` / `RuleSpec`, turned into the `Rtnetlink`
 * request that installs or removes it, and the kernel's "already there" / "already gone"
 * answers told apart from real failures. See docs/routes.md for the syntax and what differs
 * from keepalived.
 *
 * @module
 */

import type { Family } from "../config/model.ts";
import { SyscallError } from "../sys/errno.ts";
import type { IpPrefix, RouteMode, RouteRequest, RuleRequest } from "../sys/netlink/route_msg.ts";
import type { Rtnetlink } from "../sys/netlink/rtnetlink.ts";
import { parseRouteWords } from "./_route_parse.ts";
import { type NameTables, ROUTE_TYPES, WordError } from "./_route_words.ts";
import { parseRuleWords } from "./_rule_parse.ts";

export type { NameTables } from "./_route_words.ts";

/** A route type before the destination (`blackhole 192.0.2.0/24`). */
export type RouteType = keyof typeof ROUTE_TYPES;

/** One `virtual_routes` line, parsed. */
export interface RouteSpec {
  family: Family;
  /** Destination; absent for `default` (or a /0). */
  dst?: IpPrefix;
  /** The type when written; absent means unicast (and a delete then matches any type). */
  type?: RouteType;
  /** `from PREFIX`: IPv6 source routing (RTA_SRC). */
  from?: IpPrefix;
  /** `src ADDR`: the preferred source address (RTA_PREFSRC). */
  src?: string;
  /** `via ADDR` (or the deprecated `gw`). */
  via?: string;
  /** `dev IF` (or `oif IF`). */
  dev?: string;
  /** `table N|NAME`; default 254 (main). */
  table: number;
  /** `metric`/`priority`/`preference N`. */
  metric?: number;
  /** `scope S` (RT_SCOPE_*); absent: universe to add, any to delete. */
  scope?: number;
  /** RTPROT_*: 18 (keepalived) unless `no_track` with an explicit `protocol`. */
  protocol: number;
  /** `tos N` / `dsfield N`. */
  tos?: number;
  /** `onlink`. */
  onlink: boolean;
  /** `add` / `prepend` (default) / `append`. */
  mode: RouteMode;
  /** `no_track`: deleting it from outside does not take the instance out of MASTER. */
  noTrack: boolean;
}

/** What a rule does with a matching packet. */
export type RuleAction =
  | { kind: "table"; table: number }
  | { kind: "goto"; target: number }
  | { kind: "nop" | "blackhole" | "unreachable" | "prohibit" };

/** One `virtual_rules` line, parsed. */
export interface RuleSpec {
  family: Family;
  /** `from PREFIX`; absent for `all`. */
  from?: IpPrefix;
  /** `to PREFIX`; absent for `all`. */
  to?: IpPrefix;
  /** `not`: inverts the match. */
  not: boolean;
  action: RuleAction;
  /** `preference`/`pref`/`priority`/`order N`; see `assignRulePriorities`. */
  priority?: number;
  /** `fwmark N[/MASK]`. */
  fwmark?: number;
  fwmask?: number;
  /** `iif IF` / `dev IF`. */
  iif?: string;
  /** `oif IF`. */
  oif?: string;
  /** `tos N`. */
  tos?: number;
  /** RTPROT_*: 18 (keepalived) unless `no_track` with an explicit `protocol`. */
  protocol: number;
  /** `no_track`. */
  noTrack: boolean;
}

/** A parse result: the spec (with warnings, e.g. a deprecated word) or an error. */
export type Parsed<T> = { ok: true; spec: T; warnings: string[] } | { ok: false; error: string };

/**
 * Parses one `virtual_routes` line.
 *
 * @example
 * ```ts
 * import { parseRoute } from "./routes.ts";
 * const r = parseRoute(["198.51.100.0/24", "via", "192.0.2.254", "dev", "eth0", "table", "100"]);
 * console.assert(r.ok && r.spec.via === "192.0.2.254" && r.spec.table === 100);
 * const bad = parseRoute(["198.51.100.0/24", "vai", "192.0.2.254"]);
 * console.assert(!bad.ok && bad.error === "unknown route keyword 'vai'");
 * ```
 */
export function parseRoute(words: readonly string[], names: NameTables = {}): Parsed<RouteSpec> {
  return attempt(() => parseRouteWords(words, names));
}

/**
 * Parses one `virtual_rules` line.
 *
 * @example
 * ```ts
 * import { parseRule } from "./routes.ts";
 * const r = parseRule(["from", "192.0.2.0/24", "table", "100", "preference", "100"]);
 * console.assert(r.ok && r.spec.action.kind === "table" && r.spec.priority === 100);
 * ```
 */
export function parseRule(words: readonly string[], names: NameTables = {}): Parsed<RuleSpec> {
  return attempt(() => parseRuleWords(words, names));
}

function attempt<T>(fn: () => { spec: T; warnings: string[] }): Parsed<T> {
  try {
    return { ok: true, ...fn() };
  } catch (e) {
    if (e instanceof WordError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * Gives rules without a preference one, as keepalived does when it reads its configuration:
 * counting down from 16384, separately for IPv4 and IPv6, in configuration order. Call it
 * once per load over every instance's rules in order, threading `next` from one call to the
 * next.
 *
 * @example
 * ```ts
 * import { assignRulePriorities, parseRule } from "./routes.ts";
 * const a = parseRule(["from", "192.0.2.0/24", "table", "1"]);
 * const b = parseRule(["to", "198.51.100.0/24", "table", "1"]);
 * if (a.ok && b.ok) {
 *   const { specs } = assignRulePriorities([a.spec, b.spec]);
 *   console.assert(specs[0]?.priority === 16384 && specs[1]?.priority === 16383);
 * }
 * ```
 */
export function assignRulePriorities(
  specs: readonly RuleSpec[],
  next: Readonly<Record<Family, number>> = { inet: 16384, inet6: 16384 },
): { specs: RuleSpec[]; next: Record<Family, number> } {
  const counter = { ...next };
  const out = specs.map((s) =>
    s.priority !== undefined ? s : { ...s, priority: counter[s.family]-- }
  );
  return { specs: out, next: counter };
}

/** Types with neither gateway nor device (the kernel refuses both). */
const DEVICELESS: ReadonlySet<RouteType> = new Set([
  "blackhole",
  "unreachable",
  "prohibit",
  "throw",
]);

/**
 * The `Rtnetlink` request for a route. `ifIndex` resolves `dev` (it may throw when the
 * interface is gone). `defaultDev` (normally the instance's interface) is used only for a
 * route that has neither `dev` nor `via` and is not a blackhole/unreachable/prohibit/throw
 * route: the kernel would refuse it without a device; keepalived sends none.
 *
 * @example
 * ```ts
 * import { parseRoute, routeRequest } from "./routes.ts";
 * const r = parseRoute(["198.51.100.0/24", "src", "192.0.2.1"]);
 * if (r.ok) {
 *   const req = routeRequest(r.spec, (name) => (name === "eth0" ? 2 : 0), "eth0");
 *   console.assert(req.oif === 2 && req.prefsrc === "192.0.2.1" && req.protocol === 18);
 * }
 * ```
 */
export function routeRequest(
  spec: RouteSpec,
  ifIndex: (ifname: string) => number,
  defaultDev?: string,
): RouteRequest {
  const req: RouteRequest = {
    family: spec.family,
    table: spec.table,
    protocol: spec.protocol,
    mode: spec.mode,
  };
  const needsDev = spec.via === undefined && !(spec.type && DEVICELESS.has(spec.type));
  const dev = spec.dev ?? (needsDev ? defaultDev : undefined);
  if (spec.dst) req.dst = spec.dst;
  if (spec.from) req.src = spec.from;
  if (spec.src !== undefined) req.prefsrc = spec.src;
  if (spec.via !== undefined) req.gateway = spec.via;
  if (dev !== undefined) req.oif = ifIndex(dev);
  if (spec.metric !== undefined) req.metric = spec.metric;
  if (spec.scope !== undefined) req.scope = spec.scope;
  if (spec.type) req.type = ROUTE_TYPES[spec.type];
  if (spec.tos !== undefined) req.tos = spec.tos;
  if (spec.onlink) req.flags = 4; // RTNH_F_ONLINK
  return req;
}

const FR_ACT = { table: 1, goto: 2, nop: 3, blackhole: 6, unreachable: 7, prohibit: 8 } as const;

/**
 * The `Rtnetlink` request for a rule (interfaces go by name: no lookup needed).
 *
 * @example
 * ```ts
 * import { parseRule, ruleRequest } from "./routes.ts";
 * const r = parseRule(["from", "192.0.2.0/24", "table", "1000", "pref", "10", "iif", "eth0"]);
 * if (r.ok) {
 *   const req = ruleRequest(r.spec);
 *   console.assert(req.action === 1 && req.table === 1000 && req.iif === "eth0");
 * }
 * ```
 */
export function ruleRequest(spec: RuleSpec): RuleRequest {
  const req: RuleRequest = {
    family: spec.family,
    action: FR_ACT[spec.action.kind],
    protocol: spec.protocol,
  };
  if (spec.action.kind === "table") req.table = spec.action.table;
  if (spec.action.kind === "goto") req.goto = spec.action.target;
  if (spec.from) req.src = spec.from;
  if (spec.to) req.dst = spec.to;
  if (spec.not) req.invert = true;
  if (spec.priority !== undefined) req.priority = spec.priority;
  if (spec.fwmark !== undefined) req.fwmark = spec.fwmark;
  if (spec.fwmask !== undefined) req.fwmask = spec.fwmask;
  if (spec.iif !== undefined) req.iif = spec.iif;
  if (spec.oif !== undefined) req.oif = spec.oif;
  if (spec.tos !== undefined) req.tos = spec.tos;
  return req;
}

/** The part of `Rtnetlink` that installs and removes routes and rules. */
export type RouteNetlink = Pick<Rtnetlink, "addRoute" | "deleteRoute" | "addRule" | "deleteRule">;

/**
 * Adds a route: `"added"`, or `"present"` when the kernel already has it (EEXIST); any other
 * failure is thrown (a `SyscallError`).
 *
 * @example
 * ```ts
 * import { installRoute } from "./routes.ts";
 * const nl = { addRoute: () => Promise.resolve() };
 * console.assert(await installRoute(nl, { family: "inet" }) === "added");
 * ```
 */
export function installRoute(
  nl: Pick<RouteNetlink, "addRoute">,
  r: RouteRequest,
): Promise<"added" | "present"> {
  return outcome(nl.addRoute(r), "added", "present", ["EEXIST"]);
}

/**
 * Deletes a route: `"removed"`, or `"absent"` when there was none (ESRCH); others throw.
 *
 * @example
 * ```ts
 * import { removeRoute } from "./routes.ts";
 * import { SyscallError } from "../sys/errno.ts";
 * const nl = { deleteRoute: () => Promise.reject(new SyscallError("netlink delete route", 3)) };
 * console.assert(await removeRoute(nl, { family: "inet" }) === "absent");
 * ```
 */
export function removeRoute(
  nl: Pick<RouteNetlink, "deleteRoute">,
  r: RouteRequest,
): Promise<"removed" | "absent"> {
  return outcome(nl.deleteRoute(r), "removed", "absent", ["ESRCH", "ENOENT"]);
}

/**
 * Adds a rule: `"added"`, or `"present"` when the kernel already has it (EEXIST).
 *
 * @example
 * ```ts
 * import { installRule } from "./routes.ts";
 * import { SyscallError } from "../sys/errno.ts";
 * const nl = { addRule: () => Promise.reject(new SyscallError("netlink add rule", 17)) };
 * console.assert(await installRule(nl, { family: "inet", action: 1, table: 5 }) === "present");
 * ```
 */
export function installRule(
  nl: Pick<RouteNetlink, "addRule">,
  r: RuleRequest,
): Promise<"added" | "present"> {
  return outcome(nl.addRule(r), "added", "present", ["EEXIST"]);
}

/**
 * Deletes a rule: `"removed"`, or `"absent"` when there was none (ENOENT).
 *
 * @example
 * ```ts
 * import { removeRule } from "./routes.ts";
 * const nl = { deleteRule: () => Promise.resolve() };
 * console.assert(await removeRule(nl, { family: "inet6", action: 6 }) === "removed");
 * ```
 */
export function removeRule(
  nl: Pick<RouteNetlink, "deleteRule">,
  r: RuleRequest,
): Promise<"removed" | "absent"> {
  return outcome(nl.deleteRule(r), "removed", "absent", ["ENOENT", "ESRCH"]);
}

async function outcome<A extends string, B extends string>(
  p: Promise<void>,
  done: A,
  already: B,
  codes: readonly string[],
): Promise<A | B> {
  try {
    await p;
    return done;
  } catch (e) {
    if (e instanceof SyscallError && codes.includes(e.code)) return already;
    throw e;
  }
}
