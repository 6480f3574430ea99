/**
 * Lint rules for the two keywords an instance cannot do without: `interface` (VK0501) and
 * `virtual_router_id` (VK0502).
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Model } from "../model.ts";
import { type LintContext, spanOf, written } from "./context.ts";

/**
 * VK0501: an instance needs `interface`, or `unicast_src_ip` with `dev` on every virtual address.
 *
 * @example
 * ```ts
 * import { missingInterface } from "./required.ts";
 * import type { Model } from "../model.ts";
 * const m = { instances: [] } as unknown as Model;
 * if (missingInterface(m, {}).length !== 0) throw new Error();
 * ```
 */
export function missingInterface(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    if (inst.interface !== undefined && inst.interface !== "") continue;
    const at = spanOf(inst, ctx);
    if (inst.unicastSrcIp === undefined) {
      out.push(diagnostic(
        at,
        "error",
        "VK0501",
        `Instance '${inst.name}' has no 'interface'`,
        "add 'interface IF'; only a unicast instance with 'unicast_src_ip' may omit it",
      ));
      continue;
    }
    const homeless = [...inst.vips, ...inst.excludedVips].filter((v) => v.dev === undefined);
    if (homeless.length > 0) {
      out.push(diagnostic(
        at,
        "error",
        "VK0501",
        `Instance '${inst.name}' has no 'interface', and virtual address '${
          homeless[0]?.address
        }' has no 'dev'`,
        "without 'interface', every virtual address needs 'dev IF'",
      ));
    }
  }
  return out;
}

/**
 * VK0502: an instance needs `virtual_router_id`.
 *
 * A model built from a file tells by its `keyAt` map; one built in code by a VRID outside 1..255.
 *
 * @example
 * ```ts
 * import { missingVrid } from "./required.ts";
 * import type { Model } from "../model.ts";
 * const m = { instances: [{ name: "VI_1", vrid: 0 }] } as unknown as Model;
 * if (missingVrid(m, {}).length !== 1) throw new Error();
 * ```
 */
export function missingVrid(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    const valid = Number.isInteger(inst.vrid) && inst.vrid >= 1 && inst.vrid <= 255;
    const missing = inst.keyAt !== undefined ? !written(inst, "virtual_router_id") : !valid;
    if (!missing) continue;
    out.push(diagnostic(
      spanOf(inst, ctx),
      "error",
      "VK0502",
      `Instance '${inst.name}' has no 'virtual_router_id'`,
      "add 'virtual_router_id N' (1..255), the same on every node of this virtual router",
    ));
  }
  return out;
}
