/**
 * Cluster lint of sync groups: a group whose members would be split between nodes (VK0611) and
 * a group whose members are not grouped the same way on another node (VK0612).
 *
 * @module
 */

import { type Diagnostic, diagnostic } from "../diagnostic.ts";
import type { SyncGroup, VrrpInstance } from "../model.ts";
import { spanOf } from "./context.ts";
import type { ClusterNode, Router } from "./_cluster_routers.ts";

/**
 * VK0611 and VK0612 for every sync group of every node.
 *
 * @example
 * ```ts
 * import { splitSyncGroups } from "./_cluster_sync.ts";
 * if (splitSyncGroups([], []).length !== 0) throw new Error();
 * ```
 */
export function splitSyncGroups(
  nodes: readonly ClusterNode[],
  routers: readonly Router[],
): Diagnostic[] {
  const routerOf = new Map<VrrpInstance, Router>();
  for (const r of routers) for (const m of r.members) routerOf.set(m.inst, r);
  const out: Diagnostic[] = [];
  nodes.forEach((nodeX, x) => {
    for (const group of nodeX.model.syncGroups) {
      const members = group.group
        .map((name) => nodeX.model.instances.find((i) => i.name === name))
        .filter((i): i is VrrpInstance => i !== undefined);
      if (members.length < 2) continue;
      nodes.forEach((nodeY, y) => {
        if (y === x) return;
        const pairs = members.flatMap((inst) => {
          const other = routerOf.get(inst)?.members.find((m) => m.node === y)?.inst;
          return other === undefined ? [] : [{ here: inst, there: other }];
        });
        if (pairs.length < 2) return;
        const at = spanOf(group, { file: nodeX.file }, "group");
        const groupsThere = new Set(pairs.map((p) => groupOf(nodeY, p.there)?.name ?? ""));
        const together = groupsThere.size === 1 && !groupsThere.has("");
        if (!together) {
          out.push(diagnostic(
            at,
            "warning",
            "VK0612",
            `Sync group '${group.name}': its members are not one sync group in ${nodeY.file} (${
              pairs.map((p) => `'${p.there.name}' in ${groupOf(nodeY, p.there)?.name ?? "none"}`)
                .join(", ")
            })`,
            "group the same instances on every node, or the nodes move them differently",
          ));
        }
        if (together && y < x) return; // the other node's own group reports the split
        const higherHere = pairs.filter((p) => p.here.priority > p.there.priority);
        const higherThere = pairs.filter((p) => p.there.priority > p.here.priority);
        if (higherHere.length === 0 || higherThere.length === 0) return;
        out.push(diagnostic(
          at,
          "error",
          "VK0611",
          `Sync group '${group.name}' would be split: ${nodeX.file} has the higher priority for ${
            names(higherHere)
          }, ${nodeY.file} for ${names(higherThere.map((p) => ({ here: p.there })))}`,
          "each node wants MASTER for part of the group while the group must move as one, so " +
            "they re-elect forever; give one node the higher priority for every member",
        ));
      });
    }
  });
  return out;
}

function groupOf(node: ClusterNode, inst: VrrpInstance): SyncGroup | undefined {
  return node.model.syncGroups.find((g) => g.group.includes(inst.name));
}

function names(list: { here: VrrpInstance }[]): string {
  return list.map((p) => `'${p.here.name}' (${p.here.priority})`).join(", ");
}
