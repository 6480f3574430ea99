/**
 * What a MASTER holds, put in place and taken away: VIPs and excluded VIPs through rtnetlink,
 * then `virtual_routes` and `virtual_rules` (keepalived's order: addresses, routes, rules on the
 * way in; rules, routes, addresses on the way out), and the GARP / NA bursts.
 *
 * @module
 */

import type { Model, VrrpInstance } from "../config/model.ts";
import type { Logger } from "../notify/logger.ts";
import type { Action } from "../vrrp/actions.ts";
import type { AddressNet, Announcer, RouteNet } from "./ports.ts";

/** VIPs of an instance `primeHeld` runs through (the first GARP waits for the first few). */
const PRIMED_VIPS = 4;

/** The ports this needs. */
export interface HeldPorts {
  /** Addresses. */
  addresses: AddressNet;
  /** Routes and rules; without it they are logged as not installed. */
  routes?: RouteNet;
  /** Log lines. */
  logger: Logger;
}

/** Execute an `add-vips` / `remove-vips` action of `inst`, whose VIPs live on `iface`. */
export async function changeHeld(
  action: Extract<Action, { type: "add-vips" | "remove-vips" }>,
  inst: VrrpInstance,
  iface: string | undefined,
  ports: HeldPorts,
): Promise<void> {
  const vips = [...action.vips, ...action.excluded];
  const { routes = [], rules = [] } = action;
  const lines = routes.length + rules.length > 0;
  const change = action.type === "add-vips" ? "add" : "remove";
  // Every address is requested at once (rtnetlink sends them back to back, in order, and the
  // kernel has made each change by the time its request is sent); then the answers are read.
  const one = (vip: VrrpInstance["vips"][number]) =>
    ports.addresses[change]({ ...vipSpec(vip), interface: vip.dev ?? iface ?? "" });
  const all = () => vips.length === 1 ? one(vips[0]!) : settleAll(vips.map(one));
  if (change === "add") {
    await all();
    if (lines) await routeLines(ports, inst, "add", routes, rules);
  } else {
    if (lines) await routeLines(ports, inst, "remove", routes, rules);
    await all();
  }
}

/**
 * Runs what a takeover of `inst` does for its VIPs and GARPs up to the sending, sending nothing
 * (through the ports' optional `prime`): called just before a rare timer, so that the code and
 * data are in the CPU caches if it is this instance's Master_Down.
 */
export function primeHeld(
  inst: VrrpInstance,
  iface: string | undefined,
  ports: Pick<HeldPorts, "addresses"> & { announcer: Announcer },
): void {
  for (const vip of [...inst.vips, ...inst.excludedVips].slice(0, PRIMED_VIPS)) {
    const dev = vip.dev ?? iface ?? "";
    ports.addresses.prime?.({ ...vipSpec(vip), interface: dev });
    ports.announcer.prime?.(dev, vip.family, vip.address);
  }
}

/**
 * How many of `action`'s changes `changeHeld` asks of the address port; undefined when it has
 * route or rule lines too (those go after the addresses, once the addresses are acknowledged).
 */
export function heldChanges(
  action: Extract<Action, { type: "add-vips" | "remove-vips" }>,
): number | undefined {
  const { routes = [], rules = [] } = action;
  return routes.length + rules.length > 0 ? undefined : action.vips.length + action.excluded.length;
}

/** Waits for all; then throws the first failure, naming how many more there were. */
async function settleAll(changes: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(changes)).filter((r) => r.status === "rejected");
  if (failed.length === 0) return;
  if (failed.length === 1) throw failed[0]!.reason;
  throw new Error(`${message(failed[0]!.reason)} (and ${failed.length - 1} more)`);
}

/**
 * A configuration was loaded: the route port fixes what depends on all of it (rule
 * preferences), and every `virtual_routes` / `virtual_rules` line is checked now, so a bad one
 * is reported at start-up or reload rather than at the first takeover.
 */
export function prepareRouteLines(model: Model, ports: HeldPorts): void {
  const net = ports.routes;
  if (net === undefined) return;
  net.configure?.(model);
  if (net.check === undefined) return;
  for (const inst of model.instances) {
    const lines = [
      ...inst.virtualRoutes.map((w) => ["route", w] as const),
      ...inst.virtualRules.map((w) => ["rule", w] as const),
    ];
    for (const [kind, words] of lines) {
      const what = `(${inst.name}) virtual_${kind}s line '${words.join(" ")}'`;
      try {
        for (const w of net.check(words, kind)) ports.logger.warn(`${what}: ${w}`);
      } catch (e) {
        ports.logger.error(`${what} is invalid: ${message(e)}; it will not be installed`);
      }
    }
  }
}

