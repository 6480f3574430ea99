/**
 * The whole keepalived.conf front end in one call: read (includes, lexing, parsing) and validate
 * into the resolved model, with every diagnostic sorted.
 *
 * @module
 */

import { type Diagnostic, sortDiagnostics } from "./diagnostic.ts";
import type { Model } from "./model.ts";
import { parseConfig, type ParseOptions } from "./parse.ts";
import type { SyntaxTree } from "./syntax.ts";
import { validateTree as validate } from "./validate.ts";

/** Options of `loadConfig`: those of `parseConfig` (file system, config id, ...). */
export type LoadOptions = ParseOptions;

/** A loaded configuration. */
export interface Loaded {
  /** The resolved model (present even with errors; check `diagnostics`). */
  model: Model;
  /** All diagnostics of reading and validation, sorted by file, line, column, code. */
  diagnostics: Diagnostic[];
  /** The syntax tree the model was validated from. */
  tree: SyntaxTree;
}

/**
 * Read and validate a keepalived.conf.
 *
 * @example
 * ```ts
 * import { loadConfig } from "./load.ts";
 * import { memoryConfigFs } from "./fs.ts";
 * const fs = memoryConfigFs({
 *   "/k.conf": "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 300\n" +
 *     " virtual_ipaddress {\n  192.0.2.10/24\n }\n}\n",
 * });
 * const { model, diagnostics } = loadConfig("/k.conf", { fs });
 * if (model.instances[0]?.priority !== 100) throw new Error("keepalived's fallback is 100");
 * if (diagnostics[0]?.line !== 4) throw new Error();
 * ```
 */
export function loadConfig(path: string, options: LoadOptions): Loaded {
  const { tree, diagnostics } = parseConfig(path, options);
  const v = validate(tree);
  return { model: v.model, diagnostics: sortDiagnostics([...diagnostics, ...v.diagnostics]), tree };
}

/**
 * Validate a syntax tree built by another front end (the YAML reader), with sorted diagnostics.
 *
 * @example
 * ```ts
 * import { validateTree } from "./load.ts";
 * const { model } = validateTree({ statements: [], files: [] });
 * if (model.instances.length !== 0) throw new Error();
 * ```
 */
export function validateTree(tree: SyntaxTree): { model: Model; diagnostics: Diagnostic[] } {
  const v = validate(tree);
  return { model: v.model, diagnostics: sortDiagnostics(v.diagnostics) };
}
