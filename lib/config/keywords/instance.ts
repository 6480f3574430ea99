/**
 * Keywords of `vrrp_instance NAME { ... }` (spec §2.4) and of its `authentication` block.
 *
 * @module
 */

import type { Level } from "./types.ts";
import { ANY, block, BOOL, COMMAND, dec, FLAG, int, INT_MAX, kept, kw, WORD } from "./_make.ts";

const track = (what: string) =>
  `Tracked ${what}, one a line: NAME [weight -254..254 [reverse|noreverse]].`;

/**
 * The `vrrp_instance` level.
 *
 * @example
 * ```ts
 * import { instanceLevel } from "./instance.ts";
 * instanceLevel.keywords.find((k) => k.name === "priority");
 * ```
 */
export const instanceLevel: Level = {
  id: "vrrp_instance",
  title: "vrrp_instance NAME { ... }",
  keywords: [
    kw(
      "state",
      { kind: "enum", values: ["MASTER", "BACKUP"] },
      "MASTER|BACKUP",
      "Initial state wished for.",
      {
        default: "MASTER with priority 255, else BACKUP",
        invalidNote: "keepalived uses BACKUP",
      },
    ),
    kw(
      "interface",
      WORD,
      "IFNAME",
      "Interface the instance runs on (adverts, default VIP device).",
    ),
    kw(
      "virtual_router_id",
      int(1, 255),
      "1..255",
      "The VRID, shared by all routers of this virtual router.",
      {
        default: "none (mandatory)",
      },
    ),
    kw(
      "priority",
      int(1, 255),
      "1..255",
      "Base priority; 255 means the router owns the addresses.",
      {
        default: "255 with state MASTER, else 100",
        invalidNote: "keepalived uses 100",
      },
    ),
    kw(
      "advert_int",
      dec(0.01, 255),
      "SECONDS",
      "Advertisement interval (v2: whole seconds; v3: 10 ms steps up to 40.95).",
      {
        default: "1",
      },
    ),
    kw("version", int(2, 3), "2|3", "VRRP version of this instance.", {
      default: "global vrrp_version",
    }),
    kw(
      "virtual_ipaddress",
      { kind: "list", entry: "vip" },
      "{ ADDR[/LEN] [OPTIONS] ... }",
      "Advertised virtual addresses; the first fixes the family.",
    ),
    kw(
      "virtual_ipaddress_excluded",
      { kind: "list", entry: "vip" },
      "{ ADDR[/LEN] [OPTIONS] ... }",
      "Virtual addresses installed but not advertised.",
    ),
    kw(
      "virtual_routes",
      { kind: "list", entry: "route" },
      "{ ROUTE ... }",
      "Routes added while MASTER (ip-route syntax, kept as words).",
    ),
    kw(
      "virtual_rules",
      { kind: "list", entry: "rule" },
      "{ RULE ... }",
      "Policy rules added while MASTER (ip-rule syntax, kept as words).",
    ),
    kw(
      "track_interface",
      { kind: "list", entry: "track_interface" },
      "{ IF [weight W [reverse]] ... }",
      "Interfaces whose state changes the priority or faults the instance.",
    ),
    kw(
      "track_script",
      { kind: "list", entry: "track_ref" },
      "{ NAME [weight W [reverse|noreverse]] ... }",
      track("vrrp_script blocks"),
    ),
    kw(
      "track_file",
      { kind: "list", entry: "track_ref" },
      "{ NAME [weight W [reverse|noreverse]] ... }",
      track("track_file blocks"),
    ),
    kw(
      "track_process",
      { kind: "list", entry: "track_ref" },
      "{ NAME [weight W [reverse|noreverse]] ... }",
      track("vrrp_track_process blocks"),
    ),
    kw(
      "track_bfd",
      { kind: "list", entry: "track_ref" },
      "{ NAME [weight W [reverse|noreverse]] ... }",
      track("bfd_instance blocks (parsed only)"),
    ),
    kw(
      "dont_track_primary",
      FLAG,
      "",
      "Do not fault the instance when its own interface goes down.",
    ),
    kw("mcast_src_ip", { kind: "address" }, "ADDR", "Source address of multicast adverts.", {
      default: "primary address of the interface",
    }),
    kw("unicast_src_ip", { kind: "address" }, "ADDR", "Source address of unicast adverts.", {
      default: "primary address of the interface",
    }),
    kw(
      "mcast_dst_ip",
      { kind: "address", multicast: true },
      "MCAST-ADDR",
      "Multicast group for adverts.",
      { default: "global vrrp_mcast_group4/6" },
    ),
    kw(
      "unicast_peer",
      { kind: "list", entry: "unicast_peer" },
      "{ ADDR [min_ttl N] [max_ttl N] ... }",
      "Peers to send adverts to by unicast instead of multicast.",
    ),
    kw("unicast_ttl", int(0, 255), "0..255", "TTL of unicast adverts.", { default: "255" }),
    kw(
      "check_unicast_src",
      FLAG,
      "",
      "Drop unicast adverts whose source is not a configured peer.",
    ),
    kw(
      "unicast_fault_no_peer",
      FLAG,
      "",
      "Go to FAULT instead of falling back to multicast when there are no peers.",
    ),
    kw(
      "old_unicast_checksum",
      ANY,
      "[never]",
      "Use (or with never, never accept) the pre-2.2 unicast checksum.",
      { default: "auto-detect" },
    ),
    kw("track_src_ip", FLAG, "", "Fault the instance when its source address disappears."),
    kw("nopreempt", FLAG, "", "Do not take over from a lower-priority master."),
    kw(
      "preempt",
      FLAG,
      "",
      "Take over from a lower-priority master (the default; cancels nopreempt).",
    ),
    kw(
      "preempt_delay",
      dec(0, 1000),
      "0..1000",
      "Seconds to wait after start-up before preempting.",
      { default: "0", onInvalid: "default" },
    ),
    kw(
      "garp_master_delay",
      int(0, INT_MAX),
      "SECONDS",
      "Delay of the second GARP burst after becoming MASTER (0: none).",
      { default: "global" },
    ),
    kw(
      "garp_master_repeat",
      int(0, INT_MAX),
      "COUNT",
      "GARPs per address per burst (0 is taken as 1).",
      {
        default: "global",
      },
    ),
    kw(
      "garp_lower_prio_delay",
      int(0, INT_MAX),
      "SECONDS",
      "Delay of the second burst after a lower-priority advert.",
      { default: "global" },
    ),
    kw(
      "garp_lower_prio_repeat",
      int(0, INT_MAX),
      "COUNT",
      "GARPs per address after a lower-priority advert.",
      { default: "global" },
    ),
    kw(
      "garp_master_refresh",
      int(0, INT_MAX),
      "SECONDS",
      "Seconds between GARP refresh bursts while MASTER (0: off).",
      { default: "global" },
    ),
    kw(
      "garp_master_refresh_repeat",
      int(0, INT_MAX),
      "COUNT",
      "GARPs per address per refresh burst.",
      { default: "global" },
    ),
    kept(
      "garp_extra_if",
      "[all] SECONDS",
      "Periodic GARP/NA on other interfaces (not run by vipkeeper).",
    ),
    kw(
      "down_timer_adverts",
      int(1, 100),
      "1..100",
      "Adverts missed before the master is declared down.",
      { default: "global (3)" },
    ),
    kw(
      "lower_prio_no_advert",
      BOOL,
      "[BOOL]",
      "Do not answer a lower-priority advert with an advert.",
      { default: "global" },
    ),
    kw(
      "higher_prio_send_advert",
      BOOL,
      "[BOOL]",
      "Send one advert before yielding to a higher priority.",
      { default: "global" },
    ),
    kw(
      "skip_check_adv_addr",
      BOOL,
      "[BOOL]",
      "Do not check the address list of adverts from the current master.",
      { default: "global" },
    ),
    kw("owner_ignore_adverts", BOOL, "[BOOL]", "An address owner ignores adverts.", {
      default: "global",
      notIn227: "added after 2.2.7",
    }),
    kw(
      "v3_checksum_as_v2",
      BOOL,
      "[BOOL]",
      "Compute v3 IPv4 checksums without the pseudo-header.",
      {
        default: "global",
        notIn227: "added after 2.2.7",
      },
    ),
    kw(
      "no_virtual_ipaddress",
      FLAG,
      "",
      "Allow an instance without virtual addresses (not in strict mode).",
      {
        notIn227: "added after 2.2.7",
      },
    ),
    kw(
      "strict_mode",
      BOOL,
      "[BOOL]",
      "Enforce RFC rules (no auth, no unicast with multicast interfaces, ...).",
      { default: "global vrrp_strict" },
    ),
    kw(
      "timer_expired_backup",
      { kind: "words", min: 0 },
      "[1..254]",
      "With nopreempt: priority below which a timed-out BACKUP stays BACKUP.",
      { default: "254", notIn227: "added after 2.2.7" },
    ),
    kw(
      "authentication",
      block("authentication"),
      "{ auth_type PASS|AH; auth_pass STR }",
      "VRRPv2 authentication (removed with version 3).",
    ),
    kw(
      "accept",
      FLAG,
      "",
      "Accept packets addressed to the virtual addresses (default when not strict).",
    ),
    kw("no_accept", FLAG, "", "Drop packets addressed to the virtual addresses (firewall rules)."),
    kw("use_vmac", ANY, "[NAME] [MAC]", "Run on a macvlan interface with the virtual MAC."),
    kw("vmac_xmit_base", FLAG, "", "With use_vmac: send adverts on the base interface."),
    kept("vmac_garp_intvl", "SECONDS", "GARP interval on the VMAC (kept, not run)."),
    kept("use_vmac_addr", "", "Use the virtual MAC on the base interface (kept, not run)."),
    kept("use_ipvlan", "[NAME] [ADDR] [MODE]", "Run on an ipvlan interface (kept, not run)."),
    kept("native_ipv6", "", "Old switch for IPv6 instances (implied by an IPv6 address).", {
      deprecated: "an IPv6 first virtual address",
    }),
    kw("notify_master", COMMAND, "CMD [USER [GROUP]]", "Run on becoming MASTER.", { once: true }),
    kw("notify_backup", COMMAND, "CMD [USER [GROUP]]", "Run on becoming BACKUP.", { once: true }),
    kw("notify_fault", COMMAND, "CMD [USER [GROUP]]", "Run on entering FAULT.", { once: true }),
    kw("notify_stop", COMMAND, "CMD [USER [GROUP]]", "Run when the instance stops.", {
      once: true,
    }),
    kw(
      "notify_deleted",
      ANY,
      "[CMD [USER [GROUP]]]",
      "Run when the instance is removed; without a command the state word becomes DELETED.",
      { once: true },
    ),
    kw(
      "notify",
      COMMAND,
      "CMD [USER [GROUP]]",
      "Generic hook, called with TYPE NAME STATE PRIORITY.",
      { once: true },
    ),
    kw(
      "notify_master_rx_lower_pri",
      COMMAND,
      "CMD [USER [GROUP]]",
      "Run when a MASTER receives a lower-priority advert.",
      { once: true },
    ),
    kw("notify_priority_changes", BOOL, "[BOOL]", "Write priority changes to the notify FIFO.", {
      default: "sync group's, else global",
    }),
    kept("smtp_alert", "[BOOL]", "Send SMTP alerts on transitions (not run by vipkeeper)."),
    kept("debug", "[0..4]", "Debug level (ignored)."),
    kept("kernel_rx_buf_size", "BYTES", "Receive buffer size (ignored)."),
    kept("promote_secondaries", "", "Set promote_secondaries on the interface (kept, not run)."),
    kept("vrf", "IFNAME", "VRF the instance runs in (kept, not run)."),
    kept("linkbeat_use_polling", "", "Poll link state instead of netlink.", {
      deprecated: "netlink link events (always used)",
    }),
    kept("lvs_sync_daemon_interface", "IFNAME", "IPVS sync daemon interface.", {
      deprecated: "global_defs lvs_sync_daemon",
    }),
  ],
};

/**
 * The `authentication` block level.
 *
 * @example
 * ```ts
 * import { authenticationLevel } from "./instance.ts";
 * authenticationLevel.keywords.map((k) => k.name);
 * ```
 */
export const authenticationLevel: Level = {
  id: "authentication",
  title: "authentication { ... } (in vrrp_instance)",
  keywords: [
    kw(
      "auth_type",
      { kind: "enum", values: ["PASS", "AH"] },
      "PASS|AH",
      "Authentication type (v2 only).",
    ),
    kw("auth_pass", WORD, "STRING", "Password; at most 8 bytes are used."),
  ],
};
