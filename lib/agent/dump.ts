/**
 * keepalived's dump files, from the agent's `status()` and the running model (spec §7.2): the
 * statistics file (`keepalived.stats`, written on SIGUSR2) in keepalived 2.2.7's exact layout, the
 * data file (`keepalived.data`, SIGUSR1) as a subset of keepalived's layout (the state and the
 * settings vipkeeper knows, in keepalived's words and order), and keepalived's JSON dump
 * (`keepalived.json`, version 1: an array of `{ data, stats }`). Pure formatting; writing the
 * files is the caller's job.
 *
 * keepalived's statistics: the receive side as the receive checks counted it
 * (`AgentStatus.received`, keepalived's own rules, `lib/vrrp/checks.ts`), the send side from the
 * engine (adverts sent, master transitions, priority 0 sent). A status without `received` (an
 * embedder's own) gets them derived from the engine's counters and the drop reasons.
 *
 * @module
 */

import type { Model, ScriptCommand, VirtualAddress, VrrpInstance } from "../config/model.ts";
import {
  DROP_REASONS,
  DROP_STAT,
  type DropReason,
  type KeepalivedStats,
  STAT_NAMES,
} from "../vrrp/counters.ts";
import type { InstanceStatus } from "../vrrp/engine.ts";
import type { AgentStatus } from "./agent.ts";

/**
 * keepalived's file names, in `dumpDirectory()`: the data file (SIGUSR1), the statistics file
 * (SIGUSR2) and the JSON dump.
 *
 * @example
 * ```ts
 * import { DUMP_FILES, dumpDirectory } from "./dump.ts";
 * const path = `${dumpDirectory(undefined)}/${DUMP_FILES.stats}`;
 * if (path !== "/tmp/keepalived.stats") throw new Error(path);
 * ```
 */
export const DUMP_FILES = {
  data: "keepalived.data",
  stats: "keepalived.stats",
  json: "keepalived.json",
} as const;

/**
 * Where keepalived writes its dump files: `$TMPDIR` when it is an absolute path, else `/tmp`.
 *
 * @example
 * ```ts
 * import { dumpDirectory } from "./dump.ts";
 * if (dumpDirectory(undefined) !== "/tmp" || dumpDirectory("/run/ka") !== "/run/ka") {
 *   throw new Error();
 * }
 * if (dumpDirectory("relative") !== "/tmp") throw new Error();
 * ```
 */
export function dumpDirectory(tmpdir: string | undefined): string {
  return tmpdir !== undefined && tmpdir.startsWith("/") ? tmpdir : "/tmp";
}

/** Drop reasons of checks that keepalived runs after counting the advert as received. */
const COUNTED_AS_RECEIVED: readonly DropReason[] = ["addr-list", "not-peer", "peer-ttl"];

/**
 * keepalived's statistics of one instance: the receive checks' counts (`received`) with the
 * engine's send side, or, without them, derived from the engine's counters and the instance's
 * drop counts (`AgentStatus.drops[name]`).
 *
 * @example
 * ```ts
 * import { keepalivedStats } from "./dump.ts";
 * const stats = { advertRcvd: 5, advertSent: 2, becomeMaster: 1, releaseMaster: 0,
 *   priZeroRcvd: 0, priZeroSent: 0 };
 * const s = keepalivedStats(stats, { ttl: 3, "addr-list": 1, "send-error": 2 });
 * if (s.ip_ttl_err !== 3 || s.addr_list_err !== 1 || s.advert_rcvd !== 6) throw new Error();
 * ```
 */
