/**
 * Lint rule VK0510: addresses of the other family in one instance.
 *
 * @module
 */

import { type Diagnostic, diagnostic, type Span } from "../diagnostic.ts";
import type { Family, Model, VrrpInstance } from "../model.ts";
import { type LintContext, spanOf } from "./context.ts";
import { entryAt, statementAt } from "./_written.ts";

/**
 * VK0510: virtual addresses, unicast peers or source addresses whose family differs from the
 * instance's (fixed by its first virtual address). Excluded addresses may mix families.
 *
 * @example
 * ```ts
 * import { mixedFamilies } from "./families.ts";
 * import type { Model } from "../model.ts";
 * const vips = [{ address: "192.0.2.1", family: "inet" }, { address: "2001:db8::1", family: "inet6" }];
 * const m = { instances: [{ name: "VI_1", family: "inet", vips, unicastPeers: [] }] };
 * if (mixedFamilies(m as unknown as Model, {}).length !== 1) throw new Error();
 * ```
 */
export function mixedFamilies(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    const foreign: { what: string; address: string; at: Span }[] = [];
    for (const { address, at } of writtenVips(inst, ctx)) {
      if (familyOf(address) !== inst.family) foreign.push({ what: "virtual address", address, at });
    }
    for (const peer of inst.unicastPeers) {
      if (familyOf(peer.address) !== inst.family) {
        foreign.push({
          what: "unicast peer",
          address: peer.address,
          at: entryAt(inst, "unicast_peer", peer.address, ctx),
        });
      }
    }
    for (const kw of ["unicast_src_ip", "mcast_src_ip"] as const) {
      const address = kw === "unicast_src_ip" ? inst.unicastSrcIp : inst.mcastSrcIp;
      if (address !== undefined && familyOf(address) !== inst.family) {
        foreign.push({ what: `source address (${kw})`, address, at: spanOf(inst, ctx, kw) });
      }
    }
    for (const f of foreign) {
      out.push(diagnostic(
        f.at,
        "error",
        "VK0510",
        `${f.what[0]?.toUpperCase()}${f.what.slice(1)} '${f.address}' is ${
          name(familyOf(f.address))
        } but instance '${inst.name}' is ${name(inst.family)}: keepalived ignores it`,
        "use one instance per address family (join them in a vrrp_sync_group), or move the " +
          "address to virtual_ipaddress_excluded",
      ));
    }
  }
  return out;
}

/** Addresses of `virtual_ipaddress` as written (validation drops the foreign ones), with spans. */
function writtenVips(inst: VrrpInstance, ctx: LintContext): { address: string; at: Span }[] {
  const kw = "virtual_ipaddress";
  const at = inst.keyAt?.[kw];
  const block = ctx.tree && at ? statementAt(ctx.tree, at)?.block : undefined;
  if (block === undefined) {
    return inst.vips.map((v) => ({ address: v.address, at: spanOf(inst, ctx, kw) }));
  }
  return block.map((s) => ({ address: s.keyword.text.split("/")[0] ?? "", at: s.keyword.at }));
}

function familyOf(address: string): Family {
  return address.includes(":") ? "inet6" : "inet";
}

function name(f: Family): string {
  return f === "inet6" ? "IPv6" : "IPv4";
}
