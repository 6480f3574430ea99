import { assertEquals, assertMatch, assertOk } from "../assert.ts";
import { memoryConfigFs } from "../../lib/config/fs.ts";
import { loadConfig, type Loaded } from "../../lib/config/load.ts";
import { validateTree } from "../../lib/config/validate.ts";
import { LEVELS } from "../../lib/config/keywords.ts";
import fc from "fast-check";
import type { Statement } from "../../lib/config/syntax.ts";

function conf(text: string): Loaded {
  return loadConfig("/t/k.conf", { fs: memoryConfigFs({ "/t/k.conf": text }) });
}
function codes(l: Loaded): string[] {
  return l.diagnostics.map((d) => `${d.line}:${d.severity}[${d.code}]`);
}
/** An instance with interface (line 2), VRID (3) and one VIP (4-6); `extra` starts at line 7. */
function inst(extra: string, name = "VI_1", vip = "192.0.2.10/24"): string {
  return `vrrp_instance ${name} {\n interface eth0\n virtual_router_id 51\n` +
    ` virtual_ipaddress {\n  ${vip}\n }\n${extra}\n}\n`;
}

Deno.test("a minimal instance validates cleanly with keepalived's defaults", () => {
  const l = conf(inst(""));
  assertEquals(l.diagnostics, []);
  const i = l.model.instances[0]!;
  assertEquals(
    [i.state, i.priority, i.advertInt, i.version, i.family, i.vrid, i.unicastTtl, i.accept],
    ["BACKUP", 100, 1, 2, "inet", 51, 255, true],
  );
  assertEquals(i.vips, [{ address: "192.0.2.10", prefix: 24, family: "inet" }]);
  assertEquals(l.model.globalDefs.garp.masterRepeat, 5);
  assertEquals(l.model.globalDefs.mcastGroup4, "224.0.0.18");
});

Deno.test("at and keyAt point at the header and at each keyword written", () => {
  const i = conf(inst(" priority 120")).model.instances[0]!;
  assertEquals([i.at?.line, i.at?.column], [1, 1]);
  assertEquals([i.keyAt?.["priority"]?.line, i.keyAt?.["priority"]?.column], [7, 2]);
  assertEquals(i.keyAt?.["interface"]?.line, 2);
});

const valueCases: [string, string, string[], (l: Loaded) => unknown, unknown][] = [
  [
    "priority out of range falls back to 100",
    " priority 300",
    ["7:error[VK0302]"],
    (l) => l.model.instances[0]!.priority,
    100,
  ],
  [
    "priority not a number falls back to 100",
    " priority abc",
    ["7:error[VK0301]"],
    (l) => l.model.instances[0]!.priority,
    100,
  ],
  [
    "priority 255 makes the instance MASTER",
    " priority 255",
    [],
    (l) => l.model.instances[0]!.state,
    "MASTER",
  ],
  [
    "state MASTER without priority derives 255",
    " state MASTER",
    [],
    (l) => l.model.instances[0]!.priority,
    255,
  ],
  [
    "a lower-case state is rejected and keepalived uses BACKUP",
    " state master\n priority 200",
    ["7:error[VK0305]"],
    (l) => l.model.instances[0]!.state,
    "BACKUP",
  ],
  [
    "more than 6 decimal places are rounded",
    " advert_int 1.0000001",
    ["7:warning[VK0303]"],
    (l) => l.model.instances[0]!.advertInt,
    1,
  ],
  [
    "v2 advert_int is rounded to whole seconds",
    " advert_int 1.5",
    ["7:warning[VK0409]"],
    (l) => l.model.instances[0]!.advertInt,
    2,
  ],
  [
    "v3 advert_int is rounded to 10 ms",
    " version 3\n advert_int 0.123",
    ["8:warning[VK0409]"],
    (l) => l.model.instances[0]!.advertInt,
    0.12,
  ],
  [
    "an invalid boolean is ignored",
    " strict_mode maybe",
    ["7:error[VK0304]"],
    (l) => l.model.instances[0]!.strict,
    false,
  ],
  [
    "a boolean keyword alone means true",
    " lower_prio_no_advert",
    [],
    (l) => l.model.instances[0]!.lowerPrioNoAdvert,
    true,
  ],
  [
    "extra words after a value are reported",
    " advert_int 1 junk",
    ["7:warning[VK0208]"],
    (l) => l.model.instances[0]!.advertInt,
    1,
  ],
  [
    "a repeated value keyword warns and the last wins",
    " priority 90\n priority 80",
    ["8:warning[VK0210]"],
    (l) => l.model.instances[0]!.priority,
    80,
  ],
  [
    "a second notify_master is an error and the first is kept",
    ' notify_master "/a x"\n notify_master /b',
    ["8:error[VK0210]"],
    (l) => l.model.instances[0]!.notify.master?.argv,
    ["/a", "x"],
  ],
  [
    "preempt_delay out of range is reported",
    " preempt_delay 2000",
    ["7:error[VK0302]"],
    (l) => l.model.instances[0]!.preemptDelay,
    0,
  ],
  [
    "garp_master_repeat 0 becomes 1",
    " garp_master_repeat 0",
    ["7:error[VK0314]"],
    (l) => l.model.instances[0]!.garp.masterRepeat,
    1,
  ],
  [
    "the loopback interface is refused",
    " interface lo",
    ["1:error[VK0416]", "7:error[VK0313]", "7:warning[VK0210]"],
    (l) => l.model.instances[0]!.interface,
    undefined,
  ],
];

