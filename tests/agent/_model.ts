/**
 * The model every node of the agent tests runs: one VRRPv3 instance VI_1 (VRID 51, advert_int 1)
 * with the VIP 192.0.2.100/24, keepalived's defaults otherwise.
 *
 * @module
 */

import type { Model } from "../../lib/config/model.ts";
import { globalDefs, instance, model, vip } from "../_fixtures/model.ts";

/** VI_1 on `iface` with `priority`, VRRPv3 everywhere. */
export function nodeModel(iface: string, priority: number): Model {
  return model({
    globalDefs: globalDefs({ vrrpVersion: 3 }),
    instances: [instance("VI_1", {
      interface: iface,
      vrid: 51,
      priority,
      version: 3,
      advertInt: 1,
      vips: [vip("192.0.2.100", { prefix: 24 })],
    })],
  });
}
