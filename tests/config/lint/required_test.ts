import { assertEquals, assertMatch } from "../../assert.ts";
import { missingInterface, missingVrid } from "../../../lib/config/lint/required.ts";
import { at, codes, instance, model, vip } from "./_model.ts";

Deno.test("lint: an instance without interface or unicast_src_ip is an error at its header", () => {
  const inst = instance("VI_1", { at: at(3, 1) });
  delete inst.interface;
  const d = missingInterface(model({ instances: [inst] }), {});
  assertEquals(codes(d), ["VK0501"]);
  assertEquals([d[0]?.line, d[0]?.severity], [3, "error"]);
  assertMatch(d[0]?.message ?? "", /'VI_1' has no 'interface'/);
});

Deno.test("lint: a unicast instance may omit interface when every VIP has dev", () => {
  const ok = instance("VI_1", {
    unicastSrcIp: "192.0.2.1",
    vips: [vip("192.0.2.10", { dev: "eth1" })],
  });
  delete ok.interface;
  assertEquals(missingInterface(model({ instances: [ok] }), {}), []);
  const bad = instance("VI_2", { unicastSrcIp: "192.0.2.1" });
  delete bad.interface;
  const d = missingInterface(model({ instances: [bad] }), {});
  assertMatch(d[0]?.message ?? "", /'192\.0\.2\.10' has no 'dev'/);
});

Deno.test("lint: an instance with an interface passes the interface rule", () => {
  assertEquals(missingInterface(model({ instances: [instance("VI_1")] }), {}), []);
});

Deno.test("lint: an instance whose keyAt lacks virtual_router_id is missing its VRID", () => {
  const written = instance("VI_1", { keyAt: { virtual_router_id: at(4) } });
  const missing = instance("VI_2", { at: at(10, 1), keyAt: { interface: at(11) } });
  const d = missingVrid(model({ instances: [written, missing] }), {});
  assertEquals(codes(d), ["VK0502"]);
  assertEquals(d[0]?.line, 10);
});

Deno.test("lint: a code-built instance with VRID 0 is missing its VRID", () => {
  const d = missingVrid(
    model({ instances: [instance("VI_1", { vrid: 0 }), instance("VI_2")] }),
    {},
  );
  assertEquals(codes(d), ["VK0502"]);
  assertMatch(d[0]?.message ?? "", /VI_1/);
});
