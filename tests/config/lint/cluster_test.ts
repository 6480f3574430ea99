import { assertEquals, assertMatch } from "../../assert.ts";
import { lintCluster } from "../../../lib/config/lint/cluster.ts";
import { codes, instance, model, syncGroup, vip } from "./_model.ts";
import type { VrrpInstance } from "../../../lib/config/model.ts";

const node = (file: string, instances: VrrpInstance[], groups = model().syncGroups) => ({
  file,
  model: model({ instances, syncGroups: groups }),
});

Deno.test("cluster: two matching nodes with distinct priorities are clean", () => {
  const d = lintCluster([
    node("a.conf", [instance("VI_1", { priority: 150 })]),
    node("b.conf", [instance("VI_1", { priority: 100 })]),
  ]);
  assertEquals(d, []);
});

Deno.test("cluster: VIP set, version and auth differences are errors on the second node", () => {
  const d = lintCluster([
    node("a.conf", [
      instance("VI_1", { priority: 150 }),
      instance("VI_2", {
        vrid: 52,
        priority: 150,
        authentication: { type: "PASS", password: "a" },
      }),
    ]),
    node("b.conf", [
      instance("VI_1", { priority: 100, vips: [vip("192.0.2.10"), vip("192.0.2.11")] }),
      instance("VI_2", {
        vrid: 52,
        priority: 100,
        authentication: { type: "PASS", password: "b" },
      }),
    ]),
  ]);
  assertEquals(codes(d), ["VK0602", "VK0605"]);
  assertEquals(d.map((x) => x.file), ["b.conf", "b.conf"]);
  assertMatch(d[0]?.message ?? "", /only here: 192\.0\.2\.11\/32/);
  assertMatch(d[1]?.message ?? "", /PASS with another password/);
  assertEquals(/'a'|'b'/.test(d[1]?.message ?? ""), false, "passwords are not printed");
});

Deno.test("cluster: a version mismatch hides the advert_int check; v3 interval mismatch warns", () => {
  const d = lintCluster([
    node("a.conf", [instance("VI_1", { priority: 150, version: 3, advertInt: 0.5 })]),
    node("b.conf", [instance("VI_1", { priority: 100, version: 2, advertInt: 1 })]),
    node("c.conf", [instance("VI_1", { priority: 50, version: 3, advertInt: 1 })]),
  ]);
  assertEquals(codes(d), ["VK0603", "VK0604"]);
  assertEquals(d[1]?.severity, "warning");
  const v2 = lintCluster([
    node("a.conf", [instance("VI_1", { priority: 150, advertInt: 1 })]),
    node("b.conf", [instance("VI_1", { priority: 100, advertInt: 2 })]),
  ]);
  assertEquals(v2.map((x) => [x.code, x.severity]), [["VK0604", "error"]]);
});

Deno.test("cluster: equal priorities warn, two owners and two MASTER states are reported", () => {
  const d = lintCluster([
    node("a.conf", [
      instance("VI_1", { priority: 100, state: "MASTER" }),
      instance("VI_2", { vrid: 52, priority: 255 }),
    ]),
    node("b.conf", [
      instance("VI_1", { priority: 100, state: "MASTER" }),
      instance("VI_2", { vrid: 52, priority: 255 }),
    ]),
  ]);
  assertEquals(codes(d).sort(), ["VK0606", "VK0607", "VK0608"]);
  const eq = d.find((x) => x.code === "VK0606");
  assertMatch(eq?.message ?? "", /same priority 100 as 'VI_1' in a\.conf/);
});

Deno.test("cluster: a router on one node only, and unicast against multicast", () => {
  const d = lintCluster([
    node("a.conf", [instance("VI_1", { priority: 150 }), instance("VI_9", { vrid: 99 })]),
    node("b.conf", [instance("VI_1", { priority: 100, unicastPeers: [{ address: "192.0.2.1" }] })]),
  ]);
  assertEquals(codes(d).sort(), ["VK0601", "VK0609"]);
});

Deno.test("cluster: a unicast peer list that misses a node is an error on that list", () => {
  const u = (src: string, peers: string[], priority: number) =>
    instance("VI_1", {
      priority,
      unicastSrcIp: src,
      unicastPeers: peers.map((address) => ({ address })),
    });
  const d = lintCluster([
    node("a.conf", [u("192.0.2.1", ["192.0.2.2", "192.0.2.3"], 150)]),
    node("b.conf", [u("192.0.2.2", ["192.0.2.1", "192.0.2.3"], 100)]),
    node("c.conf", [u("192.0.2.3", ["192.0.2.1"], 50)]),
  ]);
  assertEquals(codes(d), ["VK0610"]);
  assertEquals(d[0]?.file, "c.conf");
  assertMatch(
    d[0]?.message ?? "",
    /does not list 'VI_1' in b\.conf \(unicast_src_ip 192\.0\.2\.2\)/,
  );
});

Deno.test("cluster: a sync group whose members prefer different nodes is split (error)", () => {
  const members = (p1: number, p2: number) => [
    instance("VI_1", { priority: p1 }),
    instance("VI_2", { vrid: 52, priority: p2, vips: [vip("192.0.2.20")] }),
  ];
  const g = [syncGroup("G1", ["VI_1", "VI_2"])];
  const split = lintCluster([
    node("a.conf", members(150, 100), g),
    node("b.conf", members(100, 150), g),
  ]);
  assertEquals(codes(split), ["VK0611"]);
  assertEquals(split[0]?.file, "a.conf");
  assertMatch(
    split[0]?.message ?? "",
    /a\.conf has the higher priority for 'VI_1' \(150\), b\.conf for 'VI_2' \(150\)/,
  );
  const fine = lintCluster([
    node("a.conf", members(150, 150), g),
    node("b.conf", members(100, 100), g),
  ]);
  assertEquals(fine, []);
});

Deno.test("cluster: members grouped on one node but not on the other are a warning", () => {
  const members = (p: number) => [
    instance("VI_1", { priority: p }),
    instance("VI_2", { vrid: 52, priority: p, vips: [vip("192.0.2.20")] }),
  ];
  const d = lintCluster([
    node("a.conf", members(150), [syncGroup("G1", ["VI_1", "VI_2"])]),
    node("b.conf", members(100)),
  ]);
  assertEquals(codes(d), ["VK0612"]);
  assertMatch(d[0]?.message ?? "", /not one sync group in b\.conf/);
});

Deno.test("cluster: one node alone is not a cluster", () => {
  assertEquals(lintCluster([node("a.conf", [instance("VI_1")])]), []);
});

Deno.test("cluster: nopreempt only on lower-priority nodes is a warning on the top node", () => {
  const d = lintCluster([
    node("a.conf", [instance("VI_1", { priority: 150 })]),
    node("b.conf", [instance("VI_1", { priority: 100, nopreempt: true })]),
  ]);
  assertEquals(codes(d), ["VK0613"]);
  assertEquals(d[0]?.file, "a.conf");
  const everywhere = lintCluster([
    node("a.conf", [instance("VI_1", { priority: 150, nopreempt: true })]),
    node("b.conf", [instance("VI_1", { priority: 100, nopreempt: true })]),
  ]);
  assertEquals(everywhere, []);
});
