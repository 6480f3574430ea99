/**
 * Topologies for the agent's netns tests, beyond `withNetnsPair`:
 *
 * - `withNamespaces(n, fn)`: n fresh namespaces (lo up, IPv6 DAD off), deleted in a `finally`.
 * - `addVeth(a, b, addresses)`: a veth pair between two of them, both ends up, addresses added.
 * - `withLan(addresses, fn)`: an N-node LAN: one namespace per node plus a hub namespace holding
 *   a bridge (no STP, no forwarding delay, no multicast snooping) with one veth per node. Frames
 *   a node sends can be captured in the hub on that node's port (`hubPort`), a neighbour that
 *   is not part of the election.
 *
 * Only TEST-NET addresses belong here; everything lives inside the namespaces.
 *
 * @module
 */

import { must, run, waitIpv6Ready } from "./_netns.ts";

// `deno test --parallel` runs test files as workers of one process, so a name made of the PID
// and a per-module counter (`uniqueName` of _netns.ts) repeats across files; a random tag per
// module instance does not. `vl` + 6 hex + `n` + counter + suffix stays within 15 characters.
const TAG = Array.from(
  crypto.getRandomValues(new Uint8Array(3)),
  (b) => b.toString(16).padStart(2, "0"),
).join("");
let counter = 0;

/** A fresh namespace or interface name, unique across processes and workers. */
export function lanName(suffix = ""): string {
  counter++;
  return `vl${TAG}n${counter}${suffix}`;
}

async function createNetns(): Promise<string> {
  const name = lanName();
  await must(["ip", "netns", "add", name]);
  await must(["ip", "link", "set", "lo", "up"], { netns: name });
  for (const key of ["all", "default"]) {
    await must(["sysctl", "-qw", `net.ipv6.conf.${key}.accept_dad=0`], { netns: name });
  }
  return name;
}

/** Creates `count` namespaces, runs `fn`, and deletes every one of them afterwards. */
export async function withNamespaces<T>(
  count: number,
  fn: (names: string[]) => Promise<T>,
): Promise<T> {
  const created: string[] = [];
  try {
    for (let i = 0; i < count; i++) created.push(await createNetns());
    return await fn([...created]);
  } finally {
    for (const ns of created) {
      const r = await run(["ip", "netns", "del", ns]);
      if (r.code !== 0) console.error(`cleanup: ip netns del ${ns}: ${r.stderr.trim()}`);
    }
  }
}

/** The two ends of a veth pair. */
export interface Veth {
  /** Name of the end in the first namespace. */
  ifA: string;
  /** Name of the end in the second namespace. */
  ifB: string;
}

/** Joins namespaces `a` and `b` with a veth pair; both ends up, with the given addresses. */
export async function addVeth(
  a: string,
  b: string,
  addresses: { a?: string[]; b?: string[] } = {},
): Promise<Veth> {
  const ifA = lanName("a");
  const ifB = lanName("b");
  await must([
    "ip",
    "link",
    "add",
    ifA,
    "netns",
    a,
    "type",
    "veth",
    "peer",
    "name",
    ifB,
    "netns",
    b,
  ]);
  for (const [ns, dev, addrs] of [[a, ifA, addresses.a], [b, ifB, addresses.b]] as const) {
    for (const addr of addrs ?? []) {
      await must(["ip", "addr", "add", addr, "dev", dev], { netns: ns });
    }
    await must(["ip", "link", "set", dev, "up"], { netns: ns });
  }
  return { ifA, ifB };
}

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
