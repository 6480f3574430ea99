/**
 * The engine's own configuration: a small, microsecond-based view of the resolved model that the
 * state machine needs. Build it from a model with {@linkcode engineConfigFromModel}, or in code
 * with {@linkcode instanceConfig}.
 *
 * @module
 */

import type { AdvertFamily, VrrpVersion } from "./advert.ts";
import type {
  Authentication,
  GarpSettings,
  Model,
  Notifies,
  TrackRef,
  VirtualAddress,
} from "../config/model.ts";
import { applyWeightRule, groupTrackers, type TrackerKind, type TrackerSpec } from "./priority.ts";
import { secondsToMicros } from "./timers.ts";

/**
 * GARP / unsolicited NA schedule in microseconds (spec §4.4 steps 6–7, §4.6).
 *
 * @example
 * ```ts
 * import type { GarpSchedule } from "./engine_config.ts";
 * const g: GarpSchedule = { masterDelayUs: 5_000_000, masterRepeat: 5, masterRefreshUs: 0,
 *   masterRefreshRepeat: 1, lowerPrioDelayUs: 5_000_000, lowerPrioRepeat: 5 };
 * ```
 */
export interface GarpSchedule {
  /** Delay of the second burst after becoming MASTER (0 = none). */
  masterDelayUs: number;
  /** GARPs per address per burst. */
  masterRepeat: number;
  /** Period of refresh bursts while MASTER (0 = off). */
  masterRefreshUs: number;
  /** GARPs per address per refresh burst. */
  masterRefreshRepeat: number;
  /** Delay of the second burst after a lower-priority advert (0 = none). */
  lowerPrioDelayUs: number;
  /** GARPs per address when a lower-priority advert arrives (0 = none). */
  lowerPrioRepeat: number;
}

/**
 * One VRRP instance as the engine runs it.
 *
 * @example
 * ```ts
 * import { instanceConfig } from "./engine_config.ts";
 * const vi = instanceConfig({ name: "VI_1", vrid: 51, priority: 150 });
 * if (vi.advertIntUs !== 1_000_000) throw new Error("1 s by default");
 * ```
 */
export interface InstanceConfig {
  /** Instance name (`vrrp_instance NAME`). */
  name: string;
  /** Virtual router id 1..255. */
  vrid: number;
  /** VRRP version. */
  version: VrrpVersion;
  /** Address family. */
  family: AdvertFamily;
  /** Own interface (tracked unweighted unless `dontTrackPrimary`). */
  interface?: string;
  /** Base priority 1..255. */
  priority: number;
  /** `state MASTER` was configured (only a 255 owner takes over at once, spec §4.3). */
  wantMaster: boolean;
  /** Own advertisement interval in µs. */
  advertIntUs: number;
  /** Advertised virtual addresses, in configuration order. */
  vips: VirtualAddress[];
  /** `virtual_ipaddress_excluded`. */
  excludedVips: VirtualAddress[];
  /** `virtual_routes`: each route's words as written (installed with the VIPs, after them). */
  routes: string[][];
  /** `virtual_rules`: each rule's words as written (installed after the routes). */
  rules: string[][];
  /** Own source address, for the MASTER equal-priority tie-break (else set by an event). */
  sourceAddress?: string;
  /** Unicast mode (non-empty `unicast_peer`). */
  unicast: boolean;
  /** `use_vmac`: part of what pairs instances at reload (spec §4.8). */
  vmac: boolean;
  /** `nopreempt`. */
  nopreempt: boolean;
  /** `preempt_delay` in µs. */
  preemptDelayUs: number;
  /** GARP schedule. */
  garp: GarpSchedule;
  /** `down_timer_adverts`. */
  downTimerAdverts: number;
  /** `lower_prio_no_advert`. */
  lowerPrioNoAdvert: boolean;
  /** `higher_prio_send_advert`. */
  higherPrioSendAdvert: boolean;
  /** `owner_ignore_adverts`. */
  ownerIgnoreAdverts: boolean;
  /** `dont_track_primary`. */
  dontTrackPrimary: boolean;
  /**
   * `timer_expired_backup [PRIO]` (with nopreempt): a MASTER that was not scheduled for longer
   * than 3 × advert_int + Skew_Time(PRIO) since its last advert steps down to BACKUP.
   */
  timerExpiredBackup?: number;
  /** All trackers, the sync-group weight rule applied, group trackers included. */
  trackers: TrackerSpec[];
  /** Notify hooks. */
  notify: Notifies;
  /** `notify_priority_changes`. */
  notifyPriorityChanges: boolean;
  /** v2 authentication (PASS data goes into adverts). */
  authentication?: Authentication;
  /** Sync group name, if a member. */
  syncGroup?: string;
}

