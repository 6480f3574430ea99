/**
 * Top-level keywords: the roots vipkeeper reads and the roots of other keepalived daemons that
 * it recognises and skips.
 *
 * @module
 */

import type { Level } from "./types.ts";
import { block, kw, notRun } from "./_make.ts";

const CHECKER = "the checker (IPVS) daemon";
const BFD = "the BFD daemon";
const CORE = "keepalived's parent process";

/**
 * The top level.
 *
 * @example
 * ```ts
 * import { topLevel } from "./top.ts";
 * topLevel.keywords.filter((k) => k.notRun === undefined).map((k) => k.name);
 * ```
 */
export const topLevel: Level = {
  id: "top",
  title: "Top level",
  keywords: [
    kw("global_defs", block("global_defs"), "{ ... }", "Global settings."),
    kw(
      "vrrp_script",
      block("vrrp_script"),
      "NAME { ... }",
      "A check script that instances and sync groups can track.",
      { named: true },
    ),
    kw(
      "track_file",
      block("track_file"),
      "NAME { ... }",
      "A file whose numeric content instances can track.",
      { named: true },
    ),
    kw("vrrp_track_file", block("track_file"), "NAME { ... }", "Old name of track_file.", {
      named: true,
      deprecated: "track_file",
    }),
    kw(
      "vrrp_track_process",
      block("vrrp_track_process"),
      "NAME { ... }",
      "A process whose presence instances can track.",
      { named: true },
    ),
    kw(
      "vrrp_instance",
      block("vrrp_instance"),
      "NAME { ... }",
      "A VRRP instance (one virtual router on one interface).",
      { named: true, exactName: true },
    ),
    kw(
      "vrrp_sync_group",
      block("vrrp_sync_group"),
      "NAME { ... }",
      "Instances that change state together.",
      { named: true, exactName: true },
    ),
    notRun("virtual_server", true, CHECKER, "An IPVS virtual server."),
    notRun("virtual_server_group", true, CHECKER, "A group of IPVS virtual servers."),
    notRun("bfd_instance", true, BFD, "A BFD session (track_bfd references are parsed)."),
    notRun("static_ipaddress", true, CORE, "Addresses set once at start."),
    notRun("static_routes", true, CORE, "Routes set once at start."),
    notRun("static_rules", true, CORE, "Rules set once at start."),
    notRun("linkbeat_interfaces", true, CORE, "Interfaces polled for link state."),
    notRun("garp_group", true, CORE, "GARP/NA spacing groups of interfaces."),
    notRun("track_group", true, CORE, "Static track groups."),
    kw(
      "interface_up_down_delays",
      { kind: "list", entry: "delay" },
      "{ IF DOWN [UP] ... }",
      "Seconds (0..255) a link must stay down, or up, before instances see the change.",
    ),
    notRun("net_namespace", false, CORE, "Network namespace to run in."),
    notRun("net_namespace_ipvs", false, CHECKER, "Network namespace of IPVS."),
    notRun("namespace_with_ipsets", false, CORE, "Use ipsets in a namespace on old kernels."),
    notRun("instance", false, CORE, "Instance name used in pid file names."),
    notRun("use_pid_dir", false, CORE, "Put pid files in /run/keepalived."),
    notRun("linkbeat_use_polling", false, CORE, "Poll link state instead of netlink."),
    notRun("child_wait_time", false, CORE, "Seconds to wait for children at exit."),
  ],
};
