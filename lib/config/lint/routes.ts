/**
 * Lint rules VK0522 and VK0523: `virtual_routes` / `virtual_rules` lines that do not parse
 * (keepalived rejects them at load and runs the instance without them), and lines that parse
 * with a remark (a deprecated word, a value keepalived changes). The grammar is the one the agent
 * installs with (`lib/agent/routes.ts`).
 *
 * @module
 */

import { parseRoute, parseRule } from "../../agent/routes.ts";
import { type Diagnostic, diagnostic, type Span } from "../diagnostic.ts";
import type { Model, VrrpInstance } from "../model.ts";
import { type LintContext, spanOf } from "./context.ts";
import { statementAt } from "./_written.ts";

/**
 * VK0522 (error) for each route or rule line that does not parse, VK0523 (warning) for each
 * remark on one that does.
 *
 * @example
 * ```ts
 * import { routeLines } from "./routes.ts";
 * import type { Model } from "../model.ts";
 * const inst = { name: "VI_1", virtualRoutes: [["198.51.100.0/24", "vai", "192.0.2.1"]],
 *   virtualRules: [] };
 * const d = routeLines({ instances: [inst] } as unknown as Model, {});
 * if (d[0]?.code !== "VK0522") throw new Error();
 * ```
 */
export function routeLines(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    for (const kind of ["route", "rule"] as const) {
      const kw = kind === "route" ? "virtual_routes" : "virtual_rules";
      for (const words of kind === "route" ? inst.virtualRoutes : inst.virtualRules) {
        const p = kind === "route" ? parseRoute(words) : parseRule(words);
        const at = lineAt(inst, kw, words, ctx);
        const line = words.join(" ");
        if (!p.ok) {
          out.push(diagnostic(
            at,
            "error",
            "VK0522",
            `${kw} line '${line}' of '${inst.name}': ${p.error}`,
            `keepalived rejects the line and runs the instance without it; see docs/routes.md`,
          ));
          continue;
        }
        for (const w of p.warnings) {
          out.push(diagnostic(at, "warning", "VK0523", `${kw} line '${line}': ${w}`));
        }
      }
    }
  }
  return out;
}

/** The span of the line with these words in the instance's block, else the block keyword's. */
function lineAt(inst: VrrpInstance, kw: string, words: string[], ctx: LintContext): Span {
  const at = inst.keyAt?.[kw];
  const block = ctx.tree && at ? statementAt(ctx.tree, at)?.block : undefined;
  const text = words.join(" ");
  const s = block?.find((st) => [st.keyword, ...st.args].map((w) => w.text).join(" ") === text);
  return s?.keyword.at ?? spanOf(inst, ctx, kw);
}