/**
 * A sync group as the engine runs it.
 *
 * @example
 * ```ts
 * import type { GroupConfig } from "./engine_config.ts";
 * const g: GroupConfig = { name: "G", members: ["VI_1", "VI_2"], notify: {} };
 * ```
 */
export interface GroupConfig {
  /** Group name. */
  name: string;
  /** Member instance names in `group{}` order. */
  members: string[];
  /** Group notify hooks. */
  notify: Notifies;
}

/**
 * Everything an engine runs.
 *
 * @example
 * ```ts
 * import { instanceConfig, type EngineConfig } from "./engine_config.ts";
 * const cfg: EngineConfig = { instances: [instanceConfig({ name: "VI_1", vrid: 1 })], groups: [] };
 * ```
 */
export interface EngineConfig {
  /** Instances in configuration order. */
  instances: InstanceConfig[];
  /** Sync groups in configuration order. */
  groups: GroupConfig[];
  /** `vrrp_startup_delay`: timers start after it, adverts are ignored until then. */
  startupDelayUs?: number;
  /** `-V/--dont-release-vrrp`: no priority-0 advert and no VIP removal at shutdown. */
  dontReleaseVrrp?: boolean;
}

/**
 * An instance configuration with keepalived's defaults for everything not given (v2, IPv4,
 * priority 100, 1 s adverts, preempt, down_timer_adverts 3, GARP 5 × 2 five seconds apart).
 *
 * @param partial At least the name and VRID.
 * @returns A complete instance configuration.
 *
 * @example
 * ```ts
 * import { instanceConfig } from "./engine_config.ts";
 * const owner = instanceConfig({ name: "VI_1", vrid: 1, priority: 255, wantMaster: true });
 * if (owner.garp.masterRepeat !== 5) throw new Error();
 * ```
 */
export function instanceConfig(
  partial: Pick<InstanceConfig, "name" | "vrid"> & Partial<InstanceConfig>,
): InstanceConfig {
  return {
    version: 2,
    family: "inet",
    priority: 100,
    wantMaster: false,
    advertIntUs: 1_000_000,
    vips: [],
    excludedVips: [],
    routes: [],
    rules: [],
    unicast: false,
    vmac: false,
    nopreempt: false,
    preemptDelayUs: 0,
    garp: {
      masterDelayUs: 5_000_000,
      masterRepeat: 5,
      masterRefreshUs: 0,
      masterRefreshRepeat: 1,
      lowerPrioDelayUs: 5_000_000,
      lowerPrioRepeat: 5,
    },
    downTimerAdverts: 3,
    lowerPrioNoAdvert: false,
    higherPrioSendAdvert: false,
    ownerIgnoreAdverts: false,
    dontTrackPrimary: false,
    trackers: [],
    notify: {},
    notifyPriorityChanges: false,
    ...partial,
  };
}

/** Interfaces named after `keys` in tracked lines (no `no_track`), other than `own`. */
function lineInterfaces(lines: string[][], keys: string[], own: string | undefined): string[] {
  const out: string[] = [];
  for (const words of lines) {
    if (words.includes("no_track")) continue;
    for (let i = 0; i + 1 < words.length; i++) {
      const dev = words[i + 1]!;
      if (keys.includes(words[i]!) && dev !== own && !out.includes(dev)) out.push(dev);
    }
  }
  return out;
}

function garpFromModel(g: GarpSettings): GarpSchedule {
  return {
    masterDelayUs: secondsToMicros(g.masterDelay),
    masterRepeat: g.masterRepeat,
    masterRefreshUs: secondsToMicros(g.masterRefresh),
    masterRefreshRepeat: g.masterRefreshRepeat,
    lowerPrioDelayUs: secondsToMicros(g.lowerPrioDelay),
    lowerPrioRepeat: g.lowerPrioRepeat,
  };
}

const TRACK_KINDS = [
  ["trackInterface", "interface"],
  ["trackScript", "script"],
  ["trackFile", "file"],
  ["trackProcess", "process"],
  ["trackBfd", "bfd"],
] as const;

function specs(
  t: Record<(typeof TRACK_KINDS)[number][0], TrackRef[]>,
): TrackerSpec[] {
  const out: TrackerSpec[] = [];
  for (const [key, kind] of TRACK_KINDS) {
    for (const r of t[key]) out.push(spec(kind, r));
  }
  return out;
}

function spec(kind: TrackerKind, r: TrackRef): TrackerSpec {
  const s: TrackerSpec = { kind, name: r.name, weight: r.weight, reverse: r.reverse };
  if (r.weightGiven !== undefined) s.weightGiven = r.weightGiven;
  return s;
}

