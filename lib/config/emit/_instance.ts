/**
 * Private: `vrrp_instance` and `vrrp_sync_group` → statements. The values that identify an
 * instance (state, interface, VRID, priority, advert_int, version) are always written; inherited
 * settings are written when they differ from what keepalived would derive.
 *
 * @module
 */

import type { GlobalDefs, SyncGroup, UnicastPeer, VirtualAddress, VrrpInstance } from "../model.ts";
import { formatNumber, type OutEntry, type OutNode } from "./nodes.ts";
import {
  flagIf,
  notifyNodes,
  num,
  otherNodes,
  type ReverseOf,
  trackerNodes,
  word,
} from "./_common.ts";
import { boolIf, garpNodes, sameGarp } from "./_global.ts";

function vipEntry(v: VirtualAddress): OutEntry {
  const e: OutEntry = { head: [`${v.address}/${v.prefix}`], options: [], headKey: "address" };
  const o = e.options;
  if (v.broadcast !== undefined) o.push(["brd", v.broadcast]);
  if (v.dev !== undefined) o.push(["dev", v.dev]);
  if (v.scope !== undefined) o.push(["scope", v.scope]);
  if (v.label !== undefined) o.push(["label", v.label]);
  if (v.peer !== undefined) o.push(["peer", v.peer]);
  if (v.home) o.push(["home"]);
  if (v.nodad) o.push(["-nodad"]);
  if (v.noprefixroute) o.push(["noprefixroute"]);
  if (v.autojoin) o.push(["autojoin"]);
  if (v.noTrack) o.push(["no_track"]);
  if (v.preferredLft !== undefined) o.push(["preferred_lft", formatNumber(v.preferredLft)]);
  if (v.extra !== undefined && v.extra.length > 0) e.tail = [...v.extra];
  return e;
}

function peerEntry(p: UnicastPeer): OutEntry {
  const e: OutEntry = { head: [p.address], options: [], headKey: "address" };
  if (p.minTtl !== undefined) e.options.push(["min_ttl", formatNumber(p.minTtl)]);
  if (p.maxTtl !== undefined) e.options.push(["max_ttl", formatNumber(p.maxTtl)]);
  return e;
}

function list(keyword: string, entries: OutEntry[]): OutNode[] {
  return entries.length === 0 ? [] : [{ kind: "list", keyword, entries }];
}

function lines(keyword: string, rows: string[][]): OutNode[] {
  return list(keyword, rows.map((head) => ({ head: [...head], options: [] })));
}

/** What an instance inherits: the global settings and its sync group, if any. */
export interface InstanceContext {
  /** `global_defs`. */
  globalDefs: GlobalDefs;
  /** The instance's sync group. */
  group?: SyncGroup;
  /** Reverse flag of tracked objects. */
  reverseOf: ReverseOf;
}

function addressing(i: VrrpInstance, g: GlobalDefs): OutNode[] {
  const out: OutNode[] = [];
  if (i.mcastSrcIp !== undefined) out.push(word("mcast_src_ip", i.mcastSrcIp));
  if (i.unicastSrcIp !== undefined) out.push(word("unicast_src_ip", i.unicastSrcIp));
  if (i.mcastDstIp !== undefined) out.push(word("mcast_dst_ip", i.mcastDstIp));
  out.push(...list("unicast_peer", i.unicastPeers.map(peerEntry)));
  if (i.unicastPeers.length > 0 || i.unicastTtl !== 255) out.push(num("unicast_ttl", i.unicastTtl));
  out.push(...flagIf("check_unicast_src", i.checkUnicastSrc && !g.checkUnicastSrc));
  out.push(...flagIf("unicast_fault_no_peer", i.unicastFaultNoPeer));
  if (i.oldUnicastChecksum === "always") {
    out.push({ kind: "flag", keyword: "old_unicast_checksum" });
  }
  if (i.oldUnicastChecksum === "never") out.push(word("old_unicast_checksum", "never"));
  out.push(...flagIf("track_src_ip", i.trackSrcIp));
  return out;
}