export function keepalivedStats(
  stats: InstanceStatus["stats"],
  drops: Readonly<Record<string, number>> = {},
  received?: Readonly<KeepalivedStats>,
): KeepalivedStats {
  if (received !== undefined) {
    // The receive checks counted keepalived's statistics themselves; the send side is the
    // engine's.
    return {
      ...received,
      advert_sent: stats.advertSent,
      become_master: stats.becomeMaster,
      release_master: stats.releaseMaster,
      pri_zero_sent: stats.priZeroSent,
    };
  }
  const out = {} as KeepalivedStats;
  for (const name of STAT_NAMES) out[name] = 0;
  out.advert_rcvd = stats.advertRcvd;
  out.advert_sent = stats.advertSent;
  out.become_master = stats.becomeMaster;
  out.release_master = stats.releaseMaster;
  out.pri_zero_rcvd = stats.priZeroRcvd;
  out.pri_zero_sent = stats.priZeroSent;
  for (const reason of DROP_REASONS) {
    const n = drops[reason] ?? 0;
    const stat = DROP_STAT[reason];
    if (stat !== undefined) out[stat] += n;
    if (COUNTED_AS_RECEIVED.includes(reason)) out.advert_rcvd += n;
  }
  return out;
}

/**
 * The statistics file (`keepalived.stats`), one block per instance in configuration order, in
 * keepalived 2.2.7's layout.
 *
 * @example
 * ```ts
 * import { formatStats } from "./dump.ts";
 * const stats = { advertRcvd: 7, advertSent: 3, becomeMaster: 1, releaseMaster: 0,
 *   priZeroRcvd: 0, priZeroSent: 0 };
 * const text = formatStats({
 *   instances: [{ name: "VI_1", state: "MASTER", wantState: "MASTER", basePriority: 150,
 *     effectivePriority: 150, masterDownTimerUs: 3_414_062, timers: {}, stats }],
 *   groups: [], drops: {},
 * });
 * if (!text.startsWith("VRRP Instance: VI_1\n  Advertisements:\n    Received: 7\n")) {
 *   throw new Error(text);
 * }
 * ```
 */
export function formatStats(status: AgentStatus): string {
  const lines: string[] = [];
  for (const inst of status.instances) {
    const s = keepalivedStats(inst.stats, status.drops[inst.name], status.received?.[inst.name]);
    lines.push(
      `VRRP Instance: ${inst.name}`,
      "  Advertisements:",
      `    Received: ${s.advert_rcvd}`,
      `    Sent: ${s.advert_sent}`,
      `  Became master: ${s.become_master}`,
      `  Released master: ${s.release_master}`,
      "  Packet Errors:",
      `    Length: ${s.packet_len_err}`,
      `    TTL: ${s.ip_ttl_err}`,
      `    Invalid Type: ${s.invalid_type_rcvd}`,
      `    Advertisement Interval: ${s.advert_interval_err}`,
      `    Address List: ${s.addr_list_err}`,
      "  Authentication Errors:",
      `    Invalid Type: ${s.invalid_authtype}`,
      `    Type Mismatch: ${s.authtype_mismatch}`,
      `    Failure: ${s.auth_failure}`,
      "  Priority Zero:",
      `    Received: ${s.pri_zero_rcvd}`,
      `    Sent: ${s.pri_zero_sent}`,
    );
  }
  return lines.map((l) => `${l}\n`).join("");
}

/**
 * The data file (`keepalived.data`): global definitions, then each instance's state and settings,
 * then the sync groups, with keepalived's section rulers and line wording. Instances of the
 * status that the model no longer has (being released by a reload) show their state only.
 *
 * @example
 * ```ts
 * import { formatData } from "./dump.ts";
 * import { loadConfig } from "../config/load.ts";
 * import { memoryConfigFs } from "../config/fs.ts";
 * const fs = memoryConfigFs({
 *   "/k.conf": "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n" +
 *     " virtual_ipaddress {\n  192.0.2.10/24\n }\n}\n",
 * });
 * const { model } = loadConfig("/k.conf", { fs });
 * const stats = { advertRcvd: 0, advertSent: 0, becomeMaster: 0, releaseMaster: 0,
 *   priZeroRcvd: 0, priZeroSent: 0 };
 * const text = formatData({
 *   instances: [{ name: "VI_1", state: "BACKUP", wantState: "BACKUP", basePriority: 100,
 *     effectivePriority: 100, masterDownTimerUs: 3_609_375, timers: {}, stats }],
 *   groups: [], drops: {},
 * }, model);
 * if (!text.includes(" VRRP Instance = VI_1\n   VRRP Version = 2\n   State = BACKUP\n")) {
 *   throw new Error(text);
 * }
 * if (!text.includes("     192.0.2.10/24 dev eth0 scope global\n")) throw new Error(text);
 * ```
 */
