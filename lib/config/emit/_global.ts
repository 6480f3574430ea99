/**
 * Private: `global_defs` → statements. Values equal to keepalived's defaults are left out; the
 * GARP settings are written all together whenever one differs, so derived defaults
 * (`vrrp_garp_lower_prio_*` from `vrrp_garp_master_*`) cannot drift.
 *
 * @module
 */

import type { FifoSpec, GarpSettings, GlobalDefs } from "../model.ts";
import type { OutNode } from "./nodes.ts";
import { command, flagIf, num, otherNodes, word } from "./_common.ts";

/** keepalived's GARP defaults (spec §2.1). */
export const DEFAULT_GARP: GarpSettings = {
  masterDelay: 5,
  masterRepeat: 5,
  masterRefresh: 0,
  masterRefreshRepeat: 1,
  lowerPrioDelay: 5,
  lowerPrioRepeat: 5,
};

/** True when two GARP schedules are the same. */
export function sameGarp(a: GarpSettings, b: GarpSettings): boolean {
  return a.masterDelay === b.masterDelay && a.masterRepeat === b.masterRepeat &&
    a.masterRefresh === b.masterRefresh && a.masterRefreshRepeat === b.masterRefreshRepeat &&
    a.lowerPrioDelay === b.lowerPrioDelay && a.lowerPrioRepeat === b.lowerPrioRepeat;
}

/** The six GARP keywords with a prefix (`vrrp_` globally, none in instances). */
export function garpNodes(prefix: string, g: GarpSettings): OutNode[] {
  return [
    num(`${prefix}garp_master_delay`, g.masterDelay),
    num(`${prefix}garp_master_repeat`, g.masterRepeat),
    num(`${prefix}garp_master_refresh`, g.masterRefresh),
    num(`${prefix}garp_master_refresh_repeat`, g.masterRefreshRepeat),
    num(`${prefix}garp_lower_prio_delay`, g.lowerPrioDelay),
    num(`${prefix}garp_lower_prio_repeat`, g.lowerPrioRepeat),
  ];
}

function fifo(keyword: string, f: FifoSpec | undefined): OutNode[] {
  if (f === undefined) return [];
  const words = [f.path];
  if (f.user !== undefined) words.push(f.user);
  if (f.user !== undefined && f.group !== undefined) words.push(f.group);
  return [{ kind: "value", keyword, words }];
}

/** A boolean written only when it differs from keepalived's default for it. */
export function boolIf(keyword: string, value: boolean, defaultValue: boolean): OutNode[] {
  return value === defaultValue ? [] : [{ kind: "bool", keyword, value }];
}

/** `global_defs { ... }` as a block node. */
export function globalDefsNode(g: GlobalDefs): OutNode {
  const body: OutNode[] = [];
  if (g.routerId !== undefined) body.push(word("router_id", g.routerId));
  if (g.mcastGroup4 !== "224.0.0.18") body.push(word("vrrp_mcast_group4", g.mcastGroup4));
  if (g.mcastGroup6 !== "ff02::12") body.push(word("vrrp_mcast_group6", g.mcastGroup6));
  if (g.vrrpVersion !== 2) body.push(num("vrrp_version", g.vrrpVersion));
  body.push(...boolIf("v3_checksum_as_v2", g.v3ChecksumAsV2, false));
  if (!sameGarp(g.garp, DEFAULT_GARP)) body.push(...garpNodes("vrrp_", g.garp));
  if (g.garpInterval !== 0) body.push(num("vrrp_garp_interval", g.garpInterval));
  if (g.gnaInterval !== 0) body.push(num("vrrp_gna_interval", g.gnaInterval));
  if (g.downTimerAdverts !== 3) body.push(num("vrrp_down_timer_adverts", g.downTimerAdverts));
  body.push(...boolIf("vrrp_strict", g.strict, false));
  body.push(...boolIf("vrrp_lower_prio_no_advert", g.lowerPrioNoAdvert, g.strict));
  body.push(...boolIf("vrrp_higher_prio_send_advert", g.higherPrioSendAdvert, false));
  body.push(...flagIf("vrrp_check_unicast_src", g.checkUnicastSrc));
  body.push(...boolIf("vrrp_skip_check_adv_addr", g.skipCheckAdvAddr, false));
  body.push(...boolIf("vrrp_owner_ignore_adverts", g.ownerIgnoreAdverts, g.strict));
  body.push(...fifo("notify_fifo", g.notifyFifo));
  if (g.notifyFifoScript) body.push(command("notify_fifo_script", g.notifyFifoScript));
  body.push(...fifo("vrrp_notify_fifo", g.vrrpNotifyFifo));
  if (g.vrrpNotifyFifoScript) {
    body.push(command("vrrp_notify_fifo_script", g.vrrpNotifyFifoScript));
  }
  body.push(...boolIf("vrrp_notify_priority_changes", g.notifyPriorityChanges, false));
  body.push(...flagIf("fifo_write_vrrp_states_on_reload", g.fifoWriteStatesOnReload));
  if (g.scriptUser !== undefined) {
    const words = [g.scriptUser.user];
    if (g.scriptUser.group !== undefined) words.push(g.scriptUser.group);
    body.push({ kind: "value", keyword: "script_user", words });
  }
  body.push(...flagIf("enable_script_security", g.enableScriptSecurity));
  if (g.startupDelay !== 0) body.push(num("vrrp_startup_delay", g.startupDelay));
  body.push(...flagIf("log_unknown_vrids", g.logUnknownVrids));
  body.push(...flagIf("dynamic_interfaces", g.dynamicInterfaces));
  if (g.vmacPrefix !== undefined) body.push(word("vmac_prefix", g.vmacPrefix));
  body.push(...otherNodes(g.other));
  return { kind: "block", keyword: "global_defs", body };
}
