/**
 * Keywords of `global_defs { ... }` (spec §2.1): the VRRP ones, modelled, and every other
 * keepalived 2.2.7 global keyword, accepted and kept verbatim.
 *
 * @module
 */

import type { KeywordSpec, Level } from "./types.ts";
import { ANY, BOOL, COMMAND, dec, FLAG, int, INT_MAX, kept, kw, WORD, WORDS } from "./_make.ts";

const NO_IPTABLES = "Debian's 2.2.7 is built without iptables support";
const LATER = "added after 2.2.7";

const vrrp: KeywordSpec[] = [
  kw("router_id", WORD, "STRING", "Name of this router (used in alerts).", {
    default: "host name",
  }),
  kw(
    "vrrp_mcast_group4",
    { kind: "address", family: "inet", multicast: true },
    "IPV4-MCAST",
    "IPv4 multicast group of adverts.",
    { default: "224.0.0.18" },
  ),
  kw(
    "vrrp_mcast_group6",
    { kind: "address", family: "inet6", multicast: true },
    "IPV6-MCAST",
    "IPv6 multicast group of adverts.",
    { default: "ff02::12" },
  ),
  kw("vrrp_version", int(2, 3), "2|3", "Default VRRP version (IPv6 instances always use 3).", {
    default: "2",
  }),
  kw("v3_checksum_as_v2", BOOL, "[BOOL]", "Compute v3 IPv4 checksums without the pseudo-header.", {
    default: "false",
    notIn227: LATER,
  }),
  kw(
    "vrrp_garp_master_delay",
    int(0, INT_MAX),
    "SECONDS",
    "Delay of the second GARP burst after becoming MASTER (0: none).",
    { default: "5" },
  ),
  kw(
    "vrrp_garp_master_repeat",
    int(0, INT_MAX),
    "COUNT",
    "GARPs per address per burst (0 is taken as 1).",
    { default: "5" },
  ),
  kw(
    "vrrp_garp_master_refresh",
    int(0, INT_MAX),
    "SECONDS",
    "Seconds between refresh bursts while MASTER (0: off).",
    { default: "0" },
  ),
  kw(
    "vrrp_garp_master_refresh_repeat",
    int(0, INT_MAX),
    "COUNT",
    "GARPs per address per refresh burst (0 is taken as 1).",
    { default: "1" },
  ),
  kw(
    "vrrp_garp_lower_prio_delay",
    int(0, INT_MAX),
    "SECONDS",
    "Delay of the second burst after a lower-priority advert.",
    { default: "vrrp_garp_master_delay" },
  ),
  kw(
    "vrrp_garp_lower_prio_repeat",
    int(0, INT_MAX),
    "COUNT",
    "GARPs per address after a lower-priority advert.",
    { default: "vrrp_garp_master_repeat" },
  ),
  kw(
    "vrrp_garp_interval",
    dec(0.000001, 4294.967295),
    "SECONDS",
    "Minimum spacing of GARPs on one interface.",
    { default: "0" },
  ),
  kw(
    "vrrp_gna_interval",
    dec(0.000001, 4294.967295),
    "SECONDS",
    "Minimum spacing of unsolicited NAs on one interface.",
    { default: "0" },
  ),
  kw(
    "vrrp_min_garp",
    BOOL,
    "[BOOL]",
    "One GARP per burst, no second burst, no refresh (unless set explicitly).",
    { default: "false" },
  ),
  kw(
    "vrrp_down_timer_adverts",
    int(1, 100),
    "1..100",
    "Default adverts missed before the master is declared down.",
    { default: "3" },
  ),
  kw("vrrp_lower_prio_no_advert", BOOL, "[BOOL]", "Do not answer lower-priority adverts.", {
    default: "false (true if strict)",
  }),
  kw(
    "vrrp_higher_prio_send_advert",
    BOOL,
    "[BOOL]",
    "Send one advert before yielding to a higher priority.",
    { default: "false" },
  ),
  kw("vrrp_check_unicast_src", FLAG, "", "Check the source of unicast adverts against the peers.", {
    default: "off",
  }),
  kw(
    "vrrp_skip_check_adv_addr",
    FLAG,
    "",
    "Skip the address-list check of adverts from the current master.",
    { default: "false" },
  ),
  kw("vrrp_strict", FLAG, "", "Enforce RFC rules on every instance (spec §2.7).", {
    default: "off",
  }),
  kw("vrrp_owner_ignore_adverts", BOOL, "[BOOL]", "An address owner ignores adverts.", {
    default: "false (true if strict)",
    notIn227: LATER,
  }),
  kw("notify_fifo", WORDS, "PATH [USER [GROUP]]", "FIFO that receives every state line."),
  kw(
    "notify_fifo_script",
    COMMAND,
    "CMD [USER [GROUP]]",
    "Script reading notify_fifo (the FIFO path is appended).",
  ),
  kw("vrrp_notify_fifo", WORDS, "PATH [USER [GROUP]]", "FIFO that receives VRRP state lines."),
  kw("vrrp_notify_fifo_script", COMMAND, "CMD [USER [GROUP]]", "Script reading vrrp_notify_fifo."),
  kw("vrrp_notify_priority_changes", BOOL, "[BOOL]", "Write priority changes to the FIFOs.", {
    default: "false",
  }),
  kw(
    "fifo_write_vrrp_states_on_reload",
    FLAG,
    "",
    "Write every instance's state to the FIFO after a reload.",
  ),
  kw("script_user", WORDS, "USER [GROUP]", "Default user (and group) scripts run as.", {
    default: "keepalived_script, else root",
  }),
  kw(
    "enable_script_security",
    FLAG,
    "",
    "Refuse scripts whose path is writable by non-root users.",
  ),
  kw(
    "vrrp_startup_delay",
    dec(0.001, 4294.967295),
    "SECONDS",
    "Ignore the network for this long after start.",
    { default: "0" },
  ),
  kw(
    "vrrp_delay_after_boot",
    dec(0.001, 4294.967295),
    "SECONDS",
    "Like vrrp_startup_delay, counted from boot.",
    { default: "0", notIn227: LATER },
  ),
  kw("log_unknown_vrids", FLAG, "", "Log adverts for VRIDs with no instance."),
  kw("dynamic_interfaces", ANY, "[allow_if_changes]", "Allow interfaces that do not exist yet."),
  kw("vmac_prefix", WORD, "STRING", "Prefix of VMAC interface names.", { default: "vrrp" }),
  kw("vmac_addr_prefix", WORD, "STRING", "Prefix of VMAC names made from addresses.", {
    unmodelled: true,
  }),
];