export function formatData(status: AgentStatus, model: Model): string {
  const g = model.globalDefs;
  const out: string[] = ["------< Global definitions >------"];
  if (g.routerId !== undefined) out.push(` Router ID = ${g.routerId}`);
  if (g.notifyFifo) out.push(` Global notify fifo = ${g.notifyFifo.path}`);
  if (g.notifyFifoScript) out.push(` Global notify fifo script = ${cmd(g.notifyFifoScript)}`);
  if (g.vrrpNotifyFifo) out.push(` VRRP notify fifo = ${g.vrrpNotifyFifo.path}`);
  if (g.vrrpNotifyFifoScript) out.push(` VRRP notify fifo script = ${cmd(g.vrrpNotifyFifoScript)}`);
  out.push(
    ` FIFO write vrrp states on reload = ${g.fifoWriteStatesOnReload}`,
    ` VRRP notify priority changes = ${g.notifyPriorityChanges}`,
    ` VRRP IPv4 mcast group = ${g.mcastGroup4}`,
    ` VRRP IPv6 mcast group = ${g.mcastGroup6}`,
    ` VRRP default protocol version = ${g.vrrpVersion}`,
    ` VRRP strict mode = ${g.strict}`,
    ` Script security ${g.enableScriptSecurity ? "enabled" : "disabled"}`,
  );
  if (g.scriptUser) {
    const group = g.scriptUser.group !== undefined ? `:${g.scriptUser.group}` : "";
    out.push(` Default script user = ${g.scriptUser.user}${group}`);
  }
  const byName = new Map(model.instances.map((i) => [i.name, i]));
  if (status.instances.length > 0) out.push("------< VRRP Topology >------");
  for (const s of status.instances) out.push(...instanceLines(s, byName.get(s.name), model));
  if (status.groups.length > 0) out.push("------< VRRP Sync groups >------");
  for (const grp of status.groups) {
    out.push(` VRRP Sync Group = ${grp.name}, ${grp.state}`);
    const members = model.syncGroups.find((sg) => sg.name === grp.name)?.group ?? [];
    if (members.length > 0) out.push("   VRRP member instances :");
    for (const m of members) out.push(`     ${m} vrid ${byName.get(m)?.vrid ?? "?"}`);
  }
  return out.map((l) => `${l}\n`).join("");
}

function instanceLines(s: InstanceStatus, inst: VrrpInstance | undefined, model: Model): string[] {
  const out = [` VRRP Instance = ${s.name}`];
  if (inst) {
    out.push(`   VRRP Version = ${inst.version}`);
    const group = model.syncGroups.find((g) => g.group.includes(inst.name));
    if (group) out.push(`   Sync group = ${group.name}`);
    if (inst.family === "inet6") out.push("   Using Native IPv6");
  }
  out.push(`   State = ${s.state}`);
  if (s.state === "BACKUP" && s.masterAddress !== undefined) {
    out.push(`   Master router = ${s.masterAddress}`);
    out.push(`   Master priority = ${s.masterPriority ?? 0}`);
  }
  out.push(`   Wantstate = ${s.wantState}`);
  out.push(`   Master down timer = ${Math.round(s.masterDownTimerUs)} usecs`);
  if (!inst) return out;
  out.push(`   Interface = ${inst.interface ?? "not configured"}`);
  if (inst.unicastPeers.length === 0) {
    const group = inst.mcastDstIp ??
      (inst.family === "inet6" ? model.globalDefs.mcastGroup6 : model.globalDefs.mcastGroup4);
    out.push(`   Multicast address ${group}`);
  }
  out.push(
    `   Virtual Router ID = ${inst.vrid}`,
    `   Priority = ${s.basePriority}`,
    `   Effective priority = ${s.effectivePriority}`,
    inst.version === 2
      ? `   Advert interval = ${Math.round(inst.advertInt)} sec`
      : `   Advert interval = ${Math.round(inst.advertInt * 1000)} milli-sec`,
    `   Preempt = ${inst.nopreempt ? "disabled" : "enabled"}`,
  );
  if (inst.preemptDelay > 0) out.push(`   Preempt delay = ${inst.preemptDelay} secs`);
  const set = s.state === "MASTER" ? " set" : "";
  if (inst.vips.length > 0) {
    out.push(`   Virtual IP (${inst.vips.length}):`);
    for (const v of inst.vips) out.push(`     ${vipText(v, inst)}${set}`);
  }
  if (inst.excludedVips.length > 0) {
    out.push("   Virtual IP Excluded :");
    for (const v of inst.excludedVips) out.push(`     ${vipText(v, inst)}${set}`);
  }
  if (inst.unicastPeers.length > 0) {
    out.push("   Unicast Peer :");
    for (const p of inst.unicastPeers) {
      out.push(`     ${p.address} min_ttl ${p.minTtl ?? 0} max_ttl ${p.maxTtl ?? 255}`);
    }
  }
  out.push(`   Notify deleted = ${inst.notify.deleted !== undefined ? "Deleted" : "Fault"}`);
  return out;
}

