/**
 * The typed configuration model: what vipkeeper runs. Both front ends (keepalived.conf and YAML)
 * produce it, `convert` writes it back, the engine and the agent read it.
 *
 * Values are *resolved*: keepalived's defaults and derivations (spec §2.7: priority from state,
 * version from family, advert_int rounding, sync-group weight rules, ...) have been applied by
 * validation, which reported each one it had to make. Times are in seconds (decimals allowed)
 * exactly as written in keepalived.conf; the engine converts to microseconds.
 *
 * Every named object carries `at`, the span of its header, so lint rules can point at it; the
 * `keyAt` map holds the span of each keyword that was written (keyed by the keepalived keyword).
 * Round-trip comparisons ignore both (see `stripLocations`).
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";

/** Address family of an instance: fixed by its first virtual address (IPv4 when it has none). */
export type Family = "inet" | "inet6";

/** Configured initial state of an instance (keepalived's `state`). */
export type InitialState = "MASTER" | "BACKUP";

/** Where an object and its keywords were written. Absent for objects built in code. */
export interface Located {
  /** Span of the object's header (`vrrp_instance VI_1 {`). */
  at?: Span;
  /** Span of each keyword written inside the object, by keyword name (first occurrence). */
  keyAt?: Record<string, Span>;
}

/**
 * A command as keepalived holds it: the configured string, its argv (spec §1.4 splitting) and the
 * optional user and group it runs as.
 */
export interface ScriptCommand {
  /** The command string as written (word 1 of the line, quotes removed). */
  command: string;
  /** The command split into argv by keepalived's rules (quotes, backslash escapes, no shell). */
  argv: string[];
  /** User to run as (word 2 of the line). */
  user?: string;
  /** Group to run as (word 3 of the line, a leading `:` removed). */
  group?: string;
}

/** A FIFO path with the optional owner user and group (`vrrp_notify_fifo PATH [user [group]]`). */
export interface FifoSpec {
  /** Path of the FIFO. */
  path: string;
  /** Owner user. */
  user?: string;
  /** Owner group. */
  group?: string;
}

/** One `virtual_ipaddress` / `virtual_ipaddress_excluded` entry. */
export interface VirtualAddress {
  /** The address without prefix length (`192.0.2.10`, `2001:db8::10`). */
  address: string;
  /** Prefix length: given, or 32 / 128. */
  prefix: number;
  /** Address family of `address`. */
  family: Family;
  /** `dev IF`: interface to put the address on (default: the instance's interface). */
  dev?: string;
  /** `brd X` broadcast address. */
  broadcast?: string;
  /** `scope S` (`global`, `host`, `link`, `site`, `nowhere` or a number). */
  scope?: string;
  /** `label L`. */
  label?: string;
  /** `peer X`. */
  peer?: string;
  /** `-nodad` (IPv6). */
  nodad?: boolean;
  /** `noprefixroute`. */
  noprefixroute?: boolean;
  /** `home` (IPv6 home address flag). */
  home?: boolean;
  /** `autojoin`. */
  autojoin?: boolean;
  /** `no_track`: the `dev` interface is not tracked. */
  noTrack?: boolean;
  /** `preferred_lft N`. */
  preferredLft?: number;
  /** Any other option words, kept verbatim in order so `convert` can write them back. */
  extra?: string[];
}

/** A reference to a tracked object from an instance or sync group, with its effective weight. */
export interface TrackRef extends Located {
  /** Name of the interface, vrrp_script, track_file, track_process or bfd_instance. */
  name: string;
  /** Weight after keepalived's rules (−254..254; 0 = fault on failure). */
  weight: number;
  /** `reverse`: success counts as failure and the weight's sign flips. */
  reverse: boolean;
  /** True when the weight was written on this line (otherwise it came from the tracked object). */
  weightGiven?: boolean;
}

/** One `unicast_peer` entry. */
export interface UnicastPeer {
  /** Peer address. */
  address: string;
  /** `min_ttl N`. */
  minTtl?: number;
  /** `max_ttl N`. */
  maxTtl?: number;
}

/** v2 authentication (`authentication { auth_type PASS|AH; auth_pass X }`). */
export interface Authentication {
  /** PASS (simple password) or AH (IPsec AH, RFC 2402 style). */
  type: "PASS" | "AH";
  /** Password, at most 8 bytes (longer ones were truncated with a diagnostic). */
  password: string;
}

