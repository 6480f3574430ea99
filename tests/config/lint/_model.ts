/**
 * Hand-built models for lint rule tests: complete objects with keepalived's defaults, overridable.
 *
 * @module
 */

import type { Span } from "../../../lib/config/diagnostic.ts";
import type {
  GarpSettings,
  GlobalDefs,
  Model,
  SyncGroup,
  VirtualAddress,
  VrrpInstance,
  VrrpScript,
} from "../../../lib/config/model.ts";
import type { Statement, SyntaxTree } from "../../../lib/config/syntax.ts";

const garp: GarpSettings = {
  masterDelay: 5,
  masterRepeat: 5,
  masterRefresh: 0,
  masterRefreshRepeat: 1,
  lowerPrioDelay: 5,
  lowerPrioRepeat: 5,
};

/** A span in `test.conf` at the given line (column 5). */
export function at(line: number, column = 5): Span {
  return { file: "test.conf", line, column };
}

/** A virtual address. */
export function vip(address: string, extra: Partial<VirtualAddress> = {}): VirtualAddress {
  const family = address.includes(":") ? "inet6" : "inet";
  return { address, prefix: family === "inet6" ? 128 : 32, family, ...extra };
}

/** Resolved `global_defs` with keepalived's defaults. */
export function globalDefs(over: Partial<GlobalDefs> = {}): GlobalDefs {
  return {
    mcastGroup4: "224.0.0.18",
    mcastGroup6: "ff02::12",
    vrrpVersion: 2,
    v3ChecksumAsV2: false,
    garp,
    garpInterval: 0,
    gnaInterval: 0,
    downTimerAdverts: 3,
    lowerPrioNoAdvert: false,
    higherPrioSendAdvert: false,
    checkUnicastSrc: false,
    skipCheckAdvAddr: false,
    strict: false,
    ownerIgnoreAdverts: false,
    notifyPriorityChanges: false,
    fifoWriteStatesOnReload: false,
    enableScriptSecurity: false,
    startupDelay: 0,
    logUnknownVrids: false,
    dynamicInterfaces: false,
    other: {},
    ...over,
  };
}

/** A resolved instance on eth0, VRID 51, priority 100, one IPv4 VIP. */
export function instance(name: string, over: Partial<VrrpInstance> = {}): VrrpInstance {
  return {
    name,
    state: "BACKUP",
    interface: "eth0",
    vrid: 51,
    priority: 100,
    advertInt: 1,
    version: 2,
    family: "inet",
    vips: [vip("192.0.2.10")],
    excludedVips: [],
    noVirtualIpaddress: false,
    virtualRoutes: [],
    virtualRules: [],
    dontTrackPrimary: false,
    unicastPeers: [],
    unicastTtl: 255,
    checkUnicastSrc: false,
    unicastFaultNoPeer: false,
    trackSrcIp: false,
    nopreempt: false,
    preemptDelay: 0,
    garp,
    downTimerAdverts: 3,
    lowerPrioNoAdvert: false,
    higherPrioSendAdvert: false,
    ownerIgnoreAdverts: false,
    skipCheckAdvAddr: false,
    strict: false,
    accept: true,
    vmacXmitBase: false,
    v3ChecksumAsV2: false,
    notify: {},
    notifyPriorityChanges: false,
    trackInterface: [],
    trackScript: [],
    trackFile: [],
    trackProcess: [],
    trackBfd: [],
    other: {},
    ...over,
  };
}

/** A `vrrp_script` running `/bin/true`. */
export function script(name: string, over: Partial<VrrpScript> = {}): VrrpScript {
  return {
    name,
    script: { command: "/bin/true", argv: ["/bin/true"] },
    interval: 1,
    timeout: 0,
    weight: 0,
    reverse: false,
    rise: 1,
    fall: 1,
    initFail: false,
    ...over,
  };
}

/** A sync group of the given members. */
export function syncGroup(name: string, group: string[], over: Partial<SyncGroup> = {}): SyncGroup {
  return {
    name,
    group,
    notify: {},
    syncGroupTrackingWeight: false,
    notifyPriorityChanges: false,
    trackInterface: [],
    trackScript: [],
    trackFile: [],
    trackProcess: [],
    trackBfd: [],
    other: {},
    ...over,
  };
}

/** A whole model. */
export function model(over: Partial<Model> = {}): Model {
  return {
    globalDefs: globalDefs(),
    scripts: [],
    trackFiles: [],
    trackProcesses: [],
    instances: [],
    syncGroups: [],
    ...over,
  };
}

/** The codes of a diagnostic list, in order. */
export function codes(list: { code: string }[]): string[] {
  return list.map((d) => d.code);
}

/** A statement `keyword args... [{ block }]` whose keyword starts at `span`. */
export function statement(
  span: Span,
  words: string[],
  block?: Statement[],
): Statement {
  const [kw = "", ...args] = words;
  const s: Statement = {
    keyword: { text: kw, quoted: false, at: span },
    args: args.map((text, i) => ({
      text,
      quoted: false,
      at: { ...span, column: span.column + 1 + i },
    })),
    raw: words.join(" "),
    at: span,
  };
  if (block) s.block = block;
  return s;
}

/** A syntax tree of the given top-level statements. */
export function tree(...statements: Statement[]): SyntaxTree {
  return { statements, files: ["test.conf"] };
}
