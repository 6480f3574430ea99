import { assertEquals, assertMatch } from "../../assert.ts";
import { subSecondV2 } from "../../../lib/config/lint/advert_int.ts";
import { mixedFamilies } from "../../../lib/config/lint/families.ts";
import { duplicateVips } from "../../../lib/config/lint/duplicate_vips.ts";
import { authWithV3 } from "../../../lib/config/lint/auth_v3.ts";
import { unicastPeers } from "../../../lib/config/lint/unicast.ts";
import { at, codes, instance, model, statement, tree, vip } from "./_model.ts";

Deno.test("lint: a sub-second advert_int with VRRPv2 is reported, v3 and whole seconds are not", () => {
  const v2 = instance("A", { advertInt: 0.5 });
  const v3 = instance("B", { advertInt: 0.5, version: 3 });
  const whole = instance("C", { advertInt: 2 });
  const d = subSecondV2(model({ instances: [v2, v3, whole] }), {});
  assertEquals(codes(d), ["VK0509"]);
  assertMatch(d[0]?.message ?? "", /'A' uses VRRPv2 with advert_int 0\.5/);
});

Deno.test("lint: the advert_int as written counts after validation rounded it to 1", () => {
  const kwAt = at(6);
  const inst = instance("A", { advertInt: 1, keyAt: { advert_int: kwAt } });
  const d = subSecondV2(model({ instances: [inst] }), {
    tree: tree(statement(kwAt, ["advert_int", "0.2"])),
  });
  assertEquals(codes(d), ["VK0509"]);
  assertEquals(d[0]?.line, 6);
});

Deno.test("lint: addresses of the other family in one instance are errors", () => {
  const inst = instance("VI_1", {
    vips: [vip("192.0.2.10"), vip("2001:db8::10")],
    unicastSrcIp: "2001:db8::1",
    unicastPeers: [{ address: "192.0.2.2" }],
  });
  const d = mixedFamilies(model({ instances: [inst] }), {});
  assertEquals(codes(d), ["VK0510", "VK0510"]);
  assertMatch(
    d[0]?.message ?? "",
    /Virtual address '2001:db8::10' is IPv6 but instance 'VI_1' is IPv4/,
  );
  assertMatch(d[1]?.message ?? "", /Source address \(unicast_src_ip\) '2001:db8::1'/);
});

Deno.test("lint: a foreign VIP that validation dropped is still found in the tree", () => {
  const blockAt = at(5);
  const inst = instance("VI_1", { keyAt: { virtual_ipaddress: blockAt } });
  const t = tree(statement(blockAt, ["virtual_ipaddress"], [
    statement(at(6, 9), ["192.0.2.10/24"]),
    statement(at(7, 9), ["2001:db8::10/64", "dev", "eth0"]),
  ]));
  assertEquals(codes(mixedFamilies(model({ instances: [inst] }), { tree: t })), ["VK0510"]);
  const excluded = instance("VI_2", { excludedVips: [vip("2001:db8::5")] });
  assertEquals(mixedFamilies(model({ instances: [excluded] }), {}), []);
});

Deno.test("lint: a VIP in two instances is a warning on the second", () => {
  const a = instance("VI_1", { at: at(1, 1) });
  const b = instance("VI_2", {
    vrid: 52,
    excludedVips: [vip("192.0.2.10")],
    vips: [vip("192.0.2.11")],
  });
  const c = instance("VI_3", { vrid: 53, vips: [vip("192.0.2.12")] });
  const d = duplicateVips(model({ instances: [a, b, c] }), {});
  assertEquals(codes(d), ["VK0511"]);
  assertMatch(d[0]?.message ?? "", /'192\.0\.2\.10' of 'VI_2' is also in 'VI_1' \(test\.conf:1\)/);
});

Deno.test("lint: authentication with VRRPv3 is reported whether validation kept it or not", () => {
  const kept = instance("A", { version: 3, authentication: { type: "PASS", password: "x" } });
  const dropped = instance("B", { version: 3, keyAt: { authentication: at(9) } });
  const v2 = instance("C", { authentication: { type: "PASS", password: "x" } });
  const d = authWithV3(model({ instances: [kept, dropped, v2] }), {});
  assertEquals(codes(d), ["VK0512", "VK0512"]);
  assertEquals(d[1]?.line, 9);
});

Deno.test("lint: an empty unicast_peer block falls back to multicast", () => {
  const empty = instance("VI_1", { keyAt: { unicast_peer: at(8) } });
  const fault = instance("VI_2", {
    vrid: 52,
    keyAt: { unicast_peer: at(18) },
    unicastFaultNoPeer: true,
  });
  const d = unicastPeers(model({ instances: [empty, fault] }), {});
  assertEquals(codes(d), ["VK0513", "VK0513"]);
  assertMatch(d[0]?.message ?? "", /silently sends multicast/);
  assertMatch(d[1]?.message ?? "", /FAULT/);
});

Deno.test("lint: a unicast peer equal to unicast_src_ip is an error", () => {
  const only = instance("VI_1", {
    unicastSrcIp: "192.0.2.1",
    unicastPeers: [{ address: "192.0.2.1" }],
  });
  const among = instance("VI_2", {
    unicastSrcIp: "192.0.2.1",
    unicastPeers: [{ address: "192.0.2.1" }, { address: "192.0.2.2" }],
  });
  const fine = instance("VI_3", {
    unicastSrcIp: "192.0.2.1",
    unicastPeers: [{ address: "192.0.2.2" }],
  });
  const d = unicastPeers(model({ instances: [only, among, fine] }), {});
  assertEquals(codes(d), ["VK0514", "VK0514"]);
  assertEquals(d.map((x) => x.severity), ["error", "warning"]);
  assertMatch(d[0]?.message ?? "", /falls back to multicast/);
  assertMatch(d[1]?.message ?? "", /sends adverts to itself/);
});