/** Notify hooks of an instance or a sync group. */
export interface Notifies {
  /** `notify_master`. */
  master?: ScriptCommand;
  /** `notify_backup`. */
  backup?: ScriptCommand;
  /** `notify_fault`. */
  fault?: ScriptCommand;
  /** `notify_stop`. */
  stop?: ScriptCommand;
  /**
   * `notify_deleted` (instances only): `true` when given without a script (the state word then
   * becomes DELETED instead of FAULT), or the script.
   */
  deleted?: ScriptCommand | true;
  /** Generic `notify`: configured argv, then TYPE NAME STATE PRIORITY. */
  generic?: ScriptCommand;
  /** `notify_master_rx_lower_pri` (instances only). */
  masterRxLowerPri?: ScriptCommand;
}

/** GARP / unsolicited NA schedule (global defaults, per-instance overrides). */
export interface GarpSettings {
  /** `garp_master_delay`: seconds until the second burst after becoming MASTER (0 = none). */
  masterDelay: number;
  /** `garp_master_repeat`: GARPs per VIP per burst. */
  masterRepeat: number;
  /** `garp_master_refresh`: seconds between refresh bursts while MASTER (0 = off). */
  masterRefresh: number;
  /** `garp_master_refresh_repeat`: GARPs per VIP per refresh burst. */
  masterRefreshRepeat: number;
  /** `garp_lower_prio_delay`: seconds until the second burst after a lower-priority advert. */
  lowerPrioDelay: number;
  /** `garp_lower_prio_repeat`: GARPs per VIP sent when a lower-priority advert arrives. */
  lowerPrioRepeat: number;
}

/** The VRRP part of `global_defs`, resolved. */
export interface GlobalDefs extends Located {
  /** `router_id`. */
  routerId?: string;
  /** `vrrp_mcast_group4` (default 224.0.0.18). */
  mcastGroup4: string;
  /** `vrrp_mcast_group6` (default ff02::12). */
  mcastGroup6: string;
  /** `vrrp_version` (default 2). */
  vrrpVersion: 2 | 3;
  /** `v3_checksum_as_v2` (default false). */
  v3ChecksumAsV2: boolean;
  /** `vrrp_garp_*` defaults for instances. */
  garp: GarpSettings;
  /** `vrrp_garp_interval`: minimum seconds between GARPs on one interface. */
  garpInterval: number;
  /** `vrrp_gna_interval`: minimum seconds between NAs on one interface. */
  gnaInterval: number;
  /** `vrrp_down_timer_adverts` (default 3). */
  downTimerAdverts: number;
  /** `vrrp_lower_prio_no_advert`. */
  lowerPrioNoAdvert: boolean;
  /** `vrrp_higher_prio_send_advert`. */
  higherPrioSendAdvert: boolean;
  /** `vrrp_check_unicast_src`. */
  checkUnicastSrc: boolean;
  /** `vrrp_skip_check_adv_addr`. */
  skipCheckAdvAddr: boolean;
  /** `vrrp_strict`. */
  strict: boolean;
  /** `vrrp_owner_ignore_adverts`. */
  ownerIgnoreAdverts: boolean;
  /** `notify_fifo`. */
  notifyFifo?: FifoSpec;
  /** `notify_fifo_script`. */
  notifyFifoScript?: ScriptCommand;
  /** `vrrp_notify_fifo`. */
  vrrpNotifyFifo?: FifoSpec;
  /** `vrrp_notify_fifo_script`. */
  vrrpNotifyFifoScript?: ScriptCommand;
  /** `vrrp_notify_priority_changes`. */
  notifyPriorityChanges: boolean;
  /** `fifo_write_vrrp_states_on_reload`. */
  fifoWriteStatesOnReload: boolean;
  /** `script_user USER [GROUP]`. */
  scriptUser?: { user: string; group?: string };
  /** `enable_script_security`. */
  enableScriptSecurity: boolean;
  /** Larger of `vrrp_startup_delay` and `vrrp_delay_after_boot`, seconds. */
  startupDelay: number;
  /** `log_unknown_vrids`. */
  logUnknownVrids: boolean;
  /** `dynamic_interfaces`. */
  dynamicInterfaces: boolean;
  /** `vmac_prefix`. */
  vmacPrefix?: string;
  /**
   * Keywords accepted but not modelled (process tuning, SMTP, pid and dump file names, ...),
   * by keyword, each occurrence's words, so `convert` can write them back.
   */
  other: Record<string, string[][]>;
}

