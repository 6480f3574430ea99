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
    const shared = new Map<VrrpInstance, string[]>();
    const mine = new Set<string>();
    for (const vip of [...inst.vips, ...inst.excludedVips]) {
      const key = vip.address.toLowerCase();
      if (mine.has(key)) continue; // a duplicate inside one instance is validation's business
      mine.add(key);
      const first = owner.get(key);
      if (first === undefined) owner.set(key, inst);
      else shared.set(first, [...(shared.get(first) ?? []), vip.address]);
    }
    // One diagnostic per instance, against the first instance it shares with.
    const [pair, ...more] = shared;
    if (pair !== undefined) {
      const [first, addresses] = pair;
      const where = first.at ? ` (${first.at.file}:${first.at.line})` : "";
      const list = addresses.slice(0, 3).map((a) => `'${a}'`).join(", ") +
        (addresses.length > 3 ? ` and ${addresses.length - 3} more` : "");
      out.push(diagnostic(
        spanOf(inst, ctx, "virtual_ipaddress"),
        "warning",
        "VK0511",
        `Virtual address${addresses.length > 1 ? "es" : ""} ${list} of '${inst.name}' ${
          addresses.length > 1 ? "are" : "is"
        } also in '${first.name}'${where}${
          more.length > 0 ? ` (and it shares addresses with ${more.length} more instances)` : ""
        }`,
        "when one of the two instances leaves MASTER it deletes the address the other still " +
          "serves; keep each address in one instance",
      ));
    }
  }
  return out;
}
