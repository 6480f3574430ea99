import { assertEquals, assertMatch } from "../../assert.ts";
import { emitConf } from "../../../lib/config/emit/conf.ts";
import { defaultGlobals, instance, model, script, syncGroup } from "./_fixtures.ts";

Deno.test("emitConf writes an instance with 4-space indent and one keyword per line", () => {
  const text = emitConf(model({ instances: [instance("VI_1")] }));
  assertEquals(
    text,
    [
      "vrrp_instance VI_1 {",
      "    state BACKUP",
      "    interface eth0",
      "    virtual_router_id 51",
      "    priority 100",
      "    advert_int 1",
      "    version 2",
      "    virtual_ipaddress {",
      "        192.0.2.100/24",
      "    }",
      "}",
      "",
    ].join("\n"),
  );
});

Deno.test("emitConf quotes words with blanks and commands, and writes user and group", () => {
  const text = emitConf(model({
    globalDefs: defaultGlobals({ routerId: "node one" }),
    scripts: [script("chk", {
      script: { command: "/usr/bin/check --fast", argv: [], user: "nobody", group: "nogroup" },
      weight: -20,
      reverse: true,
    })],
  }));
  assertMatch(text, /^ {4}router_id "node one"$/m);
  assertMatch(text, /^ {4}script "\/usr\/bin\/check --fast" nobody nogroup$/m);
  assertMatch(text, /^ {4}weight -20 reverse$/m);
});

Deno.test("emitConf escapes quotes and backslashes in commands, which keepalived decodes", () => {
  const text = emitConf(model({
    instances: [instance("VI_1", {
      notify: { master: { command: `/bin/echo "a b" 'c' \\x`, argv: [], user: "a b" } },
    })],
  }));
  assertMatch(text, /^ {4}notify_master "\/bin\/echo \\"a b\\" 'c' \\\\x" "a b"$/m);
});

Deno.test("emitConf writes weights only where they were written, and reverse against the tracked object", () => {
  const text = emitConf(model({
    scripts: [script("chk", { weight: 5, reverse: true }), script("chk2"), script("chk3")],
    instances: [instance("VI_1", {
      trackScript: [
        { name: "chk", weight: 10, reverse: false, weightGiven: true },
        { name: "chk2", weight: 0, reverse: true },
        { name: "chk3", weight: 0, reverse: false },
      ],
      trackInterface: [{ name: "eth1", weight: -30, reverse: true, weightGiven: true }],
    })],
  }));
  assertMatch(
    text,
    /track_script \{\n {8}chk weight 10 noreverse\n {8}chk2 reverse\n {8}chk3\n {4}\}/,
  );
  assertMatch(text, /track_interface \{\n {8}eth1 weight -30 reverse\n {4}\}/);
});

Deno.test("emitConf writes inherited booleans as false only when the inherited value is true", () => {
  const text = emitConf(model({
    globalDefs: defaultGlobals({ skipCheckAdvAddr: true, notifyPriorityChanges: true }),
    instances: [
      instance("VI_1", { skipCheckAdvAddr: false, notifyPriorityChanges: false }),
      instance("VI_2", { vrid: 52, skipCheckAdvAddr: true, notifyPriorityChanges: true }),
    ],
  }));
  const vi1 = text.slice(0, text.indexOf("vrrp_instance VI_2"));
  assertMatch(vi1, /^ {4}skip_check_adv_addr false$/m);
  assertMatch(vi1, /^ {4}notify_priority_changes false$/m);
  const vi2 = text.slice(text.indexOf("vrrp_instance VI_2"));
  assertEquals(vi2.includes("skip_check_adv_addr"), false);
  assertEquals(vi2.includes("notify_priority_changes"), false);
});

Deno.test("emitConf writes VIP options, peers, kept keywords and sync groups", () => {
  const text = emitConf(model({
    instances: [instance("VI_1", {
      vips: [{
        address: "192.0.2.101",
        prefix: 32,
        family: "inet",
        dev: "eth1",
        label: "eth1:1",
        noTrack: true,
        extra: ["use_vmac"],
      }],
      unicastSrcIp: "192.0.2.1",
      unicastPeers: [{ address: "192.0.2.2", minTtl: 250 }],
      other: { debug: [["2"]], smtp_alert: [[]] },
      syncGroup: "G1",
    })],
    syncGroups: [syncGroup("G1", ["VI_1"], { syncGroupTrackingWeight: true })],
  }));
  assertMatch(text, /^ {8}192\.0\.2\.101\/32 dev eth1 label eth1:1 no_track use_vmac$/m);
  assertMatch(text, /unicast_peer \{\n {8}192\.0\.2\.2 min_ttl 250\n {4}\}\n {4}unicast_ttl 255\n/);
  assertMatch(text, /^ {4}debug 2\n {4}smtp_alert\n\}/m);
  assertMatch(
    text,
    /vrrp_sync_group G1 \{\n {4}group \{\n {8}VI_1\n {4}\}\n {4}sync_group_tracking_weight\n\}/,
  );
});

Deno.test("emitConf leaves global_defs out when everything in it is a default", () => {
  assertEquals(emitConf(model()), "");
  assertMatch(
    emitConf(model({ globalDefs: defaultGlobals({ vrrpVersion: 3 }) })),
    /vrrp_version 3/,
  );
});

Deno.test("emitConf writes an instance's notify_priority_changes unless global and group agree", () => {
  const text = emitConf(model({
    instances: [
      instance("VI_1", { notifyPriorityChanges: true, syncGroup: "G1" }),
      instance("VI_2", { vrid: 52, notifyPriorityChanges: false, syncGroup: "G1" }),
    ],
    syncGroups: [syncGroup("G1", ["VI_1", "VI_2"], { notifyPriorityChanges: true })],
  }));
  assertMatch(text, /vrrp_instance VI_1 \{[^]*?\n {4}notify_priority_changes\n\}/);
  assertMatch(text, /vrrp_instance VI_2 \{[^]*?\n {4}notify_priority_changes false\n\}/);
});

Deno.test("emitConf leaves an unset VRID (0 in the model) unset, so the reader reports it again", () => {
  const text = emitConf(model({ instances: [instance("VI_1", { vrid: 0 })] }));
  assertEquals(text.includes("virtual_router_id"), false);
});
