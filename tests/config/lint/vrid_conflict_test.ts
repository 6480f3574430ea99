import { assertEquals, assertMatch } from "../../assert.ts";
import { vridConflicts } from "../../../lib/config/lint/vrid_conflict.ts";
import { at, codes, instance, model, vip } from "./_model.ts";

Deno.test("lint: two multicast instances with one VRID on one interface and family clash", () => {
  const a = instance("VI_1", { at: at(1, 1) });
  const b = instance("VI_2", { keyAt: { virtual_router_id: at(12) }, vips: [vip("192.0.2.20")] });
  const d = vridConflicts(model({ instances: [a, b] }), {});
  assertEquals(codes(d), ["VK0503"]);
  assertEquals(d[0]?.line, 12);
  assertMatch(d[0]?.message ?? "", /'VI_1' \(test\.conf:1\) and 'VI_2' both use VRID 51 with IPv4/);
});

Deno.test("lint: the same VRID on another interface, family or multicast group is fine", () => {
  const a = instance("VI_1");
  const otherIf = instance("VI_2", { interface: "eth1" });
  const v6 = instance("VI_3", { family: "inet6", version: 3, vips: [vip("2001:db8::1")] });
  const group = instance("VI_4", { mcastDstIp: "224.0.0.19" });
  assertEquals(vridConflicts(model({ instances: [a, otherIf, v6, group] }), {}), []);
});

Deno.test("lint: unicast and multicast are separate VRID spaces", () => {
  const a = instance("VI_1");
  const u = instance("VI_2", {
    unicastSrcIp: "192.0.2.1",
    unicastPeers: [{ address: "192.0.2.2" }],
  });
  assertEquals(vridConflicts(model({ instances: [a, u] }), {}), []);
});

Deno.test("lint: unicast instances clash only with one source and overlapping peers", () => {
  const peers = (...a: string[]) => a.map((address) => ({ address }));
  const u1 = instance("U1", {
    unicastSrcIp: "192.0.2.1",
    unicastPeers: peers("192.0.2.2", "192.0.2.3"),
  });
  const disjoint = instance("U2", { unicastSrcIp: "192.0.2.1", unicastPeers: peers("192.0.2.4") });
  const otherSrc = instance("U3", { unicastSrcIp: "192.0.2.9", unicastPeers: peers("192.0.2.2") });
  const overlap = instance("U4", { unicastSrcIp: "192.0.2.1", unicastPeers: peers("192.0.2.3") });
  const d = vridConflicts(model({ instances: [u1, disjoint, otherSrc, overlap] }), {});
  assertEquals(codes(d), ["VK0503"]);
  assertMatch(d[0]?.message ?? "", /'U1'.*'U4'.*unicast/);
});

Deno.test("lint: an empty unicast_peer block keeps an instance in the unicast VRID space", () => {
  const a = instance("VI_1");
  const emptyPeers = instance("VI_2", { keyAt: { unicast_peer: at(20) } });
  const other = instance("VI_3", { keyAt: { unicast_peer: at(30) } });
  assertEquals(vridConflicts(model({ instances: [a, emptyPeers, other] }), {}), []);
});