const otherGlobals: [string, string][] = [
  ["bfd_cpu_affinity", "CPU..."],
  ["bfd_no_swap", ""],
  ["bfd_priority", "-20..19"],
  ["bfd_process_name", "NAME"],
  ["bfd_rlimit_rttime", "USECS"],
  ["bfd_rt_priority", "1..99"],
  ["checker_cpu_affinity", "CPU..."],
  ["checker_log_all_failures", "[BOOL]"],
  ["checker_no_swap", ""],
  ["checker_priority", "-20..19"],
  ["checker_process_name", "NAME"],
  ["checker_rlimit_rttime", "USECS"],
  ["checker_rt_priority", "1..99"],
  ["config_save_dir", "DIR"],
  ["data_use_instance", "[BOOL]"],
  ["dbus_service_name", "NAME"],
  ["default_interface", "IFNAME"],
  ["disable_local_igmp", ""],
  ["enable_dbus", ""],
  ["enable_snmp_checker", ""],
  ["enable_snmp_keepalived", ""],
  ["enable_snmp_rfc", ""],
  ["enable_snmp_rfcv2", ""],
  ["enable_snmp_rfcv3", ""],
  ["enable_snmp_vrrp", ""],
  ["enable_traps", ""],
  ["include_check", "[OPTIONS]"],
  ["lvs_flush", ""],
  ["lvs_flush_on_stop", "[VS]"],
  ["lvs_netlink_cmd_rcv_bufs", "BYTES"],
  ["lvs_netlink_cmd_rcv_bufs_force", "[BOOL]"],
  ["lvs_netlink_monitor_rcv_bufs", "BYTES"],
  ["lvs_netlink_monitor_rcv_bufs_force", "[BOOL]"],
  ["lvs_notify_fifo", "PATH [USER [GROUP]]"],
  ["lvs_notify_fifo_script", "CMD [USER [GROUP]]"],
  ["lvs_process_name", "NAME"],
  ["lvs_sync_daemon", "IFNAME [[inst] NAME] ..."],
  ["lvs_timeouts", "[tcp S] [tcpfin S] [udp S]"],
  ["max_auto_priority", "[-1..99]"],
  ["min_auto_priority_delay", "USECS"],
  ["nftables", "[TABLE]"],
  ["nftables_counters", ""],
  ["nftables_ifindex", ""],
  ["nftables_ipvs", "[TABLE]"],
  ["nftables_ipvs_priority", "PRIO"],
  ["nftables_ipvs_start_fwmark", "N"],
  ["nftables_priority", "PRIO"],
  ["no_checker_emails", "[BOOL]"],
  ["no_email_faults", ""],
  ["notification_email_from", "ADDR"],
  ["process_monitor_rcv_bufs", "BYTES"],
  ["process_monitor_rcv_bufs_force", "[BOOL]"],
  ["process_name", "NAME"],
  ["process_names", ""],
  ["random_seed", "N"],
  ["reload_check_config", "[FILE]"],
  ["reload_file", "[FILE]"],
  ["reload_repeat", ""],
  ["reload_time_file", "FILE"],
  ["rs_init_notifies", ""],
  ["shutdown_script", "CMD [USER [GROUP]]"],
  ["shutdown_script_timeout", "1..1000"],
  ["smtp_alert", "[BOOL]"],
  ["smtp_alert_checker", "[BOOL]"],
  ["smtp_alert_vrrp", "[BOOL]"],
  ["smtp_connect_timeout", "SECONDS"],
  ["smtp_helo_name", "NAME"],
  ["smtp_server", "HOST [PORT]"],
  ["snmp_socket", "SPEC"],
  ["startup_script", "CMD [USER [GROUP]]"],
  ["startup_script_timeout", "1..1000"],
  ["tmp_config_directory", "DIR"],
  ["umask", "MASK"],
  ["vrrp_cpu_affinity", "CPU..."],
  ["vrrp_garp_extra_if", "[all] SECONDS"],
  ["vrrp_iptables", "[IN [OUT]]"],
  ["vrrp_netlink_cmd_rcv_bufs", "BYTES"],
  ["vrrp_netlink_cmd_rcv_bufs_force", "[BOOL]"],
  ["vrrp_netlink_monitor_rcv_bufs", "BYTES"],
  ["vrrp_netlink_monitor_rcv_bufs_force", "[BOOL]"],
  ["vrrp_no_swap", ""],
  ["vrrp_priority", "-20..19"],
  ["vrrp_process_name", "NAME"],
  ["vrrp_rlimit_rttime", "USECS"],
  ["vrrp_rt_priority", "1..99"],
  ["vrrp_rx_bufs_multiplier", "N"],
  ["vrrp_rx_bufs_policy", "MTU|ADVERT|N"],
  ["vrrp_vmac_garp_intvl", "SECONDS"],
];