function vipText(v: VirtualAddress, inst: VrrpInstance): string {
  let text = `${v.address}/${v.prefix}`;
  if (v.broadcast !== undefined) text += ` brd ${v.broadcast}`;
  text += ` dev ${v.dev ?? inst.interface ?? "(none)"} scope ${v.scope ?? "global"}`;
  if (v.label !== undefined) text += ` label ${v.label}`;
  return text;
}

function cmd(c: ScriptCommand): string {
  return c.argv.join(" ");
}

const STATE_NUMBER: Readonly<Record<string, number>> = { INIT: 0, BACKUP: 1, MASTER: 2, FAULT: 3 };

/**
 * keepalived's JSON dump (version 1): an array with one `{ data, stats }` object per instance;
 * `data` carries keepalived's field names (`iname`, `vrid`, `base_priority`,
 * `effective_priority`, `state` and `wantstate` as numbers 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT,
 * `vips`, ...), `stats` the fourteen statistics.
 *
 * @example
 * ```ts
 * import { formatJson } from "./dump.ts";
 * import { loadConfig } from "../config/load.ts";
 * import { memoryConfigFs } from "../config/fs.ts";
 * const { model } = loadConfig("/k.conf", { fs: memoryConfigFs({ "/k.conf": "" }) });
 * if (formatJson({ instances: [], groups: [], drops: {} }, model) !== "[]\n") throw new Error();
 * ```
 */
export function formatJson(status: AgentStatus, model: Model): string {
  const byName = new Map(model.instances.map((i) => [i.name, i]));
  const list = status.instances.map((s) => {
    const inst = byName.get(s.name);
    const data: Record<string, unknown> = { iname: s.name };
    if (inst?.interface !== undefined) data.ifp_ifname = inst.interface;
    data.master_priority = s.masterPriority ?? 0;
    if (inst) data.vrid = inst.vrid;
    data.base_priority = s.basePriority;
    data.effective_priority = s.effectivePriority;
    data.vipset = s.state === "MASTER";
    if (inst) {
      data.adver_int = inst.advertInt;
      data.nopreempt = inst.nopreempt;
      data.preempt_delay = inst.preemptDelay;
    }
    data.state = STATE_NUMBER[s.state] ?? 0;
    data.wantstate = STATE_NUMBER[s.wantState] ?? 0;
    if (inst) {
      data.version = inst.version;
      data.notify_deleted = inst.notify.deleted !== undefined;
      data.vips = inst.vips.map((v) => vipText(v, inst));
      data.evips = inst.excludedVips.map((v) => vipText(v, inst));
    }
    return {
      data,
      stats: keepalivedStats(s.stats, status.drops[s.name], status.received?.[s.name]),
    };
  });
  return `${JSON.stringify(list)}\n`;
}
