/**
 * Lint rule VK0509: a sub-second `advert_int` on a VRRPv2 instance.
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Model } from "../model.ts";
import { type LintContext, spanOf } from "./context.ts";
import { writtenArg } from "./_written.ts";

/**
 * VK0509: VRRPv2 adverts carry whole seconds; keepalived rounds `advert_int 0.5` up to 1 s, so
 * the master-down interval is about three times longer than the file suggests.
 *
 * @example
 * ```ts
 * import { subSecondV2 } from "./advert_int.ts";
 * import type { Model } from "../model.ts";
 * const m = { instances: [{ name: "VI_1", version: 2, advertInt: 0.5 }] } as unknown as Model;
 * if (subSecondV2(m, {}).length !== 1) throw new Error();
 * ```
 */
export function subSecondV2(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    if (inst.version !== 2) continue;
    const text = writtenArg(inst, "advert_int", ctx.tree);
    const asWritten = text === undefined ? inst.advertInt : Number(text);
    if (!(asWritten > 0 && asWritten < 1)) continue;
    out.push(diagnostic(
      spanOf(inst, ctx, "advert_int"),
      "warning",
      "VK0509",
      `'${inst.name}' uses VRRPv2 with advert_int ${asWritten}: v2 counts whole seconds, so ` +
        `keepalived sends adverts every 1 s and a backup waits over 3 s before taking over`,
      "add 'version 3' (or global 'vrrp_version 3') on every node for sub-second adverts",
    ));
  }
  return out;
}
