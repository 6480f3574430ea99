/**
 * Cluster lint: cross-checks the configurations of the nodes of one cluster (VK06xx). Instances
 * are matched into virtual routers by family and VRID (see `_cluster_routers.ts`); each router
 * must agree on what goes on the wire, and sync groups must not be pulled apart by priorities.
 *
 * @module
 */

import { type Diagnostic, diagnostic, sortDiagnostics } from "../diagnostic.ts";
import type { VrrpInstance } from "../model.ts";
import { spanOf } from "./context.ts";
import { type ClusterNode, matchRouters, type Member, type Router } from "./_cluster_routers.ts";
import { splitSyncGroups } from "./_cluster_sync.ts";

export type { ClusterNode } from "./_cluster_routers.ts";

/**
 * Cross-check the nodes of one cluster; diagnostics sorted by place.
 *
 * @example
 * ```ts
 * import { lintCluster } from "./cluster.ts";
 * if (lintCluster([]).length !== 0) throw new Error();
 * ```
 */
export function lintCluster(nodes: readonly ClusterNode[]): Diagnostic[] {
  if (nodes.length < 2) return [];
  const routers = matchRouters(nodes);
  const out: Diagnostic[] = [];
  for (const router of routers) out.push(...checkRouter(nodes, router));
  out.push(...splitSyncGroups(nodes, routers));
  return sortDiagnostics(out);
}

function checkRouter(nodes: readonly ClusterNode[], router: Router): Diagnostic[] {
  const out: Diagnostic[] = [];
  const [first, ...rest] = router.members;
  if (first === undefined) return out;
  const file = (m: Member) => nodes[m.node]?.file ?? "";
  const at = (m: Member, kw?: string) => spanOf(m.inst, { file: file(m) }, kw);
  const where = (m: Member) => `'${m.inst.name}' in ${file(m)}`;
  if (rest.length === 0) {
    out.push(diagnostic(
      at(first),
      "warning",
      "VK0601",
      `${router.label} ('${first.inst.name}') is configured on this node only`,
      "every node of the virtual router needs an instance with the same VRID; check the VRID",
    ));
    return out;
  }
  for (const m of rest) {
    const a = first.inst;
    const b = m.inst;
    const vs = `than ${where(first)}`;
    const diff = vipDifference(a, b);
    if (diff !== undefined) {
      out.push(diagnostic(
        at(m, "virtual_ipaddress"),
        "error",
        "VK0602",
        `${router.label}: '${b.name}' has other virtual addresses ${vs} (${diff})`,
        "the VIP set must be the same on every node (a v2 backup drops adverts whose list differs)",
      ));
    }
    if (a.version !== b.version) {
      out.push(diagnostic(
        at(m, "version"),
        "error",
        "VK0603",
        `${router.label}: '${b.name}' speaks VRRPv${b.version}, ${where(first)} VRRPv${a.version}`,
        "nodes drop adverts of the other version, so both become MASTER; set one version",
      ));
    } else if (a.advertInt !== b.advertInt) {
      out.push(diagnostic(
        at(m, "advert_int"),
        a.version === 2 ? "error" : "warning",
        "VK0604",
        `${router.label}: '${b.name}' has advert_int ${b.advertInt}, ${
          where(first)
        } ${a.advertInt}`,
        a.version === 2
          ? "VRRPv2 drops adverts with another interval, so both nodes become MASTER"
          : "VRRPv3 backups follow the master's interval, but failover timing then depends " +
            "on which node is master; use one value",
      ));
    }
    if (a.version === 2 && b.version === 2 && authKey(a) !== authKey(b)) {
      out.push(diagnostic(
        at(m, "authentication"),
        "error",
        "VK0605",
        `${router.label}: '${b.name}' has ${authText(b, a)}, ${where(first)} ${authText(a, b)}`,
        "adverts failing authentication are dropped, so both nodes become MASTER",
      ));
    }
    const uniA = a.unicastPeers.length > 0;
    const uniB = b.unicastPeers.length > 0;
    if (uniA !== uniB) {
      out.push(diagnostic(
        at(m, "unicast_peer"),
        "error",
        "VK0609",
        `${router.label}: '${b.name}' uses ${uniB ? "unicast" : "multicast"}, ${where(first)} ${
          uniA ? "unicast" : "multicast"
        }`,
        "a unicast instance drops multicast adverts and the reverse; configure unicast_peer " +
          "on every node or on none",
      ));
    }
  }
  out.push(...priorities(router, at, where));
  out.push(...nopreemptPlacement(router, at, where));
  out.push(...unicastReach(router, at, where));
  return out;
}

