/**
 * keepalived's per-instance derivations after parsing (spec §2.7, steps 1–5 and 7–13, in that
 * order). Each change keepalived makes silently or with a log line is reported.
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";
import type { VrrpInstance } from "./model.ts";
import type { Ctx } from "./_validate_context.ts";
import type { Written } from "./_validate_instance.ts";
import { isLinkLocal6, parseAddress } from "./_validate_values.ts";
import {
  deriveAdvertInt,
  deriveAuth,
  ownerTrackers,
  strictForces,
} from "./_validate_derive_rules.ts";

/** Apply §2.7 to one instance in place. */
export function deriveInstance(ctx: Ctx, inst: VrrpInstance, w: Written): void {
  const at = inst.at!;
  const keyAt = (k: string): Span => inst.keyAt?.[k] ?? at;
  const name = `(${inst.name})`;

  // 1. version from family.
  if (inst.family === "inet6" && inst.version !== 3) {
    if (w.version === 2) {
      ctx.warn(
        keyAt("version"),
        "VK0404",
        `${name} IPv6 instances use VRRP version 3; keepalived ignores 'version 2'`,
      );
    }
    inst.version = 3;
  }

  // Every instance tracks its own interface: an entry for it is ignored.
  if (inst.interface !== undefined) {
    inst.trackInterface = inst.trackInterface.filter((t) => {
      if (t.name !== inst.interface) return true;
      ctx.warn(
        t.at ?? at,
        "VK0419",
        `${name} tracks its own interface '${t.name}' already; keepalived ignores this entry`,
      );
      return false;
    });
  }

  // 3. priority and state.
  if (w.priority === undefined) inst.priority = w.state === "MASTER" ? 255 : 100;
  if (w.state === undefined) inst.state = inst.priority === 255 ? "MASTER" : "BACKUP";
  if (inst.strict && (inst.state === "MASTER") !== (inst.priority === 255)) {
    const want = inst.priority === 255 ? "MASTER" : "BACKUP";
    ctx.warn(
      keyAt("state"),
      "VK0403",
      `${name} in strict mode state MASTER must match being the address owner (priority 255); keepalived uses ${want}`,
    );
    inst.state = want;
  }

  // 4. authentication.
  if (w.auth !== undefined) deriveAuth(ctx, inst, w, name);

  // 5. unicast.
  if (inst.unicastPeers.length === 0) {
    if (w.unicastTtl !== undefined) {
      ctx.error(
        keyAt("unicast_ttl"),
        "VK0406",
        `${name} unicast_ttl without unicast peers; keepalived resets it`,
      );
      inst.unicastTtl = 255;
    }
    if (inst.unicastFaultNoPeer) {
      ctx.warn(
        keyAt("unicast_fault_no_peer"),
        "VK0406",
        `${name} unicast_fault_no_peer without unicast peers: the instance stays in FAULT`,
      );
    } else if (w.unicastKeyword !== undefined) {
      ctx.warn(
        w.unicastKeyword,
        "VK0406",
        `${name} a unicast keyword without any unicast peer; keepalived falls back to multicast (a deprecated usage)`,
      );
    }
  } else if (inst.strict) {
    ctx.warn(
      keyAt("unicast_peer"),
      "VK0418",
      `${name} strict mode does not allow unicast peers on a multicast-capable interface; keepalived then refuses the configuration`,
    );
  }
  if (inst.interface === undefined) {
    if (inst.unicastPeers.length === 0 || inst.unicastSrcIp === undefined) {
      ctx.error(
        at,
        "VK0416",
        `${name} has no interface (and is not a unicast instance with unicast_src_ip); keepalived cannot run it`,
      );
    } else if (inst.family === "inet6" && /^fe[89ab]/i.test(inst.unicastSrcIp)) {
      ctx.error(
        keyAt("unicast_src_ip"),
        "VK0416",
        `${name} without an interface needs a non-link-local unicast_src_ip`,
      );
    }
  }

  // use_vmac with unicast: adverts go out of the base interface.
  if (
    inst.useVmac !== undefined && (w.unicastKeyword !== undefined || inst.unicastPeers.length > 0)
  ) {
    if (inst.interface === undefined) {
      ctx.warn(
        keyAt("use_vmac"),
        "VK0421",
        `${name} use_vmac with unicast and no interface; keepalived clears use_vmac`,
      );
      delete inst.useVmac;
    } else if (!inst.vmacXmitBase) {
      ctx.warn(
        keyAt("use_vmac"),
        "VK0421",
        `${name} use_vmac with unicast needs vmac_xmit_base; keepalived sets it`,
      );
      inst.vmacXmitBase = true;
    }
  }

  // 7. IPv6 multicast wants a link-local first VIP.
  if (inst.family === "inet6" && inst.unicastPeers.length === 0 && inst.vips[0] !== undefined) {
    const first = parseAddress(inst.vips[0].address, false);
    if (first !== undefined && !isLinkLocal6(first)) {
      ctx.add(
        w.firstVipAt ?? at,
        inst.strict ? "error" : "info",
        "VK0417",
        `${name} the first IPv6 virtual address should be link-local (RFC 5798)`,
      );
    }
  }

  // 8. VIPs that do not fit one advert (MTU assumed 1500).
  const max = inst.family === "inet" ? 255 : Math.floor((1500 - 40 - 8) / 16);
  if (inst.vips.length > max) {
    const moved = inst.vips.splice(max);
    ctx.warn(
      keyAt("virtual_ipaddress"),
      "VK0420",
      `${name} has ${
        max + moved.length
      } virtual addresses; an advert holds ${max}, so keepalived moves the last ${moved.length} to virtual_ipaddress_excluded`,
    );
    inst.excludedVips.push(...moved);
  }

  // 9. preemption.
  if (inst.nopreempt && inst.priority === 255) {
    ctx.warn(
      keyAt("nopreempt"),
      "VK0407",
      `${name} nopreempt has no effect with priority 255; keepalived clears it`,
    );
    inst.nopreempt = false;
  } else if (inst.nopreempt && inst.state === "MASTER") {
    ctx.warn(
      keyAt("nopreempt"),
      "VK0407",
      `${name} nopreempt does not work with initial state MASTER; keepalived clears it`,
    );
    inst.nopreempt = false;
  }
  if (inst.preemptDelay > 0) {
    const why = inst.state === "MASTER"
      ? "initial state MASTER"
      : inst.strict
      ? "strict mode"
      : inst.nopreempt
      ? "nopreempt"
      : undefined;
    if (why !== undefined) {
      ctx.warn(
        keyAt("preempt_delay"),
        "VK0407",
        `${name} preempt_delay has no effect with ${why}; keepalived clears it`,
      );
      inst.preemptDelay = 0;
    }
  }
  if (inst.strict && inst.downTimerAdverts !== 3) {
    ctx.warn(
      keyAt("down_timer_adverts"),
      "VK0408",
      `${name} strict mode forces down_timer_adverts to 3 (was ${inst.downTimerAdverts})`,
    );
    inst.downTimerAdverts = 3;
  }
  if (w.timerExpiredBackup !== undefined) {
    if (inst.nopreempt) inst.timerExpiredBackup = w.timerExpiredBackup;
    else {ctx.warn(
        keyAt("timer_expired_backup"),
        "VK0407",
        `${name} timer_expired_backup needs nopreempt; keepalived clears it`,
      );}
  }

  // 10. strict mode forcing.
  if (inst.strict) strictForces(ctx, inst, keyAt, name);

  // 11. advert_int.
  deriveAdvertInt(ctx, inst, keyAt("advert_int"), name);

  // 12. VIPs.
  if (inst.vips.length === 0 && !inst.noVirtualIpaddress) {
    if (inst.version === 3 || inst.strict) {
      ctx.error(
        at,
        "VK0410",
        `${name} has no virtual address; keepalived requires one with ${
          inst.strict ? "strict mode" : "VRRP version 3"
        }`,
      );
    } else {
      ctx.warn(
        at,
        "VK0410",
        `${name} has no virtual address; keepalived runs it but at least one is sensible`,
      );
    }
  } else if (inst.noVirtualIpaddress && inst.strict && inst.vips.length === 0) {
    ctx.error(
      keyAt("no_virtual_ipaddress"),
      "VK0418",
      `${name} no_virtual_ipaddress is not allowed in strict mode`,
    );
  }

  // 13. address owners never change priority: weighted trackers go.
  if (inst.priority === 255) ownerTrackers(ctx, inst, name);
}
