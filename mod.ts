/**
 * vipkeeper as a library: load and check keepalived.conf or YAML configurations into a typed
 * model. Later releases add the VRRP engine and the agent with typed events.
 *
 * @example
 * ```ts
 * import type { Model } from "./mod.ts";
 * const names = (m: Model) => m.instances.map((i) => i.name);
 * ```
 *
 * @module
 */

export type { Diagnostic, Severity, Span } from "./lib/config/diagnostic.ts";
export { diagnostic, hasErrors, sortDiagnostics } from "./lib/config/diagnostic.ts";
export type * from "./lib/config/model.ts";
export { stripLocations } from "./lib/config/model.ts";
export type { Statement, SyntaxTree, Word } from "./lib/config/syntax.ts";