type At = (m: Member, kw?: string) => ReturnType<typeof spanOf>;
type Where = (m: Member) => string;

function priorities(router: Router, at: At, where: Where): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<number, Member>();
  const masters: Member[] = [];
  for (const m of router.members) {
    const p = m.inst.priority;
    const same = seen.get(p);
    if (same !== undefined) {
      out.push(diagnostic(
        at(m, "priority"),
        p === 255 ? "error" : "warning",
        p === 255 ? "VK0608" : "VK0606",
        p === 255
          ? `${router.label}: '${m.inst.name}' and ${where(same)} both have priority 255 ` +
            `(address owner)`
          : `${router.label}: '${m.inst.name}' has the same priority ${p} as ${where(same)}`,
        p === 255
          ? "only the node that really owns the addresses may use 255; both would claim MASTER"
          : "equal priorities are settled by the higher primary IP address; give each node " +
            "its own priority so the master is chosen on purpose",
      ));
    } else seen.set(p, m);
    if (m.inst.state === "MASTER") masters.push(m);
  }
  const [firstMaster, ...others] = masters;
  for (const m of others) {
    if (firstMaster === undefined) break;
    out.push(diagnostic(
      at(m, "state"),
      "warning",
      "VK0607",
      `${router.label}: '${m.inst.name}' starts as MASTER, and so does ${where(firstMaster)}`,
      "both claim the addresses at start until the lower priority backs off; use state BACKUP " +
        "on all but one node (or everywhere: priority decides)",
    ));
  }
  return out;
}

/** VK0613: `nopreempt` only matters on the node that would preempt: the highest priority. */
function nopreemptPlacement(router: Router, at: At, where: Where): Diagnostic[] {
  const holders = router.members.filter((m) => m.inst.nopreempt);
  if (holders.length === 0) return [];
  const top = router.members.reduce((a, b) => (b.inst.priority > a.inst.priority ? b : a));
  if (top.inst.nopreempt) return [];
  return [diagnostic(
    at(top, "priority"),
    "warning",
    "VK0613",
    `${router.label}: nopreempt is set on ${holders.map(where).join(", ")} but not on ` +
      `'${top.inst.name}', the highest priority (${top.inst.priority}), which preempts anyway`,
    "put nopreempt (with state BACKUP) on the node that would take over, usually every node",
  )];
}

/** VK0610: with unicast on every node and known sources, each node must list the others. */
function unicastReach(router: Router, at: At, where: Where): Diagnostic[] {
  const out: Diagnostic[] = [];
  const uni = router.members.filter((m) => m.inst.unicastPeers.length > 0);
  if (uni.length < 2 || uni.some((m) => m.inst.unicastSrcIp === undefined)) return out;
  for (const m of uni) {
    const peers = new Set(m.inst.unicastPeers.map((p) => p.address.toLowerCase()));
    for (const other of uni) {
      const src = other.inst.unicastSrcIp?.toLowerCase();
      if (other === m || src === undefined || peers.has(src)) continue;
      out.push(diagnostic(
        at(m, "unicast_peer"),
        "error",
        "VK0610",
        `${router.label}: '${m.inst.name}' does not list ${
          where(other)
        } (unicast_src_ip ${other.inst.unicastSrcIp}) in unicast_peer`,
        "that node never hears this one's adverts and becomes MASTER too",
      ));
    }
  }
  return out;
}

function vipDifference(a: VrrpInstance, b: VrrpInstance): string | undefined {
  const set = (i: VrrpInstance) =>
    new Set(i.vips.map((v) => `${v.address.toLowerCase()}/${v.prefix}`));
  const sa = set(a);
  const sb = set(b);
  const extra = [...sb].filter((x) => !sa.has(x));
  const missing = [...sa].filter((x) => !sb.has(x));
  if (extra.length === 0 && missing.length === 0) return undefined;
  const parts: string[] = [];
  if (extra.length) parts.push(`only here: ${extra.join(", ")}`);
  if (missing.length) parts.push(`missing here: ${missing.join(", ")}`);
  return parts.join("; ");
}

/** How `i`'s authentication differs from `other`'s, without printing passwords. */
function authText(i: VrrpInstance, other: VrrpInstance): string {
  const auth = i.authentication;
  if (auth === undefined) return "no authentication";
  if (other.authentication?.type === auth.type) return `${auth.type} with another password`;
  return `authentication ${auth.type}`;
}

function authKey(i: VrrpInstance): string {
  return i.authentication === undefined
    ? "none"
    : `${i.authentication.type} '${i.authentication.password}'`;
}