/**
 * Maps a resolved model to an engine configuration: seconds to µs, the sync-group / owner weight
 * rule applied (idempotently, so a model validation already filtered is unchanged), group
 * trackers added to every member, VIP `dev` interfaces tracked unweighted unless `no_track`.
 *
 * @param model The resolved configuration.
 * @returns The engine configuration.
 *
 * @example
 * ```ts
 * import { engineConfigFromModel } from "./engine_config.ts";
 * import type { Model } from "../config/model.ts";
 * function names(m: Model): string[] {
 *   return engineConfigFromModel(m).instances.map((i) => i.name);
 * }
 * ```
 */
export function engineConfigFromModel(model: Model): EngineConfig {
  const byName = new Map(model.instances.map((i) => [i.name, i]));
  const groupOf = new Map<string, Model["syncGroups"][number]>();
  for (const g of model.syncGroups) for (const m of g.group) groupOf.set(m, g);
  const instances = model.instances.map((vi): InstanceConfig => {
    const g = groupOf.get(vi.name);
    const owner = vi.priority === 255;
    let trackers = applyWeightRule(specs(vi), {
      syncGroupMember: g !== undefined,
      syncGroupTrackingWeight: g?.syncGroupTrackingWeight ?? false,
      owner,
    });
    if (g) {
      const anyOwner = g.group.some((n) => byName.get(n)?.priority === 255);
      trackers = trackers.concat(groupTrackers(specs(g), anyOwner));
    }
    for (const v of [...vi.vips, ...vi.excludedVips]) {
      if (v.dev === undefined || v.noTrack || v.dev === vi.interface) continue;
      if (trackers.some((t) => t.kind === "interface" && t.name === v.dev)) continue;
      trackers.push({ kind: "interface", name: v.dev, weight: 0, reverse: false });
    }
    // keepalived tracks (weight 0) the interface of a route's `dev`/`oif` and of a rule's
    // `iif`/`oif`, unless the line says `no_track`.
    for (const dev of lineInterfaces(vi.virtualRoutes, ["dev", "oif"], vi.interface)) {
      if (trackers.some((t) => t.kind === "interface" && t.name === dev)) continue;
      trackers.push({ kind: "interface", name: dev, weight: 0, reverse: false });
    }
    for (const dev of lineInterfaces(vi.virtualRules, ["iif", "oif", "dev"], vi.interface)) {
      if (trackers.some((t) => t.kind === "interface" && t.name === dev)) continue;
      trackers.push({ kind: "interface", name: dev, weight: 0, reverse: false });
    }
    const c = instanceConfig({
      name: vi.name,
      vrid: vi.vrid,
      version: vi.version,
      family: vi.family,
      priority: vi.priority,
      wantMaster: vi.state === "MASTER",
      advertIntUs: secondsToMicros(vi.advertInt),
      vips: vi.vips,
      excludedVips: vi.excludedVips,
      routes: vi.virtualRoutes,
      rules: vi.virtualRules,
      unicast: vi.unicastPeers.length > 0,
      vmac: vi.useVmac !== undefined,
      nopreempt: vi.nopreempt,
      preemptDelayUs: secondsToMicros(vi.preemptDelay),
      garp: garpFromModel(vi.garp),
      downTimerAdverts: vi.downTimerAdverts,
      lowerPrioNoAdvert: vi.lowerPrioNoAdvert,
      higherPrioSendAdvert: vi.higherPrioSendAdvert,
      ownerIgnoreAdverts: vi.ownerIgnoreAdverts,
      dontTrackPrimary: vi.dontTrackPrimary,
      trackers,
      notify: vi.notify,
      notifyPriorityChanges: vi.notifyPriorityChanges || (g?.notifyPriorityChanges ?? false) ||
        model.globalDefs.notifyPriorityChanges,
    });
    if (vi.interface !== undefined) c.interface = vi.interface;
    const src = vi.unicastPeers.length > 0 ? vi.unicastSrcIp : vi.mcastSrcIp;
    if (src !== undefined) c.sourceAddress = src;
    if (vi.authentication !== undefined) c.authentication = vi.authentication;
    if (vi.timerExpiredBackup !== undefined) c.timerExpiredBackup = vi.timerExpiredBackup;
    if (g !== undefined) c.syncGroup = g.name;
    return c;
  });
  return {
    instances,
    groups: model.syncGroups.map((g) => ({
      name: g.name,
      members: g.group.filter((n) => byName.has(n)),
      notify: g.notify,
    })),
    startupDelayUs: secondsToMicros(model.globalDefs.startupDelay),
  };
}
