/**
 * Diagnostic codes of cluster lint (VK06xx): `vipkeeper lint --cluster a.conf b.conf ...`. The
 * checks live in `lib/config/lint/cluster.ts`. Instances of the nodes are matched into virtual
 * routers by address family and VRID (and interface, when one node has several).
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

/**
 * Codes of cluster lint (VK06xx).
 *
 * @example
 * ```ts
 * import { clusterCodes } from "./cluster.ts";
 * clusterCodes.forEach((c) => c.code);
 * ```
 */
export const clusterCodes: CodeInfo[] = [
  {
    code: "VK0601",
    severity: "warning",
    title: "Virtual router on one node only",
    description:
      "No other node has an instance with this family and VRID. Either the VRID differs " +
      "between nodes (then each node is MASTER of its own router) or the instance is not " +
      "redundant.",
  },
  {
    code: "VK0602",
    severity: "error",
    title: "Virtual addresses differ between nodes",
    description:
      "The nodes of one virtual router list different virtual addresses. VRRPv2 backups drop " +
      "adverts whose address list differs, and a failover moves a different set of addresses.",
  },
  {
    code: "VK0603",
    severity: "error",
    title: "VRRP version differs between nodes",
    description:
      "One node speaks VRRPv2, another VRRPv3 for the same router: each drops the other's " +
      "adverts, so both become MASTER.",
  },
  {
    code: "VK0604",
    severity: "error",
    title: "advert_int differs between nodes",
    description:
      "The nodes use different advert intervals. VRRPv2 drops adverts with another interval " +
      "(error: both become MASTER); VRRPv3 backups follow the master's interval (warning).",
  },
  {
    code: "VK0605",
    severity: "error",
    title: "Authentication differs between nodes",
    description:
      "VRRPv2 nodes of one router have different `authentication` (type or password; the " +
      "password is never printed). Adverts failing the check are dropped.",
  },
  {
    code: "VK0606",
    severity: "warning",
    title: "Equal priorities",
    description:
      "Two nodes have the same priority; the higher primary IP address wins the election. " +
      "Give each node its own priority so the master is chosen on purpose.",
  },
  {
    code: "VK0607",
    severity: "warning",
    title: "state MASTER on several nodes",
    description:
      "More than one node starts as MASTER: both claim the addresses at start until the " +
      "lower priority backs off.",
  },
  {
    code: "VK0608",
    severity: "error",
    title: "Several address owners",
    description:
      "More than one node has priority 255. Only the node that owns the addresses may; " +
      "keepalived logs a configuration error and the two fight over mastership.",
  },
  {
    code: "VK0609",
    severity: "error",
    title: "Unicast on some nodes, multicast on others",
    description:
      "A unicast instance drops multicast adverts and the reverse, so the nodes never hear " +
      "each other.",
  },
  {
    code: "VK0610",
    severity: "error",
    title: "Unicast peer list misses a node",
    description:
      "With unicast on every node and `unicast_src_ip` known, a node's `unicast_peer` list " +
      "does not contain another node's source: that node never hears this one.",
  },
  {
    code: "VK0611",
    severity: "error",
    title: "Sync group split between nodes",
    description:
      "One node has the higher priority for some members of a sync group, another node for " +
      "others. Each wants MASTER for part of a group that must move as one: half the " +
      "instances are MASTER on each node and the group re-elects forever. Give one node the " +
      "higher priority for every member (trackers can still shift it at run time).",
  },
  {
    code: "VK0612",
    severity: "warning",
    title: "Sync group differs between nodes",
    description:
      "The members of a sync group on one node are not one sync group on another node, so " +
      "the nodes move them differently.",
  },
  {
    code: "VK0613",
    severity: "warning",
    title: "nopreempt on the wrong node",
    description:
      "`nopreempt` is set on some nodes but not on the one with the highest priority. Only " +
      "a node that would preempt can refrain from it, so the master still changes when that " +
      "node comes back.",
  },
];
