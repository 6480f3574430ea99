/**
 * All semantic lint rules, and `lintModel` that runs them. Each rule is a pure function of the
 * model and a `LintContext`; see the rule files for what each one reports.
 *
 * @module
 */

import { type Diagnostic, sortDiagnostics } from "../diagnostic.ts";
import type { Model } from "../model.ts";
import type { LintContext, LintRule } from "./context.ts";
import { missingInterface, missingVrid } from "./required.ts";
import { vridConflicts } from "./vrid_conflict.ts";
import { undefinedSyncMembers, undefinedTrackers } from "./references.ts";
import { syncGroupWeights } from "./sync_weights.ts";
import { ineffectivePreempt } from "./preempt.ts";
import { subSecondV2 } from "./advert_int.ts";
import { mixedFamilies } from "./families.ts";
import { duplicateVips } from "./duplicate_vips.ts";
import { authWithV3 } from "./auth_v3.ts";
import { unicastPeers } from "./unicast.ts";
import { addressOwner } from "./owner.ts";
import { scriptPaths } from "./script_paths.ts";
import { missingInterfaces } from "./interfaces.ts";
import { routeLines } from "./routes.ts";

/**
 * The rules `lintModel` runs, in order.
 *
 * @example
 * ```ts
 * import { lintRules } from "./rules.ts";
 * if (lintRules.length === 0) throw new Error();
 * ```
 */
export const lintRules: readonly LintRule[] = [
  missingInterface,
  missingVrid,
  vridConflicts,
  undefinedTrackers,
  undefinedSyncMembers,
  syncGroupWeights,
  ineffectivePreempt,
  subSecondV2,
  mixedFamilies,
  duplicateVips,
  authWithV3,
  unicastPeers,
  addressOwner,
  scriptPaths,
  missingInterfaces,
  routeLines,
];

/**
 * Run every lint rule over a model; diagnostics sorted by place.
 *
 * @example
 * ```ts
 * import { lintModel } from "./rules.ts";
 * import type { Model } from "../model.ts";
 * const empty = {
 *   globalDefs: { mcastGroup4: "224.0.0.18", mcastGroup6: "ff02::12" },
 *   scripts: [], trackFiles: [], trackProcesses: [], instances: [], syncGroups: [],
 * } as unknown as Model;
 * if (lintModel(empty, {}).length !== 0) throw new Error();
 * ```
 */
export function lintModel(model: Model, ctx: LintContext): Diagnostic[] {
  return sortDiagnostics(lintRules.flatMap((rule) => rule(model, ctx)));
}
