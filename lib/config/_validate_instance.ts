/**
 * Reads one `vrrp_instance` block into a `VrrpInstance` with the values as written (defaults from
 * `global_defs` filled in), plus what the derivations of spec §2.7 need to know about what was
 * written. `deriveInstance` (in `_validate_derive.ts`) then applies keepalived's rules.
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";
import type {
  Authentication,
  Family,
  GlobalDefs,
  InitialState,
  VirtualAddress,
  VrrpInstance,
} from "./model.ts";
import type { Block, Named } from "./_validate_block.ts";
import type { Ctx } from "./_validate_context.ts";
import type { VipEntry } from "./_validate_entries.ts";
import { atLeastOne, type ParsedAddress } from "./_validate_values.ts";
import { type Objects, readNotifies, readTrackers } from "./_validate_shared.ts";

export type { Objects } from "./_validate_shared.ts";

/** What was written, for the derivations. */
export interface Written {
  /** The block as read. */
  block: Block;
  /** `state` as written (invalid words count as BACKUP). */
  state?: InitialState;
  /** `priority` as written (invalid counts as 100). */
  priority?: number;
  /** `advert_int` as written. */
  advertInt?: number;
  /** `version` as written. */
  version?: 2 | 3;
  /** `authentication` as written. */
  auth?: { type?: "PASS" | "AH"; password?: string; at: Span; typeRejected?: boolean };
  /** A unicast keyword other than the peers was written. */
  unicastKeyword?: Span;
  /** `unicast_ttl` as written. */
  unicastTtl?: number;
  /** `nopreempt` is in effect (the last of nopreempt/preempt). */
  nopreempt: boolean;
  /** `preempt_delay` as written. */
  preemptDelay?: number;
  /** `timer_expired_backup` as written. */
  timerExpiredBackup?: number;
  /** Whether the family came from the first VIP. */
  familyFromVip: boolean;
  /** Span of the first VIP. */
  firstVipAt?: Span;
}

function filterVips(
  ctx: Ctx,
  entries: VipEntry[],
  family: Family | undefined,
  what: string,
): VirtualAddress[] {
  const seen = new Set<string>();
  const out: VirtualAddress[] = [];
  for (const e of entries) {
    const key = `${e.vip.address}/${e.vip.prefix}%${e.vip.dev ?? ""}`;
    if (family !== undefined && e.vip.family !== family) {
      ctx.error(
        e.at,
        "VK0312",
        `Virtual address '${e.vip.address}' is not of the instance's family (${
          family === "inet" ? "IPv4" : "IPv6"
        }); keepalived ignores it`,
      );
      continue;
    }
    if (seen.has(key)) {
      ctx.warn(
        e.at,
        "VK0311",
        `Virtual address '${e.vip.address}' is listed twice in ${what}; keepalived ignores the second`,
      );
      continue;
    }
    seen.add(key);
    out.push(e.vip);
  }
  return out;
}

function readAuth(ctx: Ctx, b: Block): Written["auth"] {
  const item = b.item("authentication");
  const ab = item?.value as Block | undefined;
  if (item === undefined || ab === undefined) return undefined;
  const auth: NonNullable<Written["auth"]> = { at: item.stmt.keyword.at };
  const type = ab.get<string>("auth_type");
  if (type !== undefined) auth.type = type as "PASS" | "AH";
  else if (ab.has("auth_type")) auth.typeRejected = true;
  let pass = ab.get<string>("auth_pass");
  if (pass !== undefined) {
    const bytes = new TextEncoder().encode(pass);
    if (bytes.length > 8) {
      pass = new TextDecoder().decode(bytes.slice(0, 8)).replace(/\uFFFD+$/, "");
      ctx.warn(
        ab.item("auth_pass")!.stmt.args[0]!.at,
        "VK0309",
        `auth_pass is longer than 8 bytes; keepalived uses '${pass}'`,
      );
    }
    auth.password = pass;
  }
  return auth;
}

/** `virtual_rules` entries as words; keepalived gives a rule without a preference 16384. */
function rules(ctx: Ctx, b: Block): string[][] {
  const out: string[][] = [];
  for (const it of b.all("virtual_rules")) {
    for (const line of it.stmt.block ?? []) {
      const words = [line.keyword, ...line.args].map((w) => w.text);
      if (
        !words.some((w) => w === "preference" || w === "pref" || w === "priority" || w === "order")
      ) {
        ctx.warn(
          line.keyword.at,
          "VK0423",
          "Rule has no preference; keepalived sets 16384, which is probably not what you want",
          "add 'preference N' to order the rule against the system's rules",
        );
      }
      out.push(words);
    }
  }
  return out;
}

