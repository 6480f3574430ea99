import { assertEquals, assertOk } from "../assert.ts";
import {
  editDistance,
  findKeyword,
  levelById,
  LEVELS,
  levelsOf,
  suggestKeywords,
} from "../../lib/config/keywords.ts";
import { allCodes } from "../../lib/config/codes/mod.ts";
import { validateCodes } from "../../lib/config/codes/validate.ts";

Deno.test("each level lists each keyword once, with a description and argument synopsis", () => {
  for (const l of LEVELS) {
    const names = l.keywords.map((k) => k.name);
    assertEquals(new Set(names).size, names.length, `duplicate keyword in ${l.id}`);
    for (const k of l.keywords) {
      assertOk(k.doc.length > 0 && /[.)]$/.test(k.doc), `${l.id} ${k.name} doc`);
      assertOk(/^[a-z0-9_]+$/.test(k.name), `${k.name} is lower snake case`);
    }
  }
});

Deno.test("every nested block level is itself in the table and reachable", () => {
  const reached = new Set(["top"]);
  for (const l of LEVELS) {
    for (const k of l.keywords) {
      if (k.shape.kind === "block") {
        levelById(k.shape.level);
        reached.add(k.shape.level);
      }
    }
  }
  assertEquals([...reached].sort(), LEVELS.map((l) => l.id).sort());
});

Deno.test("numeric ranges are well formed", () => {
  for (const l of LEVELS) {
    for (const k of l.keywords) {
      if (k.shape.kind === "int" || k.shape.kind === "decimal") {
        assertOk(k.shape.min <= k.shape.max, `${k.name} range`);
      }
    }
  }
});

Deno.test("the spec's VRRP keywords are all in the table at their level", () => {
  const want: [string, string[]][] = [
    ["global_defs", [
      "router_id",
      "vrrp_mcast_group4",
      "vrrp_mcast_group6",
      "vrrp_version",
      "vrrp_garp_master_delay",
      "vrrp_garp_master_repeat",
      "vrrp_garp_master_refresh",
      "vrrp_garp_master_refresh_repeat",
      "vrrp_garp_lower_prio_delay",
      "vrrp_garp_lower_prio_repeat",
      "vrrp_garp_interval",
      "vrrp_gna_interval",
      "vrrp_min_garp",
      "vrrp_down_timer_adverts",
      "vrrp_lower_prio_no_advert",
      "vrrp_higher_prio_send_advert",
      "vrrp_check_unicast_src",
      "vrrp_skip_check_adv_addr",
      "vrrp_strict",
      "vrrp_notify_fifo",
      "vrrp_notify_fifo_script",
      "notify_fifo",
      "notify_fifo_script",
      "vrrp_notify_priority_changes",
      "fifo_write_vrrp_states_on_reload",
      "script_user",
      "enable_script_security",
      "vrrp_startup_delay",
      "log_unknown_vrids",
      "dynamic_interfaces",
      "vmac_prefix",
    ]],
    ["vrrp_script", [
      "script",
      "interval",
      "timeout",
      "weight",
      "rise",
      "fall",
      "user",
      "init_fail",
    ]],
    ["track_file", ["file", "weight", "init_file"]],
    ["vrrp_track_process", [
      "process",
      "param_match",
      "weight",
      "quorum",
      "quorum_max",
      "delay",
      "terminate_delay",
      "fork_delay",
      "full_command",
    ]],
    ["vrrp_instance", [
      "state",
      "interface",
      "virtual_router_id",
      "priority",
      "advert_int",
      "version",
      "virtual_ipaddress",
      "virtual_ipaddress_excluded",
      "virtual_routes",
      "virtual_rules",
      "track_interface",
      "track_script",
      "track_file",
      "track_process",
      "track_bfd",
      "dont_track_primary",
      "mcast_src_ip",
      "unicast_src_ip",
      "mcast_dst_ip",
      "unicast_peer",
      "unicast_ttl",
      "check_unicast_src",
      "unicast_fault_no_peer",
      "old_unicast_checksum",
      "track_src_ip",
      "nopreempt",
      "preempt",
      "preempt_delay",
      "garp_master_delay",
      "garp_master_repeat",
      "garp_master_refresh",
      "garp_master_refresh_repeat",
      "garp_lower_prio_delay",
      "garp_lower_prio_repeat",
      "down_timer_adverts",
      "lower_prio_no_advert",
      "higher_prio_send_advert",
      "skip_check_adv_addr",
      "strict_mode",
      "authentication",
      "accept",
      "no_accept",
      "use_vmac",
      "vmac_xmit_base",
      "notify_master",
      "notify_backup",
      "notify_fault",
      "notify_stop",
      "notify_deleted",
      "notify",
      "notify_master_rx_lower_pri",
      "notify_priority_changes",
      "smtp_alert",
      "debug",
    ]],
    ["authentication", ["auth_type", "auth_pass"]],
    ["vrrp_sync_group", [
      "group",
      "track_interface",
      "track_script",
      "track_file",
      "track_process",
      "track_bfd",
      "notify_master",
      "notify_backup",
      "notify_fault",
      "notify_stop",
      "notify",
      "sync_group_tracking_weight",
      "global_tracking",
      "smtp_alert",
      "notify_priority_changes",
    ]],
  ];
  for (const [level, names] of want) {
    for (const n of names) {
      assertOk(findKeyword(level as "top", n) !== undefined, `${level} ${n}`);
    }
  }
});