/** Something deleted from outside: an address from an interface, or a route or rule line. */
export type Gone =
  | { kind: "address"; address: string; iface: string }
  | { kind: "route" | "rule"; words: string[] };

/**
 * What of `inst` (holding its VIPs on `held`) `gone` is, if it is one of its tracked VIPs or
 * tracked lines (no `no_track`), for the log line; undefined when it is not the instance's.
 */
export function goneFrom(
  inst: VrrpInstance,
  held: string | undefined,
  gone: Gone,
): string | undefined {
  if (gone.kind === "address") {
    const hit = [...inst.vips, ...inst.excludedVips].some((v) =>
      !v.noTrack && v.address === gone.address && (v.dev ?? held) === gone.iface
    );
    return hit ? `virtual address ${gone.address} on ${gone.iface}` : undefined;
  }
  const text = gone.words.join(" ");
  const lines = gone.kind === "route" ? inst.virtualRoutes : inst.virtualRules;
  const hit = !gone.words.includes("no_track") && lines.some((w) => w.join(" ") === text);
  return hit ? `virtual_${gone.kind}s line '${text}'` : undefined;
}

/** Execute a `garp` action: `repeat` rounds over its addresses, on `iface` unless a VIP has a `dev`. */
export async function announceAll(
  action: Extract<Action, { type: "garp" }>,
  iface: string | undefined,
  announcer: Announcer,
): Promise<void> {
  for (let r = 0; r < action.repeat; r++) {
    for (const vip of action.addresses) {
      await announcer.announce(vip.dev ?? iface ?? "", vip.family, vip.address);
    }
  }
}

/** Start-up: remove the VIPs of `inst` (held on `iface`) an earlier run may have left behind. */
export async function removeLeftovers(
  inst: VrrpInstance,
  iface: string | undefined,
  ports: HeldPorts,
): Promise<void> {
  for (const vip of [...inst.vips, ...inst.excludedVips]) {
    const dev = vip.dev ?? iface;
    if (dev === undefined) continue;
    try {
      await ports.addresses.remove({ ...vipSpec(vip), interface: dev });
    } catch (e) {
      ports.logger.warn(`(${inst.name}) could not remove ${vip.address}: ${message(e)}`);
    }
  }
}

/**
 * keepalived's order: routes then rules on the way in, rules then routes on the way out. One
 * failing line is logged and the others still go in (or out).
 */
async function routeLines(
  { routes: net, logger }: HeldPorts,
  inst: VrrpInstance,
  verb: "add" | "remove",
  routes: string[][],
  rules: string[][],
): Promise<void> {
  if (net === undefined) {
    logger.warn(`(${inst.name}) virtual_routes/virtual_rules are not installed by this agent`);
    return;
  }
  const iface = inst.interface;
  const add = verb === "add";
  const steps = [
    ...routes.map((w) => ({
      kind: "route",
      words: w,
      run: () => add ? net.addRoute(w, iface) : net.removeRoute(w, iface),
    })),
    ...rules.map((w) => ({
      kind: "rule",
      words: w,
      run: () => add ? net.addRule(w, iface) : net.removeRule(w, iface),
    })),
  ];
  if (!add) steps.reverse();
  for (const { kind, words, run } of steps) {
    try {
      await run();
    } catch (e) {
      logger.error(`(${inst.name}) could not ${verb} ${kind} '${words.join(" ")}': ${message(e)}`);
    }
  }
}

function vipSpec(vip: VrrpInstance["vips"][number]) {
  return {
    address: vip.address,
    prefix: vip.prefix,
    family: vip.family,
    ...(vip.label !== undefined ? { label: vip.label } : {}),
    ...(vip.scope !== undefined ? { scope: vip.scope } : {}),
    ...(vip.broadcast !== undefined ? { broadcast: vip.broadcast } : {}),
    ...(vip.nodad !== undefined ? { nodad: vip.nodad } : {}),
    ...(vip.noprefixroute !== undefined ? { noprefixroute: vip.noprefixroute } : {}),
  };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