/** Read one instance block. Derivations are applied afterwards by `deriveInstance`. */
export function buildInstance(
  ctx: Ctx,
  n: Named,
  g: GlobalDefs,
  objs: Objects,
): { inst: VrrpInstance; w: Written } {
  const b = n.block;
  const states = b.all("state");
  let state: InitialState | undefined;
  for (const s of states) {
    const v = (s.value as InitialState | undefined) ?? "BACKUP";
    if (state === "MASTER" && v === "BACKUP") {
      ctx.error(
        s.stmt.keyword.at,
        "VK0305",
        `'state BACKUP' after 'state MASTER' in vrrp_instance '${n.name}'; keepalived keeps MASTER`,
      );
      continue;
    }
    state = v;
  }
  const prioItem = b.item("priority");
  const priority = prioItem === undefined
    ? undefined
    : (prioItem.value as number | undefined) ?? 100;

  let iface = b.get<string>("interface");
  const ifAt = b.item("interface")?.stmt.args[0]?.at;
  if (iface === "lo") {
    ctx.error(
      ifAt!,
      "VK0313",
      `vrrp_instance '${n.name}' cannot use the loopback interface; keepalived ignores the line`,
    );
    iface = undefined;
  } else if (iface !== undefined && iface.length > 15) {
    ctx.error(ifAt!, "VK0309", `Interface name '${iface}' is longer than 15 characters`);
  }

  const vipEntries = b.entries("virtual_ipaddress", "vip");
  const family: Family = vipEntries[0]?.vip.family ?? "inet";
  const vips = filterVips(ctx, vipEntries, family, "virtual_ipaddress");
  const excludedVips = filterVips(
    ctx,
    b.entries("virtual_ipaddress_excluded", "vip"),
    undefined,
    "virtual_ipaddress_excluded",
  );

  const srcAddr = (kw: string): string | undefined => {
    const a = b.get<ParsedAddress>(kw);
    if (a === undefined) return undefined;
    if (vipEntries.length > 0 && a.family !== family) {
      ctx.error(
        b.item(kw)!.stmt.args[0]!.at,
        "VK0312",
        `'${kw}' ${a.address} is not of the instance's family; keepalived ignores it`,
      );
      return undefined;
    }
    return a.address;
  };

  const peers: VrrpInstance["unicastPeers"] = [];
  const seenPeers = new Set<string>();
  for (const p of b.entries("unicast_peer", "peer")) {
    if (vipEntries.length > 0 && p.family !== family) {
      ctx.error(
        p.at,
        "VK0312",
        `Unicast peer '${p.peer.address}' is not of the instance's family; keepalived ignores it`,
      );
    } else if (seenPeers.has(p.peer.address)) {
      ctx.warn(
        p.at,
        "VK0311",
        `Unicast peer '${p.peer.address}' is listed twice; keepalived ignores the second`,
      );
    } else {
      seenPeers.add(p.peer.address);
      peers.push(p.peer);
    }
  }

  let nopreempt = false;
  for (const it of b.items) {
    if (it.spec.name === "nopreempt") nopreempt = true;
    if (it.spec.name === "preempt") nopreempt = false;
  }
  let accept = !(g.strict);
  for (const it of b.items) {
    if (it.spec.name === "accept") accept = true;
    if (it.spec.name === "no_accept") accept = false;
  }

  const strict = b.get<boolean>("strict_mode") ?? g.strict;
  const garp = {
    masterDelay: b.get<number>("garp_master_delay") ?? g.garp.masterDelay,
    masterRepeat: atLeastOne(ctx, b, "garp_master_repeat") ?? g.garp.masterRepeat,
    masterRefresh: b.get<number>("garp_master_refresh") ?? g.garp.masterRefresh,
    masterRefreshRepeat: atLeastOne(ctx, b, "garp_master_refresh_repeat") ??
      g.garp.masterRefreshRepeat,
    lowerPrioDelay: b.get<number>("garp_lower_prio_delay") ?? g.garp.lowerPrioDelay,
    lowerPrioRepeat: b.get<number>("garp_lower_prio_repeat") ?? g.garp.lowerPrioRepeat,
  };

  const inst: VrrpInstance = {
    name: n.name,
    state: state ?? "BACKUP",
    vrid: b.get<number>("virtual_router_id") ?? 0,
    priority: priority ?? 100,
    advertInt: b.get<number>("advert_int") ?? 1,
    version: (b.get<number>("version") ?? g.vrrpVersion) as 2 | 3,
    family,
    vips,
    excludedVips,
    noVirtualIpaddress: b.has("no_virtual_ipaddress"),
    virtualRoutes: b.entries("virtual_routes", "words"),
    virtualRules: rules(ctx, b),
    ...readTrackers(ctx, b, objs),
    dontTrackPrimary: b.has("dont_track_primary"),
    unicastPeers: peers,
    unicastTtl: b.get<number>("unicast_ttl") ?? 255,
    checkUnicastSrc: b.has("check_unicast_src") || g.checkUnicastSrc ||
      peers.some((p) => p.minTtl !== undefined || p.maxTtl !== undefined),
    unicastFaultNoPeer: b.has("unicast_fault_no_peer"),
    trackSrcIp: b.has("track_src_ip"),
    nopreempt,
    preemptDelay: b.get<number>("preempt_delay") ?? 0,
    garp,
    downTimerAdverts: b.get<number>("down_timer_adverts") ?? g.downTimerAdverts,
    lowerPrioNoAdvert: b.get<boolean>("lower_prio_no_advert") ?? g.lowerPrioNoAdvert,
    higherPrioSendAdvert: b.get<boolean>("higher_prio_send_advert") ?? g.higherPrioSendAdvert,
    ownerIgnoreAdverts: b.get<boolean>("owner_ignore_adverts") ?? g.ownerIgnoreAdverts,
    skipCheckAdvAddr: b.get<boolean>("skip_check_adv_addr") ?? g.skipCheckAdvAddr,
    strict,
    accept,
    vmacXmitBase: b.has("vmac_xmit_base"),
    v3ChecksumAsV2: b.get<boolean>("v3_checksum_as_v2") ?? g.v3ChecksumAsV2,
    notify: readNotifies(ctx, b),
    notifyPriorityChanges: b.get<boolean>("notify_priority_changes") ?? g.notifyPriorityChanges,
    other: b.other,
    at: n.at,
  };
  if (Object.keys(b.keyAt).length > 0) inst.keyAt = b.keyAt;
  if (iface !== undefined) inst.interface = iface;
  const ms = srcAddr("mcast_src_ip");
  if (ms !== undefined) inst.mcastSrcIp = ms;
  const us = srcAddr("unicast_src_ip");
  if (us !== undefined) inst.unicastSrcIp = us;
  const md = b.get<ParsedAddress>("mcast_dst_ip");
  if (md !== undefined) inst.mcastDstIp = md.address;
  const ouc = b.get<string[]>("old_unicast_checksum");
  if (ouc !== undefined) inst.oldUnicastChecksum = ouc[0] === "never" ? "never" : "always";
  const vmac = b.get<string[]>("use_vmac");
  if (vmac !== undefined) inst.useVmac = vmac;

  const w: Written = { block: b, nopreempt, familyFromVip: vipEntries.length > 0 };
  if (state !== undefined) w.state = state;
  if (priority !== undefined) w.priority = priority;
  const ai = b.get<number>("advert_int");
  if (ai !== undefined) w.advertInt = ai;
  const ver = b.get<number>("version");
  if (ver !== undefined) w.version = ver as 2 | 3;
  const auth = readAuth(ctx, b);
  if (auth !== undefined) w.auth = auth;
  for (
    const kw of ["unicast_src_ip", "unicast_peer", "check_unicast_src", "old_unicast_checksum"]
  ) {
    const it = b.item(kw);
    if (it !== undefined && it.value !== undefined) {
      w.unicastKeyword = it.stmt.keyword.at;
      break;
    }
  }
  const ttl = b.get<number>("unicast_ttl");
  if (ttl !== undefined) w.unicastTtl = ttl;
  const pd = b.get<number>("preempt_delay");
  if (pd !== undefined) w.preemptDelay = pd;
  const teb = b.item("timer_expired_backup");
  if (teb !== undefined) {
    const t = teb.stmt.args[0];
    if (t === undefined) w.timerExpiredBackup = 254;
    else if (/^[0-9]+$/.test(t.text) && Number(t.text) >= 1 && Number(t.text) <= 254) {
      w.timerExpiredBackup = Number(t.text);
    } else ctx.error(t.at, "VK0302", `timer_expired_backup '${t.text}' is outside 1..254; ignored`);
  }
  if (vipEntries[0] !== undefined) w.firstVipAt = vipEntries[0].at;
  if (auth?.type !== undefined && auth.password !== undefined) {
    inst.authentication = { type: auth.type, password: auth.password } satisfies Authentication;
  }
  return { inst, w };
}
