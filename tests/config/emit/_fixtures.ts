/**
 * Small resolved models for emitter and round-trip tests: the shared fixtures of
 * `tests/_fixtures/model.ts`, with this suite's instance VIP (192.0.2.100/24).
 *
 * @module
 */

import type { VrrpInstance } from "../../../lib/config/model.ts";
import { instance as baseInstance, vip } from "../../_fixtures/model.ts";

export { globalDefs as defaultGlobals, model, script, syncGroup } from "../../_fixtures/model.ts";

/** A resolved IPv4 BACKUP instance on eth0 with one VIP, as validation would leave it. */
export function instance(name: string, over: Partial<VrrpInstance> = {}): VrrpInstance {
  return baseInstance(name, { vips: [vip("192.0.2.100", { prefix: 24 })], ...over });
}
