/**
 * Diagnostic codes of semantic lint rules (VK05xx). The rules live in `lib/config/lint/`.
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

/**
 * Codes of semantic lint rules (VK05xx).
 *
 * @example
 * ```ts
 * import { lintCodes } from "./lint.ts";
 * lintCodes.forEach((c) => c.code);
 * ```
 */
export const lintCodes: CodeInfo[] = [
  {
    code: "VK0501",
    severity: "error",
    title: "Instance without interface",
    description:
      "A vrrp_instance has no `interface` and no `unicast_src_ip`, or has only `unicast_src_ip` " +
      "while a virtual address lacks `dev`. keepalived refuses to load such an instance. Add " +
      "`interface IF` (or `dev IF` on every virtual address).",
  },
  {
    code: "VK0502",
    severity: "error",
    title: "Instance without virtual_router_id",
    description:
      "A vrrp_instance has no `virtual_router_id`. keepalived stops with 'the virtual router " +
      "id must be set'. Add `virtual_router_id N` (1..255), the same on every node.",
  },
  {
    code: "VK0503",
    severity: "error",
    title: "VRID used twice",
    description:
      "Two instances use the same VRID with the same address family on the same interface and " +
      "multicast group (or, for unicast, with the same source and overlapping peers). Their " +
      "adverts are indistinguishable; keepalived refuses to load. Unicast and multicast " +
      "instances are separate VRID spaces.",
  },
  {
    code: "VK0504",
    severity: "error",
    title: "Tracker names something undefined",
    description:
      "A `track_script`, `track_file` or `track_process` entry names a block that is not " +
      "defined. keepalived drops the entry, so the instance's priority or fault state never " +
      "depends on it. Define the block or fix the name.",
  },
  {
    code: "VK0505",
    severity: "error",
    title: "Sync group member undefined",
    description:
      "A `vrrp_sync_group` lists an instance that does not exist. keepalived skips it, so the " +
      "group does not hold what you think it holds.",
  },
  {
    code: "VK0506",
    severity: "warning",
    title: "Weighted tracker in a sync group member",
    description:
      "A sync-group member (group without `sync_group_tracking_weight`) tracks an interface, " +
      "script or file with a weight. keepalived turns a weighted interface or default-weight " +
      "file into a fault tracker (failure puts the whole group into FAULT) and removes weighted " +
      "scripts and files with an explicit weight altogether. Put the tracker on the sync group, " +
      "drop the weight, or add `sync_group_tracking_weight`.",
  },
  {
    code: "VK0507",
    severity: "warning",
    title: "nopreempt has no effect",
    description:
      "`nopreempt` only works on an instance that starts in BACKUP with a priority below 255. " +
      "With `state MASTER` or priority 255 keepalived clears it, and the node takes over as " +
      "soon as it can.",
  },
  {
    code: "VK0508",
    severity: "warning",
    title: "preempt_delay has no effect",
    description:
      "`preempt_delay` is cleared by keepalived with `state MASTER`, with `nopreempt` and in " +
      "strict mode.",
  },
  {
    code: "VK0509",
    severity: "warning",
    title: "Sub-second advert_int with VRRPv2",
    description:
      "VRRPv2 carries the advert interval in whole seconds; keepalived rounds a sub-second " +
      "`advert_int` to a whole second (at least 1 s), so failover is much slower than " +
      "configured. Use `version 3` (10 ms resolution) on every node.",
  },
  {
    code: "VK0510",
    severity: "error",
    title: "Mixed address families in one instance",
    description:
      "The first virtual address fixes an instance's family; keepalived ignores virtual " +
      "addresses, unicast peers and source addresses of the other family. Use one instance " +
      "per family (in a sync group if they must move together), or put the other family in " +
      "`virtual_ipaddress_excluded`.",
  },
  {
    code: "VK0511",
    severity: "warning",
    title: "Virtual address in several instances",
    description:
      "The same address is a virtual address of more than one instance. When one of them " +
      "leaves MASTER it removes the address that the other still holds.",
  },
  {
    code: "VK0512",
    severity: "warning",
    title: "Authentication with VRRPv3",
    description:
      "VRRPv3 has no authentication; keepalived ignores the `authentication` block, so the " +
      "password protects nothing, and a VRRPv2 peer that expects it drops these adverts.",
  },
  {
    code: "VK0513",
    severity: "warning",
    title: "Empty unicast_peer block",
    description:
      "An empty `unicast_peer` block does not enable unicast: keepalived silently sends " +
      "multicast adverts (or FAULTs with `unicast_fault_no_peer`). List the other nodes.",
  },
  {
    code: "VK0514",
    severity: "error",
    title: "Unicast peer is the node itself",
    description:
      "A `unicast_peer` equals the instance's `unicast_src_ip`: the node sends adverts to " +
      "itself (a warning, common when one peer list is shared by all nodes). An error when it " +
      "is the only peer: then the node has nobody to talk to. List the other nodes only.",
  },
  {
    code: "VK0515",
    severity: "warning",
    title: "Priority 255 without owning the addresses",
    description:
      "Priority 255 means 'address owner': the node holds the virtual addresses as its own " +
      "interface addresses, is MASTER at once, ignores `nopreempt` and weighted trackers. None " +
      "of the virtual addresses is on this host. Use 254 or lower.",
  },
  {
    code: "VK0516",
    severity: "info",
    title: "Priority 255 (address owner)",
    description:
      "Priority 255 declares this node the owner of the virtual addresses: it is MASTER at " +
      "once, always preempts, and its weighted trackers are removed. Shown when the host's " +
      "addresses are unknown (`--no-host-checks`).",
  },
  {
    code: "VK0517",
    severity: "error",
    title: "Script not found",
    description: "A `script` or `notify*` command names a file that does not exist on this host. " +
      "keepalived disables the tracker or notify.",
  },
  {
    code: "VK0518",
    severity: "error",
    title: "Script not executable",
    description:
      "A `script` or `notify*` command names a file without an execute bit, or a directory. " +
      "keepalived disables it.",
  },
  {
    code: "VK0519",
    severity: "error",
    title: "Script path writable by non-root",
    description:
      "With `enable_script_security`, every component of a script run as root must be owned " +
      "by root and not group- or world-writable (sticky directories excepted). The message " +
      "names the first unsafe component; keepalived disables the script.",
  },
  {
    code: "VK0520",
    severity: "warning",
    title: "Script without absolute path",
    description:
      "The command is not an absolute path; keepalived searches PATH at load time and warns. " +
      "Write the full path.",
  },
  {
    code: "VK0521",
    severity: "error",
    title: "Interface not on this host",
    description:
      "An instance's `interface`, a tracked interface or a virtual address's `dev` does not " +
      "exist on this host. keepalived refuses to start the instance (a warning with " +
      "`dynamic_interfaces`). Skipped with `--no-host-checks`.",
  },
  {
    code: "VK0522",
    severity: "error",
    title: "Virtual route or rule that does not parse",
    description:
      "A `virtual_routes` or `virtual_rules` line has an unknown word, a missing value, an " +
      "address of the wrong family or a value out of range. keepalived reports it and runs " +
      "the instance without the line; vipkeeper does the same and logs it at start-up. The " +
      "grammar is in docs/routes.md.",
  },
  {
    code: "VK0523",
    severity: "warning",
    title: "Virtual route or rule with a remark",
    description:
      "The line parses, but uses a deprecated word (`gw` for `via`) or a value keepalived " +
      "replaces (a protocol other than keepalived's without `no_track`).",
  },
];