/** A `vrrp_script NAME { ... }` block. */
export interface VrrpScript extends Located {
  /** Block name. */
  name: string;
  /** `script`. */
  script: ScriptCommand;
  /** `interval` seconds (default 1). */
  interval: number;
  /** `timeout` seconds (0 = use interval). */
  timeout: number;
  /** `weight` (−253..253, kept even when out of range, as keepalived does). */
  weight: number;
  /** `weight W reverse`. */
  reverse: boolean;
  /** `rise` (default 1). */
  rise: number;
  /** `fall` (default 1). */
  fall: number;
  /** `user USER [GROUP]`: overrides the command's own user. */
  user?: { user: string; group?: string };
  /** `init_fail`. */
  initFail: boolean;
}

/** A `track_file NAME { ... }` (or deprecated `vrrp_track_file`) block. */
export interface TrackFile extends Located {
  /** Block name. */
  name: string;
  /** `file` path. */
  file: string;
  /** `weight` (−254..254, default 1). */
  weight: number;
  /** `weight W reverse`. */
  reverse: boolean;
  /** `init_file [VALUE] [overwrite]`. */
  initFile?: { value: number; overwrite: boolean };
}

/** A `vrrp_track_process NAME { ... }` block. */
export interface TrackProcess extends Located {
  /** Block name. */
  name: string;
  /** `process PATH [ARGS...]`. */
  process: string[];
  /** `param_match` mode: exact (default), `initial` or `partial`. */
  paramMatch: "exact" | "initial" | "partial";
  /** `weight`. */
  weight: number;
  /** `weight W reverse`. */
  reverse: boolean;
  /** `quorum` (default 1). */
  quorum: number;
  /** `quorum_max` (absent = unbounded). */
  quorumMax?: number;
  /** `delay` seconds. */
  delay: number;
  /** `terminate_delay` seconds. */
  terminateDelay: number;
  /** `fork_delay` seconds. */
  forkDelay: number;
  /** `full_command`. */
  fullCommand: boolean;
}

/** Trackers shared by instances and sync groups. */
export interface Trackers {
  /** `track_interface { ... }`. */
  trackInterface: TrackRef[];
  /** `track_script { ... }`. */
  trackScript: TrackRef[];
  /** `track_file { ... }`. */
  trackFile: TrackRef[];
  /** `track_process { ... }`. */
  trackProcess: TrackRef[];
  /** `track_bfd { ... }` (parsed; BFD itself is not run by vipkeeper). */
  trackBfd: TrackRef[];
}

/** A `vrrp_instance NAME { ... }` block, resolved. */
export interface VrrpInstance extends Located, Trackers {
  /** Block name. */
  name: string;
  /** Initial state after derivation (spec §2.7 step 3 and 15). */
  state: InitialState;
  /** `interface` (absent only for unicast instances with `unicast_src_ip`). */
  interface?: string;
  /** `virtual_router_id` 1..255. */
  vrid: number;
  /** Base priority 1..255 (255 = address owner). */
  priority: number;
  /** `advert_int` seconds after keepalived's rounding (v2: whole seconds; v3: 10 ms steps). */
  advertInt: number;
  /** VRRP version after derivation (IPv6 ⇒ 3). */
  version: 2 | 3;
  /** Address family (from the first VIP). */
  family: Family;
  /** `virtual_ipaddress`: advertised addresses, in configuration order. */
  vips: VirtualAddress[];
  /** `virtual_ipaddress_excluded`: installed but not advertised. */
  excludedVips: VirtualAddress[];
  /** `no_virtual_ipaddress`. */
  noVirtualIpaddress: boolean;
  /** `virtual_routes`: each route's words as written. */
  virtualRoutes: string[][];
  /** `virtual_rules`: each rule's words as written. */
  virtualRules: string[][];
  /** `dont_track_primary`. */
  dontTrackPrimary: boolean;
  /** `mcast_src_ip`. */
  mcastSrcIp?: string;
  /** `unicast_src_ip`. */
  unicastSrcIp?: string;
  /** `mcast_dst_ip` (default: the global group of the family). */
  mcastDstIp?: string;
  /** `unicast_peer { ... }`: non-empty means unicast mode. */
  unicastPeers: UnicastPeer[];
  /** `unicast_ttl` (default 255). */
  unicastTtl: number;
  /** `check_unicast_src` (instance or global; forced on by peer TTL options). */
  checkUnicastSrc: boolean;
  /** `unicast_fault_no_peer`. */
  unicastFaultNoPeer: boolean;
  /** `old_unicast_checksum [never]`: absent = auto-detect. */
  oldUnicastChecksum?: "always" | "never";
  /** `track_src_ip`. */
  trackSrcIp: boolean;
  /** `nopreempt` (cleared where keepalived clears it). */
  nopreempt: boolean;
  /** `preempt_delay` seconds (0..1000). */
  preemptDelay: number;
  /** GARP schedule (instance values or the global ones). */
  garp: GarpSettings;
  /** `down_timer_adverts` 1..100. */
  downTimerAdverts: number;
  /** `lower_prio_no_advert`. */
  lowerPrioNoAdvert: boolean;
  /** `higher_prio_send_advert`. */
  higherPrioSendAdvert: boolean;
  /** `owner_ignore_adverts`. */
  ownerIgnoreAdverts: boolean;
  /** `skip_check_adv_addr`. */
  skipCheckAdvAddr: boolean;
  /** `strict_mode` (or global `vrrp_strict`). */
  strict: boolean;
  /** `timer_expired_backup [PRIO]` (only with nopreempt). */
  timerExpiredBackup?: number;
  /** `authentication { ... }` (v2 only; removed for v3 with a diagnostic). */
  authentication?: Authentication;
  /** `accept` / `no_accept`. */
  accept: boolean;
  /** `use_vmac [NAME] [MAC]`: words after the keyword, or absent. */
  useVmac?: string[];
  /** `vmac_xmit_base`. */
  vmacXmitBase: boolean;
  /** `v3_checksum_as_v2` (instance or global). */
  v3ChecksumAsV2: boolean;
  /** Notify hooks. */
  notify: Notifies;
  /** `notify_priority_changes`. */
  notifyPriorityChanges: boolean;
  /** Name of the sync group this instance belongs to, if any (filled by validation). */
  syncGroup?: string;
  /** Keywords accepted but not modelled (`debug`, `smtp_alert`, `vrf`, ...), as in GlobalDefs. */
  other: Record<string, string[][]>;
}

