/**
 * Lint rule VK0511: one address as a virtual address of several instances.
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Model, VrrpInstance } from "../model.ts";
import { type LintContext, spanOf } from "./context.ts";

/**
 * VK0511: each instance that repeats a virtual address (advertised or excluded) of an earlier one.
 *
 * @example
 * ```ts
 * import { duplicateVips } from "./duplicate_vips.ts";
 * import type { Model } from "../model.ts";
 * const vip = { address: "192.0.2.10", prefix: 24, family: "inet" };
 * const i = (name: string) => ({ name, vips: [vip], excludedVips: [] });
 * const m = { instances: [i("VI_1"), i("VI_2")] } as unknown as Model;
 * if (duplicateVips(m, {}).length !== 1) throw new Error();
 * ```
 */
export function duplicateVips(model: Model, ctx: LintContext): Diagnostic[] {
  const owner = new Map<string, VrrpInstance>();
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    const mine = new Set<string>();
    for (const vip of [...inst.vips, ...inst.excludedVips]) {
      const key = vip.address.toLowerCase();
      if (mine.has(key)) continue; // a duplicate inside one instance is validation's business
      mine.add(key);
      const first = owner.get(key);
      if (first === undefined) {
        owner.set(key, inst);
        continue;
      }
      const where = first.at ? ` (${first.at.file}:${first.at.line})` : "";
      out.push(diagnostic(
        spanOf(inst, ctx, "virtual_ipaddress"),
        "warning",
        "VK0511",
        `Virtual address '${vip.address}' of '${inst.name}' is also a virtual address of '${first.name}'${where}`,
        "when one of the two instances leaves MASTER it deletes the address the other still " +
          "serves; keep each address in one instance",
      ));
    }
  }
  return out;
}
