/**
 * Builds the resolved `GlobalDefs` from what was read in `global_defs` (spec §2.1).
 *
 * @module
 */

import type { FifoSpec, GlobalDefs, ScriptCommand } from "./model.ts";
import type { Block } from "./_validate_block.ts";
import type { Ctx } from "./_validate_context.ts";
import { atLeastOne, type ParsedAddress } from "./_validate_values.ts";

function fifo(words: string[] | undefined): FifoSpec | undefined {
  if (words === undefined || words[0] === undefined) return undefined;
  const f: FifoSpec = { path: words[0] };
  if (words[1] !== undefined) f.user = words[1];
  if (words[2] !== undefined) f.group = words[2].replace(/^:/, "");
  return f;
}

/**
 * Resolve `global_defs` (all `global_defs` blocks read as one).
 */
export function buildGlobalDefs(ctx: Ctx, b: Block): GlobalDefs {
  const strict = b.get<boolean>("vrrp_strict") ?? false;
  const minGarp = b.get<boolean>("vrrp_min_garp") ?? false;
  const masterDelay = b.get<number>("vrrp_garp_master_delay") ?? (minGarp ? 0 : 5);
  const masterRepeat = atLeastOne(ctx, b, "vrrp_garp_master_repeat") ?? (minGarp ? 1 : 5);
  const g: GlobalDefs = {
    mcastGroup4: b.get<ParsedAddress>("vrrp_mcast_group4")?.address ?? "224.0.0.18",
    mcastGroup6: b.get<ParsedAddress>("vrrp_mcast_group6")?.address ?? "ff02::12",
    vrrpVersion: (b.get<number>("vrrp_version") ?? 2) as 2 | 3,
    v3ChecksumAsV2: b.get<boolean>("v3_checksum_as_v2") ?? false,
    garp: {
      masterDelay,
      masterRepeat,
      masterRefresh: b.get<number>("vrrp_garp_master_refresh") ?? 0,
      masterRefreshRepeat: atLeastOne(ctx, b, "vrrp_garp_master_refresh_repeat") ?? 1,
      lowerPrioDelay: b.get<number>("vrrp_garp_lower_prio_delay") ?? masterDelay,
      lowerPrioRepeat: b.get<number>("vrrp_garp_lower_prio_repeat") ?? masterRepeat,
    },
    garpInterval: b.get<number>("vrrp_garp_interval") ?? 0,
    gnaInterval: b.get<number>("vrrp_gna_interval") ?? 0,
    downTimerAdverts: b.get<number>("vrrp_down_timer_adverts") ?? 3,
    lowerPrioNoAdvert: b.get<boolean>("vrrp_lower_prio_no_advert") ?? strict,
    higherPrioSendAdvert: b.get<boolean>("vrrp_higher_prio_send_advert") ?? false,
    checkUnicastSrc: b.get<boolean>("vrrp_check_unicast_src") ?? false,
    skipCheckAdvAddr: b.get<boolean>("vrrp_skip_check_adv_addr") ?? false,
    strict,
    ownerIgnoreAdverts: b.get<boolean>("vrrp_owner_ignore_adverts") ?? strict,
    notifyPriorityChanges: b.get<boolean>("vrrp_notify_priority_changes") ?? false,
    fifoWriteStatesOnReload: b.get<boolean>("fifo_write_vrrp_states_on_reload") ?? false,
    enableScriptSecurity: b.get<boolean>("enable_script_security") ?? false,
    startupDelay: Math.max(
      b.get<number>("vrrp_startup_delay") ?? 0,
      b.get<number>("vrrp_delay_after_boot") ?? 0,
    ),
    logUnknownVrids: b.get<boolean>("log_unknown_vrids") ?? false,
    dynamicInterfaces: b.has("dynamic_interfaces"),
    other: b.other,
  };
  const g6 = b.item("vrrp_mcast_group6");
  if (g6?.value !== undefined && !/^ff[0-9a-f]2:/i.test(g.mcastGroup6)) {
    ctx.warn(
      g6.stmt.args[0]!.at,
      "VK0306",
      `vrrp_mcast_group6 ${g.mcastGroup6} is not a link-local multicast group (ffX2::/16); adverts will not stay on the link`,
    );
  }
  const routerId = b.get<string>("router_id");
  if (routerId !== undefined) g.routerId = routerId;
  const nf = fifo(b.get<string[]>("notify_fifo"));
  if (nf) g.notifyFifo = nf;
  const vf = fifo(b.get<string[]>("vrrp_notify_fifo"));
  if (vf) g.vrrpNotifyFifo = vf;
  const nfs = b.get<ScriptCommand>("notify_fifo_script");
  if (nfs) g.notifyFifoScript = nfs;
  const vfs = b.get<ScriptCommand>("vrrp_notify_fifo_script");
  if (vfs) g.vrrpNotifyFifoScript = vfs;
  const su = b.get<string[]>("script_user");
  if (su?.[0] !== undefined) {
    g.scriptUser = su[1] !== undefined
      ? { user: su[0], group: su[1].replace(/^:/, "") }
      : { user: su[0] };
  }
  const vp = b.get<string>("vmac_prefix");
  if (vp !== undefined) g.vmacPrefix = vp;
  const dyn = b.get<string[]>("dynamic_interfaces");
  if (dyn?.[0] !== undefined && dyn[0] !== "allow_if_changes") {
    ctx.error(
      b.item("dynamic_interfaces")!.stmt.args[0]!.at,
      "VK0305",
      `Unknown dynamic_interfaces option '${dyn[0]}'; keepalived ignores it`,
    );
  }
  if (Object.keys(b.keyAt).length > 0) g.keyAt = b.keyAt;
  return g;
}