/** A `vrrp_sync_group NAME { ... }` block. */
export interface SyncGroup extends Located, Trackers {
  /** Block name. */
  name: string;
  /** `group { ... }`: member instance names in the order written. */
  group: string[];
  /** Group notify hooks (no `deleted`, no `masterRxLowerPri`). */
  notify: Notifies;
  /** `sync_group_tracking_weight` (or the deprecated `global_tracking`). */
  syncGroupTrackingWeight: boolean;
  /** `notify_priority_changes`. */
  notifyPriorityChanges: boolean;
  /** Keywords accepted but not modelled (`smtp_alert`). */
  other: Record<string, string[][]>;
}

/**
 * A whole resolved configuration.
 *
 * @example
 * ```ts
 * import type { Model } from "./model.ts";
 * function masters(m: Model): string[] {
 *   return m.instances.filter((i) => i.state === "MASTER").map((i) => i.name);
 * }
 * ```
 */
export interface Model {
  /** `global_defs`. */
  globalDefs: GlobalDefs;
  /** `interface_up_down_delays`, when given. */
  interfaceDelays?: InterfaceDelay[];
  /** `vrrp_script` blocks, in file order. */
  scripts: VrrpScript[];
  /** `track_file` / `vrrp_track_file` blocks. */
  trackFiles: TrackFile[];
  /** `vrrp_track_process` blocks. */
  trackProcesses: TrackProcess[];
  /** `vrrp_instance` blocks. */
  instances: VrrpInstance[];
  /** `vrrp_sync_group` blocks. */
  syncGroups: SyncGroup[];
}

/**
 * One line of `interface_up_down_delays`: a link change of `interface` reaches the instances only
 * once the link has stayed down (or up) that long; a flap back within the delay is not seen.
 *
 * @example
 * ```ts
 * import type { InterfaceDelay } from "./model.ts";
 * const d: InterfaceDelay = { interface: "eth0", down: 2, up: 0 };
 * ```
 */
export interface InterfaceDelay {
  /** Interface name. */
  interface: string;
  /** Seconds a link must stay down before it counts as down. */
  down: number;
  /** Seconds a link must stay up before it counts as up (keepalived's default 0). */
  up: number;
  /** Span of the line. */
  at?: Span;
}

/**
 * A deep copy of a model without `at` and `keyAt`, for comparing models from different sources.
 *
 * @example
 * ```ts
 * import { stripLocations } from "./model.ts";
 * const plain = stripLocations({ a: 1, at: { file: "x", line: 1, column: 1 } });
 * if ("at" in plain) throw new Error();
 * ```
 */
export function stripLocations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripLocations) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "at" || k === "keyAt" || v === undefined) continue;
      out[k] = stripLocations(v);
    }
    return out as T;
  }
  return value;
}
