/**
 * Small resolved models for emitter and round-trip tests.
 *
 * @module
 */

import type {
  GlobalDefs,
  Model,
  SyncGroup,
  VrrpInstance,
  VrrpScript,
} from "../../../lib/config/model.ts";

/** `global_defs` with keepalived's defaults. */
export function defaultGlobals(over: Partial<GlobalDefs> = {}): GlobalDefs {
  return {
    mcastGroup4: "224.0.0.18",
    mcastGroup6: "ff02::12",
    vrrpVersion: 2,
    v3ChecksumAsV2: false,
    garp: {
      masterDelay: 5,
      masterRepeat: 5,
      masterRefresh: 0,
      masterRefreshRepeat: 1,
      lowerPrioDelay: 5,
      lowerPrioRepeat: 5,
    },
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

/** A resolved IPv4 BACKUP instance on eth0 with one VIP, as validation would leave it. */
export function instance(name: string, over: Partial<VrrpInstance> = {}): VrrpInstance {
  const g = defaultGlobals();
  return {
    name,
    state: "BACKUP",
    interface: "eth0",
    vrid: 51,
    priority: 100,
    advertInt: 1,
    version: 2,
    family: "inet",
    vips: [{ address: "192.0.2.100", prefix: 24, family: "inet" }],
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
    garp: { ...g.garp },
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

/** A resolved `vrrp_script`. */
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

/** A resolved sync group. */
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

/** A model from parts. */
export function model(over: Partial<Model> = {}): Model {
  return {
    globalDefs: defaultGlobals(),
    scripts: [],
    trackFiles: [],
    trackProcesses: [],
    instances: [],
    syncGroups: [],
    ...over,
  };
}
