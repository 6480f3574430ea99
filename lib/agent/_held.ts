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
  if (action.type === "add-vips") {
    for (const vip of vips) {
      await ports.addresses.add({ ...vipSpec(vip), interface: vip.dev ?? iface ?? "" });
    }
    if (lines) await routeLines(ports, inst, "add", routes, rules);
  } else {
    if (lines) await routeLines(ports, inst, "remove", routes, rules);
    for (const vip of vips) {
      await ports.addresses.remove({ ...vipSpec(vip), interface: vip.dev ?? iface ?? "" });
    }
  }
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
