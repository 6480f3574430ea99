/**
 * Short-hands for scenario stories: instance and engine configurations with the values most
 * stories share (VRID 51 on eth0, one VIP from TEST-NET-1).
 *
 * @module
 */

import {
  type EngineConfig,
  type GroupConfig,
  type InstanceConfig,
  instanceConfig,
} from "../../../lib/vrrp/engine_config.ts";
import type { VirtualAddress } from "../../../lib/config/model.ts";

/** A VIP in 192.0.2.0/24. */
export function vip(address: string, prefix = 24): VirtualAddress {
  return { address, prefix, family: address.includes(":") ? "inet6" : "inet" };
}

/** An instance VI_1, VRID 51 on eth0 with VIP 192.0.2.100, overridable. */
export function vi(partial: Partial<InstanceConfig> = {}): InstanceConfig {
  return instanceConfig({
    name: "VI_1",
    vrid: 51,
    interface: "eth0",
    vips: [vip("192.0.2.100")],
    ...partial,
  });
}

/** An engine configuration of the given instances and groups. */
export function engine(instances: InstanceConfig[], groups: GroupConfig[] = []): EngineConfig {
  return { instances, groups };
}

/** Microseconds from seconds, for readable times. */
export const s = (seconds: number): number => Math.round(seconds * 1_000_000);

/** VRRPv2 Master_Down_Interval at 1 s adverts for a priority. */
export function downV2(priority: number, adverts = 3): number {
  return adverts * 1_000_000 + Math.floor((256 - priority) * 1_000_000 / 256);
}
