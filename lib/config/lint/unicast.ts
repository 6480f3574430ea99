/**
 * Lint rules for unicast set-ups that silently end up multicast: an empty `unicast_peer` block
 * (VK0513) and a peer equal to the node's own `unicast_src_ip` (VK0514).
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { Model } from "../model.ts";
import { type LintContext, spanOf, written } from "./context.ts";
import { entryAt } from "./_written.ts";

/**
 * VK0513 and VK0514.
 *
 * @example
 * ```ts
 * import { unicastPeers } from "./unicast.ts";
 * import type { Model } from "../model.ts";
 * const inst = { name: "VI_1", unicastSrcIp: "192.0.2.1", unicastPeers: [{ address: "192.0.2.1" }] };
 * if (unicastPeers({ instances: [inst] } as unknown as Model, {}).length !== 1) throw new Error();
 * ```
 */
export function unicastPeers(model: Model, ctx: LintContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const inst of model.instances) {
    const at = spanOf(inst, ctx, "unicast_peer");
    if (written(inst, "unicast_peer") && inst.unicastPeers.length === 0) {
      out.push(diagnostic(
        at,
        "warning",
        "VK0513",
        `'${inst.name}' has an empty 'unicast_peer' block: keepalived ${
          inst.unicastFaultNoPeer ? "keeps the instance in FAULT" : "silently sends multicast"
        }`,
        "list the other nodes' addresses in the block, or remove it",
      ));
    }
    const self = inst.unicastSrcIp?.toLowerCase();
    if (self === undefined) continue;
    const others = inst.unicastPeers.filter((p) => p.address.toLowerCase() !== self);
    if (others.length === inst.unicastPeers.length) continue;
    out.push(diagnostic(
      entryAt(inst, "unicast_peer", inst.unicastSrcIp ?? "", ctx),
      others.length === 0 ? "error" : "warning",
      "VK0514",
      `Unicast peer '${inst.unicastSrcIp}' of '${inst.name}' is its own 'unicast_src_ip'` +
        (others.length === 0
          ? ": with no other peer, keepalived falls back to multicast"
          : ": the node sends adverts to itself"),
      "list only the other nodes; the same file on every node needs the peer list adjusted",
    ));
  }
  return out;
}
