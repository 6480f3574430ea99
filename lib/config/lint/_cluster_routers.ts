/**
 * Matching the instances of several nodes into virtual routers for cluster lint: by family and
 * VRID, and also by interface where one node has several instances of one family and VRID.
 *
 * @module
 */

import type { Model, VrrpInstance } from "../model.ts";

/** One node of a cluster: a configuration file and its model. */
export interface ClusterNode {
  /** The file the model came from (used in messages and as the span's file when none is known). */
  file: string;
  /** The node's resolved model. */
  model: Model;
}

/** One node's instance of a virtual router. */
export interface Member {
  /** Index of the node in the input list. */
  node: number;
  /** The instance. */
  inst: VrrpInstance;
}

/** A virtual router across nodes: its key and each node's instance (at most one per node). */
export interface Router {
  /** `IPv4 VRID 51` (plus ` on eth0` when the interface was needed to tell routers apart). */
  label: string;
  /** Members in node order. */
  members: Member[];
}

/**
 * Group the instances of all nodes into virtual routers.
 *
 * @example
 * ```ts
 * import { matchRouters } from "./_cluster_routers.ts";
 * if (matchRouters([]).length !== 0) throw new Error();
 * ```
 */
export function matchRouters(nodes: readonly ClusterNode[]): Router[] {
  const byKey = new Map<string, Member[]>();
  nodes.forEach((n, node) => {
    for (const inst of n.model.instances) {
      const key = `${inst.family === "inet6" ? "IPv6" : "IPv4"} VRID ${inst.vrid}`;
      const list = byKey.get(key) ?? [];
      list.push({ node, inst });
      byKey.set(key, list);
    }
  });
  const routers: Router[] = [];
  for (const [label, members] of byKey) {
    const perNode = new Set(members.map((m) => m.node));
    if (perNode.size === members.length) {
      routers.push({ label, members });
      continue;
    }
    const byIf = new Map<string, Member[]>();
    for (const m of members) {
      const k = m.inst.interface ?? "";
      byIf.set(k, [...(byIf.get(k) ?? []), m]);
    }
    for (const [ifname, list] of byIf) {
      const seen = new Set<number>();
      routers.push({
        label: `${label} on ${ifname || "(no interface)"}`,
        members: list.filter((m) => !seen.has(m.node) && seen.add(m.node)),
      });
    }
  }
  return routers;
}
