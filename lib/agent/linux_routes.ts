/**
 * The agent's `RouteNet` on Linux: `virtual_routes` / `virtual_rules` lines parsed with
 * `lib/agent/routes.ts` and sent through rtnetlink. Rules without a preference get keepalived's
 * (16384 counting down, per family, in configuration order), fixed when the configuration is
 * loaded so a rule is removed exactly as it was added. Table and protocol names come from
 * iproute2's `rt_tables` / `rt_protos` files when they exist.
 *
 * @module
 */

import type { Model } from "../config/model.ts";
import type { Libc } from "../sys/ffi.ts";
import { ROUTE_MONITOR_GROUPS, watchNetlink } from "../sys/netlink/monitor.ts";
import { routeIs, ruleIs } from "../sys/netlink/route_event.ts";
import { Rtnetlink } from "../sys/netlink/rtnetlink.ts";
import { type NetlinkTransport, openNetlinkSocket } from "../sys/netlink/socket.ts";
import type { RouteNet } from "./ports.ts";
import {
  assignRulePriorities,
  installRoute,
  installRule,
  type NameTables,
  parseRoute,
  parseRule,
  removeRoute,
  removeRule,
  routeRequest,
  ruleRequest,
  type RuleSpec,
} from "./routes.ts";

const key = (words: readonly string[]) => words.join(" ");

/**
 * Names from an iproute2 table file (`NUMBER NAME` per line, `#` comments), e.g. `rt_tables`.
 *
 * @example
 * ```ts
 * import { parseNameFile } from "./linux_routes.ts";
 * const m = parseNameFile("# comment\n255\tlocal\n100 vip_table\n");
 * console.assert(m.get("vip_table") === 100 && m.get("local") === 255);
 * ```
 */
export function parseNameFile(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of text.split("\n")) {
    const [num, name] = raw.replace(/#.*/, "").trim().split(/\s+/);
    if (num === undefined || name === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(num)) continue;
    out.set(name, Number(num));
  }
  return out;
}

