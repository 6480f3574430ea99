/**
 * Lint rules for priority 255, the address owner: a warning when the host's addresses are known
 * and the node does not own every virtual address (VK0515), otherwise an info that
 * explains what 255 means (VK0516).
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Model } from "../model.ts";
import { type LintContext, spanOf, written } from "./context.ts";

/**
 * VK0515 / VK0516 for every instance with priority 255.
 *
 * @example
 * ```ts
 * import { addressOwner } from "./owner.ts";
 * import type { Model } from "../model.ts";
 * const vips = [{ address: "192.0.2.10", prefix: 24, family: "inet" }];
 * const m = { instances: [{ name: "VI_1", priority: 255, vips }] } as unknown as Model;
 * const ctx = { interfaces: [{ name: "eth0", addresses: ["192.0.2.10"] }] };
 * if (addressOwner(m, ctx).length !== 0) throw new Error("the host owns 192.0.2.10");
 * ```
 */
export function addressOwner(model: Model, ctx: LintContext): Diagnostic[] {
  const known = ctx.interfaces?.some((i) => i.addresses !== undefined) ?? false;
  const host = new Set(
    (ctx.interfaces ?? []).flatMap((i) => i.addresses ?? []).map((a) => a.toLowerCase()),
  );
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    if (inst.priority !== 255) continue;
    const at = spanOf(inst, ctx, "priority");
    const has = inst.keyAt !== undefined && !written(inst, "priority")
      ? "gets priority 255 (from 'state MASTER' without 'priority')"
      : "has priority 255";
    if (!known) {
      out.push(diagnostic(
        at,
        "info",
        "VK0516",
        `'${inst.name}' ${has}: this node claims to own its virtual addresses, is ` +
          `MASTER at once, always preempts, and ignores nopreempt and weighted trackers`,
        "use 255 only on the node whose interface really has these addresses; 254 otherwise",
      ));
      continue;
    }
    const foreign = inst.vips.filter((v) => !host.has(v.address.toLowerCase()));
    if (foreign.length === 0) continue;
    out.push(diagnostic(
      at,
      "warning",
      "VK0515",
      `'${inst.name}' ${has} (address owner), but this host does not have ${
        foreign.map((v) => `'${v.address}'`).join(", ")
      }`,
      "priority 255 makes the node MASTER at once and deaf to nopreempt and weighted " +
        "trackers; use 254 or lower on a node that does not own the addresses",
    ));
  }
  return out;
}
