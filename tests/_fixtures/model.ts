/**
 * Hand-built resolved models for tests: complete objects with keepalived 2.2.7's defaults, every
 * field overridable. One place for them, so a new `model.ts` field is added once.
 *
 * @module
 */

import type {
  GarpSettings,
  GlobalDefs,
  Model,
  SyncGroup,
  Trackers,
  TrackFile,
  TrackProcess,
  VirtualAddress,
  VrrpInstance,
  VrrpScript,
} from "../../lib/config/model.ts";

/** keepalived's gratuitous ARP / NA defaults (global and per instance). */
export function garp(over: Partial<GarpSettings> = {}): GarpSettings {
  return {
    masterDelay: 5,
    masterRepeat: 5,
    masterRefresh: 0,
    masterRefreshRepeat: 1,
    lowerPrioDelay: 5,
    lowerPrioRepeat: 5,
    ...over,
  };
}

/** A virtual address, a host route (/32 or /128) unless `extra` says otherwise. */
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
    garp: garp(),
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

/** Empty `track_*` lists, for an instance or a sync group. */
export function noTrackers(): Trackers {
  return { trackInterface: [], trackScript: [], trackFile: [], trackProcess: [], trackBfd: [] };
}

/** A resolved instance on eth0, VRID 51, priority 100, one IPv4 VIP (192.0.2.10/32). */
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
    garp: garp(),
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
    ...noTrackers(),
    other: {},
    ...over,
  };
}

/** A `vrrp_script` running `/bin/true` every second, weight 0, rise and fall 1. */
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

/** A `vrrp_track_file` block with weight 1. */
export function trackFile(name: string, file: string, over: Partial<TrackFile> = {}): TrackFile {
  return { name, file, weight: 1, reverse: false, ...over };
}

/** A `vrrp_track_process` block watching `process` (exact parameters, quorum 1, no delays). */
export function trackProcess(
  name: string,
  process: string[],
  over: Partial<TrackProcess> = {},
): TrackProcess {
  return {
    name,
    process,
    paramMatch: "exact",
    weight: 0,
    reverse: false,
    quorum: 1,
    delay: 0,
    terminateDelay: 0,
    forkDelay: 0,
    fullCommand: false,
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
    ...noTrackers(),
    other: {},
    ...over,
  };
}

/** A whole model: default `global_defs`, nothing else unless given. */
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