function readNames(file: string): Map<string, number> | undefined {
  for (const dir of ["/etc/iproute2", "/usr/share/iproute2", "/usr/lib/iproute2"]) {
    try {
      return parseNameFile(Deno.readTextFileSync(`${dir}/${file}`));
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/**
 * Routes and rules through rtnetlink (needs CAP_NET_ADMIN).
 *
 * @example
 * ```ts ignore
 * import { loadLibc } from "../sys/ffi.ts";
 * import { LinuxRoutes } from "./linux_routes.ts";
 * const routes = new LinuxRoutes(await loadLibc());
 * await routes.addRoute(["198.51.100.0/24", "via", "192.0.2.254"], "eth0");
 * await routes.close();
 * ```
 */
export class LinuxRoutes implements RouteNet {
  readonly #libc: Libc;
  readonly #names: NameTables;
  #nl: Rtnetlink | undefined;
  /** Rules of the current configuration with their preference fixed, by their words. */
  #rules = new Map<string, RuleSpec>();
  /** Tracked lines (no `no_track`) of the current configuration, with their instance's interface. */
  #tracked: { kind: "route" | "rule"; words: string[]; iface: string | undefined }[] = [];
  #events: NetlinkTransport | undefined;
  #onGone: ((kind: "route" | "rule", words: string[]) => void) | undefined;

  /** Over `libc`'s netlink; `names` defaults to iproute2's files. */
  constructor(libc: Libc, names?: NameTables) {
    this.#libc = libc;
    if (names !== undefined) this.#names = names;
    else {
      const tables = readNames("rt_tables");
      const protocols = readNames("rt_protos");
      this.#names = { ...(tables ? { tables } : {}), ...(protocols ? { protocols } : {}) };
    }
  }

  configure(model: Model): void {
    const specs: { words: string[]; spec: RuleSpec }[] = [];
    for (const inst of model.instances) {
      for (const words of inst.virtualRules) {
        const p = parseRule(words, this.#names);
        if (p.ok) specs.push({ words, spec: p.spec });
      }
    }
    const { specs: fixed } = assignRulePriorities(specs.map((s) => s.spec));
    this.#rules = new Map();
    specs.forEach((s, i) => {
      if (!this.#rules.has(key(s.words))) this.#rules.set(key(s.words), fixed[i]!);
    });
    this.#tracked = model.instances.flatMap((inst) => [
      ...inst.virtualRoutes.map((words) => ({
        kind: "route" as const,
        words,
        iface: inst.interface,
      })),
      ...inst.virtualRules.map((words) => ({
        kind: "rule" as const,
        words,
        iface: inst.interface,
      })),
    ]).filter((l) => !l.words.includes("no_track"));
    this.#follow();
  }

  watch(onGone: (kind: "route" | "rule", words: string[]) => void): Promise<() => void> {
    this.#onGone = onGone;
    this.#follow();
    return Promise.resolve(() => {
      if (this.#onGone === onGone) this.#onGone = undefined;
      this.#follow();
    });
  }

  /**
   * The route event socket is open while someone watches and the configuration tracks a line:
   * without one, a VIP's routes (every address add makes some) wake nobody.
   */
  #follow(): void {
    const wanted = this.#onGone !== undefined && this.#tracked.length > 0;
    if (!wanted) {
      void this.#events?.close();
      this.#events = undefined;
      return;
    }
    if (this.#events !== undefined) return;
    const events = openNetlinkSocket(this.#libc, { groups: ROUTE_MONITOR_GROUPS });
    this.#events = events;
    void (async () => {
      for await (const e of watchNetlink(events, this.#netlink())) {
        if ((e.kind !== "route" && e.kind !== "rule") || e.action !== "del") continue;
        for (const line of this.#tracked) {
          if (line.kind !== e.kind) continue;
          let hit = false;
          try {
            hit = e.kind === "route"
              ? routeIs(e.route, routeRequest(this.#route(line.words), this.#index, line.iface))
              : ruleIs(e.rule, ruleRequest(this.#rule(line.words)));
          } catch {
            continue; // a line that does not parse, or its interface is gone
          }
          if (hit) this.#onGone?.(line.kind, line.words);
        }
      }
    })().catch(() => undefined);
  }

  check(words: string[], kind: "route" | "rule"): string[] {
    const p = kind === "route" ? parseRoute(words, this.#names) : parseRule(words, this.#names);
    if (!p.ok) throw new Error(p.error);
    return p.warnings;
  }

  async addRoute(words: string[], iface: string | undefined): Promise<void> {
    await installRoute(this.#netlink(), routeRequest(this.#route(words), this.#index, iface));
  }

  async removeRoute(words: string[], iface: string | undefined): Promise<void> {
    let request;
    try {
      request = routeRequest(this.#route(words), this.#index, iface);
    } catch (e) {
      if (e instanceof InterfaceGone) return; // the route went with its interface
      throw e;
    }
    await removeRoute(this.#netlink(), request);
  }

  async addRule(words: string[]): Promise<void> {
    await installRule(this.#netlink(), ruleRequest(this.#rule(words)));
  }

  async removeRule(words: string[]): Promise<void> {
    await removeRule(this.#netlink(), ruleRequest(this.#rule(words)));
  }

  /** Close the netlink sockets. */
  async close(): Promise<void> {
    await this.#events?.close();
    this.#events = undefined;
    await this.#nl?.close();
    this.#nl = undefined;
  }

  #route(words: string[]) {
    const p = parseRoute(words, this.#names);
    if (!p.ok) throw new Error(p.error);
    return p.spec;
  }

  #rule(words: string[]): RuleSpec {
    const known = this.#rules.get(key(words));
    if (known !== undefined) return known;
    const p = parseRule(words, this.#names);
    if (!p.ok) throw new Error(p.error);
    return p.spec;
  }

  #index = (name: string): number => {
    try {
      return this.#libc.ifNameToIndex(name);
    } catch {
      throw new InterfaceGone(`interface ${name} does not exist`);
    }
  };

  #netlink(): Rtnetlink {
    this.#nl ??= new Rtnetlink(openNetlinkSocket(this.#libc));
    return this.#nl;
  }
}

class InterfaceGone extends Error {}