Deno.test("roots of other daemons are recognised as not run, and the VRRP roots are read", () => {
  for (
    const n of [
      "virtual_server",
      "virtual_server_group",
      "bfd_instance",
      "static_ipaddress",
      "static_routes",
      "static_rules",
      "linkbeat_interfaces",
      "garp_group",
      "track_group",
      "net_namespace",
    ]
  ) {
    assertOk(findKeyword("top", n)?.notRun !== undefined, n);
  }
  for (
    const n of [
      "global_defs",
      "vrrp_script",
      "track_file",
      "vrrp_track_file",
      "vrrp_track_process",
      "vrrp_instance",
      "vrrp_sync_group",
    ]
  ) {
    assertEquals(findKeyword("top", n)?.notRun, undefined);
  }
  assertEquals(findKeyword("top", "vrrp_track_file")?.deprecated, "track_file");
});

Deno.test("keywords are case-sensitive, as in keepalived", () => {
  assertEquals(findKeyword("top", "VRRP_INSTANCE"), undefined);
});

Deno.test("did-you-mean suggestions come from the same level, nearest first", () => {
  assertEquals(suggestKeywords("vrrp_instance", "prority")[0], "priority");
  assertEquals(suggestKeywords("vrrp_instance", "virtual_ipadress")[0], "virtual_ipaddress");
  assertEquals(suggestKeywords("global_defs", "vrrp_stric")[0], "vrrp_strict");
  assertEquals(suggestKeywords("vrrp_instance", "zzzzzzzz"), []);
  assertOk(!suggestKeywords("global_defs", "prority").includes("priority"));
});

Deno.test("levelsOf names every level where a keyword is valid", () => {
  assertEquals(levelsOf("track_file").sort(), ["top", "vrrp_instance", "vrrp_sync_group"]);
  assertEquals(levelsOf("nonexistent"), []);
});

Deno.test("edit distance is Levenshtein with an early cut-off", () => {
  assertEquals(editDistance("kitten", "sitting"), 3);
  assertEquals(editDistance("", "abc"), 3);
  assertEquals(editDistance("same", "same"), 0);
  assertEquals(editDistance("abcdef", "uvwxyz", 2), 3);
});

Deno.test("validation codes are in range, unique, documented and used by the aggregate", () => {
  const codes = validateCodes.map((c) => c.code);
  assertEquals(new Set(codes).size, codes.length);
  for (const c of validateCodes) {
    const n = Number(c.code.slice(2));
    assertOk(n >= 200 && n <= 499, c.code);
    assertOk(c.description.length > 20, c.code);
  }
  const all = allCodes().map((c) => c.code);
  assertEquals(new Set(all).size, all.length, "codes are unique across areas");
  for (const c of codes) assertOk(all.includes(c));
});