const deprecatedGlobals: KeywordSpec[] = [
  kept("lvs_flush_onstop", "[VS]", "Old spelling.", { deprecated: "lvs_flush_on_stop" }),
  kept("bfd_rlimit_rtime", "USECS", "Old spelling.", { deprecated: "bfd_rlimit_rttime" }),
  kept("checker_rlimit_rtime", "USECS", "Old spelling.", { deprecated: "checker_rlimit_rttime" }),
  kept("vrrp_rlimit_rtime", "USECS", "Old spelling.", { deprecated: "vrrp_rlimit_rttime" }),
  kept("vrrp_ipsets", "[NAMES...]", "ipset names for no_accept rules.", { notIn227: NO_IPTABLES }),
];

/** Unmodelled keywords whose number keepalived checks (so vipkeeper checks it too). */
const CHECKED: Record<string, [number, number]> = {
  vrrp_priority: [-20, 19],
  checker_priority: [-20, 19],
  bfd_priority: [-20, 19],
  vrrp_rt_priority: [-INT_MAX - 1, INT_MAX],
  checker_rt_priority: [-INT_MAX - 1, INT_MAX],
  bfd_rt_priority: [-INT_MAX - 1, INT_MAX],
  vrrp_rlimit_rttime: [1, 4294967295],
  checker_rlimit_rttime: [1, 4294967295],
  bfd_rlimit_rttime: [1, 4294967295],
  startup_script_timeout: [1, 1000],
  shutdown_script_timeout: [1, 1000],
  smtp_connect_timeout: [0, 4294],
};

/**
 * The `global_defs` level.
 *
 * @example
 * ```ts
 * import { globalLevel } from "./global.ts";
 * globalLevel.keywords.find((k) => k.name === "vrrp_strict");
 * ```
 */
export const globalLevel: Level = {
  id: "global_defs",
  title: "global_defs { ... }",
  keywords: [
    ...vrrp,
    kw(
      "notification_email",
      { kind: "list", entry: "word" },
      "{ ADDR ... }",
      "Alert recipients (kept, not used).",
      { unmodelled: true },
    ),
    ...otherGlobals.map(([name, args]) => {
      const k = kept(
        name,
        args,
        "Not used by vipkeeper (process tuning, SMTP, LVS, SNMP...); kept for convert.",
      );
      const range = CHECKED[name];
      return range === undefined ? k : { ...k, shape: int(range[0], range[1]) };
    }),
    ...deprecatedGlobals,
  ],
};
