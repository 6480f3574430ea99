import { parse } from "yaml";
import { assertEquals, assertMatch } from "../../assert.ts";
import { emitYaml } from "../../../lib/config/emit/yaml.ts";
import { defaultGlobals, instance, model, script, syncGroup } from "./_fixtures.ts";

Deno.test("emitYaml writes the documented form: named blocks by name, flags as booleans, lists", () => {
  const text = emitYaml(model({
    globalDefs: defaultGlobals({ routerId: "node1", vrrpVersion: 3 }),
    scripts: [script("chk", {
      script: { command: "/usr/bin/check 'a b'", argv: [], user: "nobody" },
      weight: -20,
    })],
    instances: [instance("VI_1", {
      nopreempt: true,
      trackScript: [
        { name: "chk", weight: 10, reverse: true, weightGiven: true },
        { name: "chk", weight: -20, reverse: false },
      ],
      authentication: { type: "PASS", password: "0123" },
      other: { debug: [["2"], ["3"]] },
    })],
    syncGroups: [syncGroup("G1", ["VI_1"])],
  }));
  assertEquals(parse(text), {
    global_defs: { router_id: "node1", vrrp_version: 3 },
    vrrp_script: {
      chk: {
        script: { command: "/usr/bin/check 'a b'", user: "nobody" },
        interval: 1,
        weight: -20,
      },
    },
    vrrp_instance: {
      VI_1: {
        state: "BACKUP",
        interface: "eth0",
        virtual_router_id: 51,
        priority: 100,
        advert_int: 1,
        version: 2,
        virtual_ipaddress: ["192.0.2.100/24"],
        track_script: [{ name: "chk", weight: 10, reverse: true }, "chk"],
        nopreempt: true,
        authentication: { auth_type: "PASS", auth_pass: "0123" },
        debug: [2, 3],
      },
    },
    vrrp_sync_group: { G1: { group: ["VI_1"] } },
  });
  assertMatch(text, /^ {4}group: \[VI_1\]$/m);
  assertMatch(text, /^ {6}- \{ ?name: chk, weight: 10, reverse: true ?\}$/m);
  assertMatch(text, /\n\nvrrp_instance:\n/);
});

Deno.test("emitYaml keeps objects in model order even when their names are numbers", () => {
  const text = emitYaml(model({
    instances: [instance("vrrp1"), instance("410", { vrid: 52 }), instance("62", { vrid: 53 })],
  }));
  const names = [...text.matchAll(/^ {2}(\S+):$/gm)].map((m) => m[1]);
  assertEquals(names, ["vrrp1", '"410"', '"62"']);
});

Deno.test("emitYaml quotes values that YAML would otherwise read differently", () => {
  const text = emitYaml(model({
    globalDefs: defaultGlobals({ routerId: "true", vmacPrefix: "0123" }),
  }));
  assertEquals(parse(text).global_defs, { router_id: "true", vmac_prefix: "0123" });
});