function behaviour(i: VrrpInstance, g: GlobalDefs): OutNode[] {
  const out: OutNode[] = [];
  const owner = i.priority === 255;
  out.push(...flagIf("nopreempt", i.nopreempt));
  if (i.preemptDelay !== 0) out.push(num("preempt_delay", i.preemptDelay));
  if (i.timerExpiredBackup !== undefined) {
    out.push(num("timer_expired_backup", i.timerExpiredBackup));
  }
  if (!sameGarp(i.garp, g.garp)) out.push(...garpNodes("", i.garp));
  if (i.downTimerAdverts !== g.downTimerAdverts) {
    out.push(num("down_timer_adverts", i.downTimerAdverts));
  }
  out.push(...boolIf("strict_mode", i.strict, g.strict));
  out.push(...boolIf("lower_prio_no_advert", i.lowerPrioNoAdvert, g.lowerPrioNoAdvert || i.strict));
  out.push(
    ...boolIf(
      "higher_prio_send_advert",
      i.higherPrioSendAdvert,
      g.higherPrioSendAdvert && !i.strict,
    ),
  );
  out.push(
    ...boolIf(
      "owner_ignore_adverts",
      i.ownerIgnoreAdverts,
      g.ownerIgnoreAdverts || (i.strict && owner),
    ),
  );
  out.push(...boolIf("skip_check_adv_addr", i.skipCheckAdvAddr, g.skipCheckAdvAddr));
  // The default follows strict mode (the instance's or the global one): write it unless both agree.
  const acceptDefault = i.accept === (!i.strict || owner) && i.accept === !g.strict;
  if (!acceptDefault) out.push({ kind: "flag", keyword: i.accept ? "accept" : "no_accept" });
  if (i.useVmac !== undefined) {
    out.push(
      i.useVmac.length === 0 ? { kind: "flag", keyword: "use_vmac" } : {
        kind: "value",
        keyword: "use_vmac",
        words: [...i.useVmac],
      },
    );
  }
  out.push(...flagIf("vmac_xmit_base", i.vmacXmitBase));
  out.push(...flagIf("v3_checksum_as_v2", i.v3ChecksumAsV2 && !g.v3ChecksumAsV2));
  return out;
}

/** A `vrrp_instance NAME { ... }` block node. */
export function instanceNode(i: VrrpInstance, ctx: InstanceContext): OutNode {
  const g = ctx.globalDefs;
  const body: OutNode[] = [word("state", i.state)];
  if (i.interface !== undefined) body.push(word("interface", i.interface));
  // VRID 0 is how the model holds "never set" (an error): leave it unset so it reads back so.
  if (i.vrid !== 0) body.push(num("virtual_router_id", i.vrid));
  body.push(num("priority", i.priority));
  body.push(num("advert_int", i.advertInt), num("version", i.version));
  body.push(...flagIf("dont_track_primary", i.dontTrackPrimary));
  body.push(...addressing(i, g));
  body.push(...list("virtual_ipaddress", i.vips.map(vipEntry)));
  body.push(...list("virtual_ipaddress_excluded", i.excludedVips.map(vipEntry)));
  body.push(...flagIf("no_virtual_ipaddress", i.noVirtualIpaddress));
  body.push(...lines("virtual_routes", i.virtualRoutes), ...lines("virtual_rules", i.virtualRules));
  body.push(...trackerNodes(i, ctx.reverseOf));
  body.push(...behaviour(i, g));
  if (i.authentication !== undefined) {
    body.push({
      kind: "block",
      keyword: "authentication",
      body: [
        word("auth_type", i.authentication.type),
        word("auth_pass", i.authentication.password),
      ],
    });
  }
  body.push(...notifyNodes(i.notify));
  // keepalived inherits the group's value, else the global one: write it unless both agree.
  const npc = i.notifyPriorityChanges;
  const inherited = npc === g.notifyPriorityChanges &&
    (ctx.group?.notifyPriorityChanges ?? npc) === npc;
  if (!inherited) body.push({ kind: "bool", keyword: "notify_priority_changes", value: npc });
  body.push(...otherNodes(i.other));
  return { kind: "block", keyword: "vrrp_instance", name: i.name, body };
}

/** A `vrrp_sync_group NAME { ... }` block node. */
export function syncGroupNode(s: SyncGroup, g: GlobalDefs, reverseOf: ReverseOf): OutNode {
  const body: OutNode[] = [
    ...list("group", s.group.map((name) => ({ head: [name], options: [] }))),
  ];
  body.push(...trackerNodes(s, reverseOf));
  body.push(...notifyNodes(s.notify));
  body.push(...flagIf("sync_group_tracking_weight", s.syncGroupTrackingWeight));
  body.push(...boolIf("notify_priority_changes", s.notifyPriorityChanges, g.notifyPriorityChanges));
  body.push(...otherNodes(s.other));
  return { kind: "block", keyword: "vrrp_sync_group", name: s.name, body };
}
