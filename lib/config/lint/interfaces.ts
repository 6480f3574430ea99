/**
 * Lint rule VK0521: interfaces named in the configuration that this host does not have. Runs
 * only when the host's interface list is known (skipped with `--no-host-checks`).
 *
 * @module
 */

import { type Diagnostic, diagnostic, type Span } from "../diagnostic.ts";
import type { Model } from "../model.ts";
import { type LintContext, spanOf } from "./context.ts";

/**
 * VK0521: `interface`, `track_interface` entries and virtual addresses' `dev` that do not exist.
 * An error, or a warning with `dynamic_interfaces` (keepalived then waits for the interface).
 *
 * @example
 * ```ts
 * import { missingInterfaces } from "./interfaces.ts";
 * import type { Model } from "../model.ts";
 * const inst = { name: "VI_1", interface: "eth9", vips: [], excludedVips: [], trackInterface: [] };
 * const m = { globalDefs: {}, instances: [inst], syncGroups: [] } as unknown as Model;
 * if (missingInterfaces(m, { interfaces: [{ name: "eth0" }] }).length !== 1) throw new Error();
 * ```
 */
export function missingInterfaces(model: Model, ctx: LintContext): Diagnostic[] {
  if (ctx.interfaces === undefined) return [];
  const host = new Set(ctx.interfaces.map((i) => i.name));
  const dynamic = model.globalDefs.dynamicInterfaces;
  const out: Diagnostic[] = [];
  const check = (name: string | undefined, what: string, at: Span) => {
    if (name === undefined || host.has(name)) return;
    out.push(diagnostic(
      at,
      dynamic ? "warning" : "error",
      "VK0521",
      `Interface '${name}' (${what}) does not exist on this host`,
      dynamic
        ? "with dynamic_interfaces keepalived waits for it to appear"
        : "keepalived will not start this instance; check the name, or add " +
          "'dynamic_interfaces' to global_defs if it appears later",
    ));
  };
  for (const inst of model.instances) {
    check(inst.interface, `interface of '${inst.name}'`, spanOf(inst, ctx, "interface"));
    for (const ref of inst.trackInterface) {
      check(ref.name, `tracked by '${inst.name}'`, ref.at ?? spanOf(inst, ctx, "track_interface"));
    }
    for (const vip of [...inst.vips, ...inst.excludedVips]) {
      check(vip.dev, `dev of '${vip.address}'`, spanOf(inst, ctx, "virtual_ipaddress"));
    }
  }
  for (const d of model.interfaceDelays ?? []) {
    const at = d.at ?? { file: ctx.file ?? "<config>", line: 1, column: 1 };
    check(d.interface, "in interface_up_down_delays", at);
  }
  for (const group of model.syncGroups) {
    for (const ref of group.trackInterface) {
      check(
        ref.name,
        `tracked by '${group.name}'`,
        ref.at ?? spanOf(group, ctx, "track_interface"),
      );
    }
  }
  return out;
}
