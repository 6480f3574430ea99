/**
 * Load a configuration written in the YAML form: YAML → syntax tree (`yamlToTree`) → the same
 * validation as keepalived.conf (`validateTree`). `loadAny` picks the front end by file name.
 *
 * @module
 */

import { diagnostic, sortDiagnostics } from "../diagnostic.ts";
import { openMainFile } from "../include.ts";
import { loadConfig, type Loaded, type LoadOptions, validateTree } from "../load.ts";
import type { SyntaxTree } from "../syntax.ts";
import { yamlToTree } from "./to_tree.ts";

export type { Loaded, LoadOptions } from "../load.ts";

/**
 * True when a path names a YAML file (`.yaml` or `.yml`, any case).
 *
 * @example
 * ```ts
 * import { isYamlPath } from "./load.ts";
 * if (!isYamlPath("/etc/vipkeeper/site.YML") || isYamlPath("keepalived.conf")) throw new Error();
 * ```
 */
export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/**
 * Load a YAML configuration into the resolved model, with diagnostics from both passes. Takes
 * the options of `loadConfig`; only `fs` matters (YAML has no `@id` lines or `$` definitions).
 * Asynchronous because the `yaml` package is only loaded for the first YAML file.
 *
 * @example
 * ```ts
 * import { loadYaml } from "./load.ts";
 * import { memoryConfigFs } from "../fs.ts";
 * const fs = memoryConfigFs({
 *   "/k.yaml": "vrrp_instance:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 51\n" +
 *     "    virtual_ipaddress: [192.0.2.1/24]\n",
 * });
 * const { model } = await loadYaml("/k.yaml", { fs });
 * if (model.instances[0]?.vrid !== 51) throw new Error();
 * ```
 */
export async function loadYaml(path: string, options: LoadOptions): Promise<Loaded> {
  const opened = openMainFile(path, options.fs);
  const diagnostics = [...opened.diagnostics];
  let tree: SyntaxTree = { statements: [], files: [path] };
  if (opened.file !== undefined) {
    if (opened.file.invalidUtf8) {
      const at = { file: path, line: 1, column: 1 };
      const message = `File '${path}' is not valid UTF-8; invalid bytes were replaced with U+FFFD`;
      diagnostics.push(diagnostic(at, "warning", "VK0103", message));
    }
    const mapped = await yamlToTree(opened.file.text, path);
    tree = mapped.tree;
    diagnostics.push(...mapped.diagnostics);
  }
  const validated = validateTree(tree);
  return {
    ...validated,
    tree,
    diagnostics: sortDiagnostics([...diagnostics, ...validated.diagnostics]),
  };
}

/**
 * Load a configuration in either form: YAML for `.yaml`/`.yml`, keepalived.conf otherwise
 * (which never loads the `yaml` package).
 *
 * @example
 * ```ts
 * import { loadAny } from "./load.ts";
 * import { memoryConfigFs } from "../fs.ts";
 * const fs = memoryConfigFs({ "/k.conf": "global_defs {\n    router_id a\n}\n" });
 * if ((await loadAny("/k.conf", { fs })).model.globalDefs.routerId !== "a") throw new Error();
 * ```
 */
export async function loadAny(path: string, options: LoadOptions): Promise<Loaded> {
  return isYamlPath(path) ? await loadYaml(path, options) : loadConfig(path, options);
}
