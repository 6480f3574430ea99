/**
 * Lint rules for preemption settings that do nothing: `nopreempt` (VK0507) and `preempt_delay`
 * (VK0508). keepalived clears both in the cases below (spec §2.7 step 9), so the node preempts
 * although the file says otherwise.
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Model, VrrpInstance } from "../model.ts";
import { type LintContext, spanOf, written } from "./context.ts";
import { writtenArg } from "./_written.ts";

/**
 * VK0507 and VK0508: `nopreempt` with `state MASTER` or priority 255; `preempt_delay` with
 * `state MASTER`, `nopreempt` or strict mode.
 *
 * @example
 * ```ts
 * import { ineffectivePreempt } from "./preempt.ts";
 * import type { Model } from "../model.ts";
 * const m = { instances: [] } as unknown as Model;
 * if (ineffectivePreempt(m, {}).length !== 0) throw new Error();
 * ```
 */
export function ineffectivePreempt(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    const master = (writtenArg(inst, "state", ctx.tree) ?? inst.state) === "MASTER";
    const nopreempt = inst.nopreempt || written(inst, "nopreempt");
    if (nopreempt) {
      const why = master
        ? "with 'state MASTER'"
        : inst.priority === 255
        ? "with priority 255 (address owner)"
        : undefined;
      if (why !== undefined) {
        out.push(diagnostic(
          spanOf(inst, ctx, "nopreempt"),
          "warning",
          "VK0507",
          `'nopreempt' has no effect in '${inst.name}' ${why}: keepalived clears it and ` +
            `the node preempts`,
          "nopreempt needs 'state BACKUP' and a priority below 255",
        ));
      }
    }
    const delay = inst.preemptDelay > 0 || delayWritten(inst, ctx);
    if (!delay) continue;
    const why = master
      ? "with 'state MASTER'"
      : nopreempt && !master && inst.priority !== 255
      ? "together with 'nopreempt'"
      : inst.strict
      ? "in strict mode"
      : undefined;
    if (why === undefined) continue;
    out.push(diagnostic(
      spanOf(inst, ctx, "preempt_delay"),
      "warning",
      "VK0508",
      `'preempt_delay' has no effect in '${inst.name}' ${why}: keepalived clears it`,
      "preempt_delay needs 'state BACKUP', preemption on, and no strict mode",
    ));
  }
  return out;
}

/** `preempt_delay` written with a non-zero value (the model holds 0 once keepalived cleared it). */
function delayWritten(inst: VrrpInstance, ctx: LintContext): boolean {
  if (!written(inst, "preempt_delay")) return false;
  const value = writtenArg(inst, "preempt_delay", ctx.tree);
  return value === undefined || Number(value) !== 0;
}
