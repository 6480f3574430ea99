/**
 * vipkeeper as a library: load and check keepalived.conf or YAML configurations into a typed
 * model, run the sans-IO VRRP engine, encode and check VRRP packets, and embed the Linux agent
 * with its ordered, typed notify events.
 *
 * @example Load a configuration and ask the engine what happens at start-up
 * ```ts
 * import { createEngine, engineConfigFromModel, loadConfig, memoryConfigFs } from "./mod.ts";
 *
 * const fs = memoryConfigFs({
 *   "/etc/keepalived/keepalived.conf": `
 * vrrp_instance VI_1 {
 *     interface eth0
 *     virtual_router_id 51
 *     priority 150
 *     virtual_ipaddress {
 *         192.0.2.100/24
 *     }
 * }`,
 * });
 * const { model, diagnostics } = loadConfig("/etc/keepalived/keepalived.conf", { fs });
 * if (diagnostics.some((d) => d.severity === "error")) throw new Error("bad configuration");
 *
 * const engine = createEngine(engineConfigFromModel(model));
 * engine.handle({ type: "start" }, 0);
 * // Nobody else advertises: the instance becomes MASTER at Master_Down_Interval.
 * const actions = engine.handle({ type: "timer" }, engine.nextDeadline() ?? 0);
 * const order = actions.map((a) => a.type).filter((t) => t !== "schedule" && t !== "log");
 * // advert first, then the VIPs, then gratuitous ARP, then the notifies (keepalived's order)
 * if (order.indexOf("advert") > order.indexOf("add-vips")) throw new Error(order.join());
 * ```
 *
 * @example Embed the agent and follow its notify events (needs root on Linux)
 * ```ts ignore
 * import { consoleLogger, createLinuxAgent, denoConfigFs, loadAny } from "./mod.ts";
 * const { model } = await loadAny("/etc/keepalived/keepalived.conf", { fs: denoConfigFs() });
 * const { agent, shutdown } = await createLinuxAgent(model, { logger: consoleLogger() });
 * await agent.start();
 * for await (const e of agent.events) {
 *   console.log(e.seq, e.kind, e.name, e.state, e.priority);
 * }
 * await shutdown();
 * ```
 *
 * @module
 */

// Configuration: diagnostics, model, loading, writing, linting.
export type { Diagnostic, Severity, Span } from "./lib/config/diagnostic.ts";
export { diagnostic, hasErrors, sortDiagnostics } from "./lib/config/diagnostic.ts";
export type * from "./lib/config/model.ts";
export { stripLocations } from "./lib/config/model.ts";
export type { Statement, SyntaxTree, Word } from "./lib/config/syntax.ts";
export { type ConfigFs, denoConfigFs, memoryConfigFs } from "./lib/config/fs.ts";
export { parseConfig } from "./lib/config/parse.ts";
export { loadConfig, type Loaded, type LoadOptions, validateTree } from "./lib/config/load.ts";
export { isYamlPath, loadAny, loadYaml } from "./lib/config/yaml/load.ts";
export { emitConf } from "./lib/config/emit/conf.ts";
export { emitYaml } from "./lib/config/emit/yaml.ts";
export { lintModel } from "./lib/config/lint/rules.ts";
export { lintCluster } from "./lib/config/lint/cluster.ts";
export type { LintContext } from "./lib/config/lint/context.ts";

// The VRRP engine (sans-IO) and packets.
export type { Advert, AdvertFamily, ReceivedAdvert, VrrpVersion } from "./lib/vrrp/advert.ts";
export type { Action, NotifyHook, VrrpState } from "./lib/vrrp/actions.ts";
export type { EngineEvent } from "./lib/vrrp/events.ts";
export { createEngine, type Engine, type EngineStatus } from "./lib/vrrp/engine.ts";
export {
  type EngineConfig,
  engineConfigFromModel,
  type InstanceConfig,
  instanceConfig,
} from "./lib/vrrp/engine_config.ts";
export { masterDownIntervalUs, skewTimeUs } from "./lib/vrrp/timers.ts";
export { decodeAdvert, encodeAdvert } from "./lib/vrrp/packet.ts";
export { checkAdvert, type CheckResult, checkViewFromInstance } from "./lib/vrrp/checks.ts";
export type { DropReason } from "./lib/vrrp/counters.ts";

// Notify: the ordered executor and its typed events.
export { NotifyExecutor } from "./lib/notify/executor.ts";
export { type NotifyEvent, NotifyEvents } from "./lib/notify/events.ts";
export { planNotify } from "./lib/notify/plan.ts";

// The agent.
export { Agent, type AgentOptions, type AgentStatus } from "./lib/agent/agent.ts";
export { createLinuxAgent, type LinuxAgentOptions } from "./lib/agent/linux.ts";
export { consoleLogger } from "./lib/agent/console_logger.ts";
export type * from "./lib/agent/ports.ts";
export { formatData, formatJson, formatStats } from "./lib/agent/dump.ts";
export { parseRoute, parseRule, type RouteSpec, type RuleSpec } from "./lib/agent/routes.ts";
