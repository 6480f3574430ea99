/**
 * Lint rule VK0512: an `authentication` block on a VRRPv3 instance.
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Model } from "../model.ts";
import { type LintContext, spanOf, written } from "./context.ts";

/**
 * VK0512: VRRPv3 has no authentication field, so keepalived drops the block.
 *
 * @example
 * ```ts
 * import { authWithV3 } from "./auth_v3.ts";
 * import type { Model } from "../model.ts";
 * const auth = { type: "PASS", password: "secret" };
 * const m = { instances: [{ name: "VI_1", version: 3, authentication: auth }] };
 * if (authWithV3(m as unknown as Model, {}).length !== 1) throw new Error();
 * ```
 */
export function authWithV3(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    if (inst.version !== 3) continue;
    if (inst.authentication === undefined && !written(inst, "authentication")) continue;
    out.push(diagnostic(
      spanOf(inst, ctx, "authentication"),
      "warning",
      "VK0512",
      `'${inst.name}' uses VRRPv3, which has no authentication: keepalived ignores the ` +
        `'authentication' block, and a VRRPv2 peer that expects the password drops these adverts`,
      "remove the block, and protect the link instead (a VLAN, nftables rules on protocol 112)",
    ));
  }
  return out;
}