for (const [name, extra, expected, get, want] of valueCases) {
  Deno.test(`value rule: ${name}`, () => {
    const l = conf(inst(extra));
    assertEquals(codes(l).sort(), [...expected].sort());
    assertEquals(get(l), want);
  });
}

Deno.test("an unknown keyword is an error with a did-you-mean hint", () => {
  const l = conf(inst(" prority 120"));
  assertEquals(codes(l), ["7:error[VK0201]"]);
  assertMatch(l.diagnostics[0]!.hint ?? "", /did you mean 'priority'/);
});

Deno.test("a keyword of another level says where it belongs", () => {
  const l = conf("global_defs {\n priority 10\n}\n");
  assertEquals(codes(l), ["2:error[VK0201]"]);
  assertMatch(l.diagnostics[0]!.hint ?? "", /valid in vrrp_instance/);
});

Deno.test("an unknown block is skipped and the hint says what keepalived would do", () => {
  const l = conf(inst(" bogus_block {\n  priority 50\n }"));
  assertEquals(codes(l), ["7:error[VK0202]"]);
  assertEquals(l.model.instances[0]!.priority, 100);
  assertMatch(l.diagnostics[0]!.hint ?? "", /read the block's lines as vrrp_instance keywords/);
});

Deno.test("roots of other keepalived daemons are skipped with an info, never an error", () => {
  const l = conf(
    "virtual_server 192.0.2.1 80 {\n real_server 192.0.2.2 80 {\n }\n}\n" + inst("", "VI_1"),
  );
  assertEquals(codes(l), ["1:info[VK0203]"]);
  assertMatch(l.diagnostics[0]!.message, /not run by vipkeeper/);
  assertEquals(l.model.instances.length, 1);
});

Deno.test("a deprecated keyword is accepted with a warning naming its replacement", () => {
  const l = conf("vrrp_track_file tf {\n file /tmp/x\n}\n" + inst(" track_file {\n  tf\n }"));
  assertEquals(codes(l), ["1:warning[VK0204]"]);
  assertEquals(l.model.trackFiles[0]!.name, "tf");
});

Deno.test("keywords newer than keepalived 2.2.7 are accepted with a warning", () => {
  const l = conf(inst(" nopreempt\n timer_expired_backup 200"));
  assertEquals(codes(l), ["8:warning[VK0211]"]);
  assertEquals(l.model.instances[0]!.timerExpiredBackup, 200);
});

Deno.test("an instance without virtual_router_id is an error", () => {
  const l = conf(
    "vrrp_instance VI_1 {\n interface eth0\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
  );
  assertEquals(codes(l), ["1:error[VK0402]"]);
});

Deno.test("a second instance with the same name is an error and skipped", () => {
  const l = conf(inst("", "VI_1") + inst(" priority 50", "VI_1"));
  assertEquals(codes(l), ["9:error[VK0401]"]);
  assertEquals(l.model.instances.length, 1);
});

Deno.test("IPv6 forces version 3 and an explicit version 2 is reported", () => {
  const l = conf(inst(" version 2", "VI_6", "fe80::10/64"));
  assertEquals(codes(l), ["7:warning[VK0404]"]);
  assertEquals([l.model.instances[0]!.version, l.model.instances[0]!.family], [3, "inet6"]);
});

Deno.test("a virtual address of the other family is ignored", () => {
  const l = conf(inst(" virtual_ipaddress {\n  2001:db8::1\n }"));
  assertEquals(codes(l), ["8:error[VK0312]"]);
  assertEquals(l.model.instances[0]!.vips.length, 1);
});

Deno.test("authentication is removed with version 3 and long passwords are truncated", () => {
  const v3 = conf(inst(" version 3\n authentication {\n  auth_type PASS\n  auth_pass secret\n }"));
  assertEquals(codes(v3), ["8:warning[VK0405]"]);
  assertEquals(v3.model.instances[0]!.authentication, undefined);
  const long = conf(inst(" authentication {\n  auth_type PASS\n  auth_pass 123456789\n }"));
  assertEquals(codes(long), ["9:warning[VK0309]"]);
  assertEquals(long.model.instances[0]!.authentication, { type: "PASS", password: "12345678" });
});

Deno.test("a unicast keyword without peers falls back to multicast with a warning", () => {
  const l = conf(inst(" unicast_src_ip 192.0.2.2"));
  assertEquals(codes(l), ["7:warning[VK0406]"]);
  assertEquals(l.model.instances[0]!.unicastPeers, []);
});

Deno.test("nopreempt with state MASTER is cleared (the derived priority is 255)", () => {
  const l = conf(inst(" state MASTER\n nopreempt\n preempt_delay 10"));
  assertEquals(codes(l), ["8:warning[VK0407]", "9:warning[VK0407]"]);
  assertEquals([l.model.instances[0]!.nopreempt, l.model.instances[0]!.preemptDelay], [false, 0]);
});

Deno.test("strict mode forces the settings keepalived forces and reports written ones", () => {
  const l = conf(inst(" strict_mode\n garp_lower_prio_repeat 5\n down_timer_adverts 5"));
  assertEquals(codes(l), ["8:warning[VK0408]", "9:warning[VK0408]"]);
  const i = l.model.instances[0]!;
  assertEquals([i.garp.lowerPrioRepeat, i.downTimerAdverts, i.lowerPrioNoAdvert, i.accept], [
    0,
    3,
    true,
    false,
  ]);
});

Deno.test("no virtual address is a warning with v2 and an error with v3", () => {
  const v2 = conf("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n}\n");
  assertEquals(codes(v2), ["1:warning[VK0410]"]);
  const v3 = conf("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n version 3\n}\n");
  assertEquals(codes(v3), ["1:error[VK0410]"]);
});

const script = 'vrrp_script chk {\n script "/bin/true"\n weight 10\n}\n'; // 4 lines

Deno.test("track weights: ±254 is kept with a warning, beyond is an error", () => {
  const l = conf(
    script +
      inst(" track_script {\n  chk weight 254\n }\n track_interface {\n  eth1 weight -255\n }"),
  );
  assertEquals(codes(l), ["12:warning[VK0308]", "15:error[VK0307]"]);
  const i = l.model.instances[0]!;
  assertEquals(i.trackScript, [{
    name: "chk",
    weight: 254,
    reverse: false,
    weightGiven: true,
    at: i.trackScript[0]!.at!,
  }]);
  assertEquals(i.trackInterface[0]!.weight, 0);
});

Deno.test("a track_script line without weight takes the script's weight; noreverse overrides", () => {
  const l = conf(
    'vrrp_script chk {\n script "/bin/true"\n weight -20 reverse\n}\n' +
      inst(" track_script {\n  chk noreverse\n }"),
  );
  assertEquals(l.diagnostics, []);
  const t = l.model.instances[0]!.trackScript[0]!;
  assertEquals([t.weight, t.reverse, t.weightGiven], [-20, false, undefined]);
});

Deno.test("a vrrp_script weight out of range is an error but keepalived keeps the value", () => {
  const l = conf(
    'vrrp_script chk {\n script "/bin/true"\n weight 300\n}\n' + inst(" track_script {\n  chk\n }"),
  );
  assertEquals(codes(l), ["3:error[VK0307]"]);
  assertEquals(l.model.scripts[0]!.weight, 300);
});

Deno.test("vrrp_script rise 0 falls back to 1 and a script nobody tracks is reported", () => {
  const l = conf('vrrp_script chk {\n script "/bin/true"\n rise 0\n}\n');
  assertEquals(codes(l), ["1:warning[VK0415]", "3:error[VK0302]"]);
  assertEquals(l.model.scripts[0]!.rise, 1);
});

Deno.test("a vrrp_script without script is removed", () => {
  const l = conf("vrrp_script chk {\n interval 2\n}\n");
  assertEquals(codes(l), ["1:error[VK0402]"]);
  assertEquals(l.model.scripts, []);
});

const group = (extra: string) => `vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n${extra}\n}\n`;

Deno.test("sync-group members lose weighted trackers as keepalived does", () => {
  const l = conf(
    script + inst(" track_interface {\n  eth1 weight 10\n }\n track_script {\n  chk\n }", "VI_1") +
      inst("", "VI_2") + group(""),
  );
  const i = l.model.instances[0]!;
  assertEquals(i.trackInterface[0]!.weight, 0);
  assertEquals(i.trackScript, []);
  assertEquals(codes(l).filter((c) => c.includes("VK0411")), [
    "12:warning[VK0411]",
    "15:warning[VK0411]",
  ]);
  assertEquals(i.syncGroup, "G");
});

Deno.test("sync_group_tracking_weight keeps the members' weights", () => {
  const l = conf(
    script + inst(" track_script {\n  chk\n }", "VI_1") + inst("", "VI_2") +
      group(" sync_group_tracking_weight"),
  );
  assertEquals(l.diagnostics, []);
  assertEquals(l.model.instances[0]!.trackScript[0]!.weight, 10);
});

Deno.test("sync group members must exist, be in one group, and be more than one", () => {
  const l = conf(inst("", "VI_1") + "vrrp_sync_group G {\n group {\n  VI_1\n  nope\n }\n}\n");
  assertEquals(codes(l), ["9:warning[VK0414]", "12:error[VK0413]"]);
});

Deno.test("a sync group with a BACKUP member starts its MASTER members as BACKUP", () => {
  const l = conf(inst(" state MASTER\n priority 200", "VI_1") + inst("", "VI_2") + group(""));
  assertEquals(l.model.instances[0]!.state, "BACKUP");
  assertEquals(codes(l), ["7:warning[VK0403]"]);
});

Deno.test("validateTree accepts trees from other front ends", () => {
  const at = { file: "a.yaml", line: 3, column: 5 };
  const w = (text: string) => ({ text, quoted: false, at });
  const stmt = (k: string, args: string[], block?: Statement[]): Statement =>
    block
      ? { keyword: w(k), args: args.map(w), raw: k, at, block }
      : { keyword: w(k), args: args.map(w), raw: k, at };
  const { model, diagnostics } = validateTree({
    files: ["a.yaml"],
    statements: [
      stmt("global_defs", [], [
        stmt("vrrp_version", ["3"]),
        stmt("vrrp_garp_master_repeat", ["0"]),
      ]),
    ],
  });
  assertEquals(model.globalDefs.vrrpVersion, 3);
  assertEquals(model.globalDefs.garp.masterRepeat, 1);
  assertOk(diagnostics.every((d) => d.file === "a.yaml"));
});

Deno.test("tracking the instance's own interface is ignored, as keepalived does", () => {
  const l = conf(inst(" track_interface {\n  eth0 weight 10\n  eth1\n }"));
  assertEquals(codes(l), ["8:warning[VK0419]"]);
  assertEquals(l.model.instances[0]!.trackInterface.map((t) => t.name), ["eth1"]);
});

Deno.test("virtual addresses beyond one advert's capacity move to the excluded list", () => {
  const many = Array.from({ length: 300 }, (_, i) => `  10.0.${i >> 8}.${i & 255}`).join("\n");
  const l = conf(inst(` virtual_ipaddress {\n${many}\n }`));
  assertEquals(codes(l), ["4:warning[VK0420]"]);
  const i = l.model.instances[0]!;
  assertEquals([i.vips.length, i.excludedVips.length], [255, 46]);
  assertEquals(i.excludedVips[0]!.address, "10.0.0.254");
});

Deno.test("a non-link-local IPv6 multicast group gets a warning but is used", () => {
  const l = conf("global_defs {\n vrrp_mcast_group6 ff05::12\n}\n");
  assertEquals(codes(l), ["2:warning[VK0306]"]);
  assertEquals(l.model.globalDefs.mcastGroup6, "ff05::12");
});

Deno.test("vrrp_min_garp lowers the GARP defaults that were not set explicitly", () => {
  const g = conf("global_defs {\n vrrp_min_garp\n vrrp_garp_master_delay 3\n}\n").model.globalDefs;
  assertEquals(
    [g.garp.masterRepeat, g.garp.masterDelay, g.garp.lowerPrioDelay, g.garp.lowerPrioRepeat],
    [1, 3, 3, 1],
  );
});

Deno.test("use_vmac with a unicast keyword makes keepalived send on the base interface", () => {
  const l = conf(inst(" use_vmac\n unicast_peer {\n  192.0.2.20\n }"));
  assertEquals(codes(l), ["7:warning[VK0421]"]);
  assertEquals(l.model.instances[0]!.vmacXmitBase, true);
});

Deno.test("an interface tracked by both an instance and its sync group is reported", () => {
  const l = conf(
    inst(" track_interface {\n  eth1\n }", "VI_1") + inst("", "VI_2") +
      "vrrp_sync_group G {\n group {\n  VI_1 VI_2\n }\n track_interface {\n  eth1\n }\n}\n",
  );
  assertEquals(codes(l), ["8:warning[VK0422]"]);
});

Deno.test("validation never throws on arbitrary trees built from table keywords and junk words", () => {
  const kws = [...new Set(LEVELS.flatMap((l) => l.keywords.map((k) => k.name)))];
  const at = { file: "p.conf", line: 1, column: 1 };
  const word = fc.oneof(
    fc.constantFrom(...kws),
    fc.constantFrom(
      "0",
      "-1",
      "254",
      "255",
      "1.5",
      "0.0000001",
      "yes",
      "MASTER",
      "weight",
      "reverse",
    ),
    fc.constantFrom("192.0.2.1/24", "fe80::1", "2001:db8::1", "224.0.0.18", "eth0", "{", "}"),
    fc.string({ maxLength: 6 }),
  ).map((text) => ({ text, quoted: false, at }));
  const stmt: fc.Arbitrary<Statement> = fc.letrec<{ s: Statement }>((tie) => ({
    s: fc.record({
      keyword: word,
      args: fc.array(word, { maxLength: 4 }),
      block: fc.option(fc.array(tie("s"), { maxLength: 5 }), {
        nil: undefined,
        depthSize: "small",
      }),
    }).map(({ keyword, args, block }) => {
      const s: Statement = {
        keyword,
        args,
        raw: [keyword, ...args].map((w) => w.text).join(" "),
        at,
      };
      if (block !== undefined) s.block = block;
      return s;
    }),
  })).s;
  fc.assert(
    fc.property(fc.array(stmt, { maxLength: 8 }), (statements) => {
      const { diagnostics } = validateTree({ statements, files: ["p.conf"] });
      for (const d of diagnostics) assertOk(d.message.length > 0 && d.code.startsWith("VK0"));
    }),
    { numRuns: 300 },
  );
});

Deno.test("keywords keepalived acts on but vipkeeper does not are kept with an info", () => {
  const l = conf(
    "global_defs {\n vrrp_priority -5\n lvs_flush\n}\n" + inst(" smtp_alert\n promote_secondaries"),
  );
  assertEquals(codes(l), ["2:info[VK0214]", "11:info[VK0214]", "12:info[VK0214]"]);
  assertEquals(l.model.globalDefs.other, { vrrp_priority: [["-5"]], lvs_flush: [[]] });
  assertEquals(l.model.instances[0]!.other, { smtp_alert: [[]], promote_secondaries: [[]] });
});

Deno.test("a flag written with 'false' is still on, as in keepalived 2.2.7, and says so", () => {
  const l = conf("global_defs {\n vrrp_skip_check_adv_addr false\n}\n");
  assertEquals(codes(l), ["2:warning[VK0208]"]);
  assertMatch(l.diagnostics[0]!.message, /turns the option on/);
  assertEquals(l.model.globalDefs.skipCheckAdvAddr, true);
});

Deno.test("a prefix on a source or peer address is dropped with a warning, as keepalived does", () => {
  const l = conf(inst(" unicast_src_ip 192.0.2.1/24\n unicast_peer {\n  192.0.2.3/24\n }"));
  assertEquals(codes(l), ["7:warning[VK0306]", "9:warning[VK0306]"]);
  const i = l.model.instances[0]!;
  assertEquals([i.unicastSrcIp, i.unicastPeers[0]?.address], ["192.0.2.1", "192.0.2.3"]);
});
