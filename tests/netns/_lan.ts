/**
 * Topologies for the agent's netns tests, beyond `withNetnsPair`:
 *
 * - `withNamespaces(n, fn)`, `addVeth(a, b, addresses)`: re-exported from `_netns.ts`.
 * - `withLan(addresses, fn)`: an N-node LAN: one namespace per node plus a hub namespace holding
 *   a bridge (no STP, no forwarding delay, no multicast snooping) with one veth per node. Frames
 *   a node sends can be captured in the hub on that node's port (`hubPort`), a neighbour that
 *   is not part of the election.
 *
 * Only TEST-NET addresses belong here; everything lives inside the namespaces.
 *
 * @module
 */

import { addVeth, must, waitIpv6Ready, withNamespaces } from "./_netns.ts";

export { addVeth, type Veth, withNamespaces } from "./_netns.ts";

/** One node of a LAN. */
export interface LanNode {
  /** The node's namespace. */
  netns: string;
  /** Its interface on the LAN. */
  ifname: string;
  /** The bridge port in the hub namespace that faces this node. */
  hubPort: string;
}

/** A LAN of nodes around a bridge in its own namespace. */
export interface Lan {
  /** The hub namespace holding the bridge. */
  hub: string;
  /** The bridge device in the hub. */
  bridge: string;
  /** The nodes, in the order of the addresses given. */
  nodes: LanNode[];
}

/**
 * Builds a LAN with one node per entry of `addresses` (each entry: the node's addresses with
 * prefix, e.g. `["192.0.2.1/24"]`), waits until IPv6 is usable everywhere, runs `fn`, and
 * deletes all namespaces (and so every link) afterwards, even on failure.
 */
export function withLan<T>(addresses: string[][], fn: (lan: Lan) => Promise<T>): Promise<T> {
  return withNamespaces(addresses.length + 1, async ([hub, ...names]) => {
    const bridge = "br0";
    await must([
      "ip",
      "link",
      "add",
      bridge,
      "type",
      "bridge",
      "stp_state",
      "0",
      "forward_delay",
      "0",
      "mcast_snooping",
      "0",
    ], { netns: hub! }); // deno-fmt-ignore
    await must(["ip", "link", "set", bridge, "up"], { netns: hub! });
    const nodes: LanNode[] = [];
    for (const [i, netns] of names.entries()) {
      const { ifA, ifB } = await addVeth(netns, hub!, { a: addresses[i] ?? [] });
      await must(["ip", "link", "set", ifB, "master", bridge], { netns: hub! });
      nodes.push({ netns, ifname: ifA, hubPort: ifB });
    }
    for (const n of nodes) await waitIpv6Ready(n.netns, n.ifname);
    return await fn({ hub: hub!, bridge, nodes });
  });
}
