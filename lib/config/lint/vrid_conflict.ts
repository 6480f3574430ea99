/**
 * Lint rule VK0503: a VRID used twice in one VRID space (spec §2.7 step 14).
 *
 * Multicast instances clash when VRID, family, interface and multicast group are equal. Unicast
 * instances are a separate space: two clash only when VRID and family are equal, they send from
 * the same local address and their peer sets overlap.
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Model, VrrpInstance } from "../model.ts";
import { type LintContext, spanOf, written } from "./context.ts";

/**
 * VK0503: report each instance that reuses the VRID of an earlier one in the same space.
 *
 * @example
 * ```ts
 * import { vridConflicts } from "./vrid_conflict.ts";
 * import type { Model } from "../model.ts";
 * const m = { instances: [], globalDefs: {} } as unknown as Model;
 * if (vridConflicts(m, {}).length !== 0) throw new Error();
 * ```
 */
export function vridConflicts(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, VrrpInstance[]>(); // by VRID and family: the only candidates
  for (const inst of model.instances) {
    const key = `${inst.vrid}/${inst.family}`;
    const candidates = seen.get(key) ?? [];
    const clash = candidates.find((other) => sameSpace(model, other, inst));
    candidates.push(inst);
    seen.set(key, candidates);
    if (clash === undefined) continue;
    const where = clash.at ? ` (${clash.at.file}:${clash.at.line})` : "";
    const mode = unicast(inst) ? "unicast" : "multicast";
    out.push(diagnostic(
      spanOf(inst, ctx, "virtual_router_id"),
      "error",
      "VK0503",
      `Instances '${clash.name}'${where} and '${inst.name}' both use VRID ${inst.vrid} with ${
        familyName(inst)
      } ${mode} on interface '${inst.interface ?? "(none)"}'`,
      "give each virtual router on one link its own virtual_router_id",
    ));
  }
  return out;
}

function sameSpace(model: Model, a: VrrpInstance, b: VrrpInstance): boolean {
  if (a.vrid !== b.vrid || a.family !== b.family) return false;
  const au = unicast(a);
  const bu = unicast(b);
  if (au !== bu) return false;
  if (!au) {
    return a.interface === b.interface && mcastGroup(model, a) === mcastGroup(model, b);
  }
  if (localAddress(a) !== localAddress(b)) return false;
  const peers = new Set(a.unicastPeers.map((p) => p.address));
  return b.unicastPeers.some((p) => peers.has(p.address));
}

/**
 * A `unicast_peer` keyword puts an instance in the unicast VRID space even when the block ended
 * up empty (keepalived 2.2.7 accepts two such instances with one VRID on one interface).
 */
function unicast(i: VrrpInstance): boolean {
  return i.unicastPeers.length > 0 || written(i, "unicast_peer");
}

function mcastGroup(model: Model, i: VrrpInstance): string {
  return i.mcastDstIp ??
    (i.family === "inet6" ? model.globalDefs.mcastGroup6 : model.globalDefs.mcastGroup4);
}

function localAddress(i: VrrpInstance): string {
  return i.unicastSrcIp ?? `primary address of ${i.interface ?? ""}`;
}

function familyName(i: VrrpInstance): string {
  return i.family === "inet6" ? "IPv6" : "IPv4";
}
