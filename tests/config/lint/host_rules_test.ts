import { assertEquals, assertMatch } from "../../assert.ts";
import { addressOwner } from "../../../lib/config/lint/owner.ts";
import { missingInterfaces } from "../../../lib/config/lint/interfaces.ts";
import { at, codes, globalDefs, instance, model, syncGroup, vip } from "./_model.ts";

Deno.test("lint: priority 255 without host information is explained as an info", () => {
  const d = addressOwner(model({ instances: [instance("VI_1", { priority: 255 })] }), {});
  assertEquals(codes(d), ["VK0516"]);
  assertEquals(d[0]?.severity, "info");
});

Deno.test("lint: priority 255 on a host without the addresses is a warning naming them", () => {
  const inst = instance("VI_1", { priority: 255, vips: [vip("192.0.2.10"), vip("192.0.2.11")] });
  const ctx = { interfaces: [{ name: "eth0", addresses: ["192.0.2.10"] }] };
  const d = addressOwner(model({ instances: [inst] }), ctx);
  assertEquals(codes(d), ["VK0515"]);
  assertMatch(d[0]?.message ?? "", /does not have '192\.0\.2\.11'$/);
  const owned = instance("VI_2", { priority: 255 });
  assertEquals(addressOwner(model({ instances: [owned] }), ctx), []);
  assertEquals(addressOwner(model({ instances: [instance("VI_3")] }), ctx), []);
});

Deno.test("lint: interfaces missing on the host are errors, warnings with dynamic_interfaces", () => {
  const inst = instance("VI_1", {
    interface: "eth9",
    keyAt: { interface: at(3) },
    trackInterface: [{ name: "eth0", weight: 0, reverse: false }],
    vips: [vip("192.0.2.10", { dev: "bond0" })],
  });
  const g = syncGroup("G", ["VI_1"], {
    trackInterface: [{ name: "wan", weight: 0, reverse: false }],
  });
  const ctx = { interfaces: [{ name: "eth0" }, { name: "lo" }] };
  const d = missingInterfaces(model({ instances: [inst], syncGroups: [g] }), ctx);
  assertEquals(codes(d), ["VK0521", "VK0521", "VK0521"]);
  assertEquals(d.map((x) => x.severity), ["error", "error", "error"]);
  assertMatch(d[0]?.message ?? "", /'eth9' \(interface of 'VI_1'\)/);
  assertMatch(d[1]?.message ?? "", /'bond0'/);
  assertMatch(d[2]?.message ?? "", /'wan' \(tracked by 'G'\)/);
  const dynamic = model({ globalDefs: globalDefs({ dynamicInterfaces: true }), instances: [inst] });
  assertEquals(missingInterfaces(dynamic, ctx)[0]?.severity, "warning");
});

Deno.test("lint: interface checks are skipped when the host's interfaces are unknown", () => {
  assertEquals(
    missingInterfaces(model({ instances: [instance("VI_1", { interface: "eth9" })] }), {}),
    [],
  );
});

Deno.test("lint: a priority of 255 derived from state MASTER is explained as such", () => {
  const derived = instance("VI_1", { priority: 255, state: "MASTER", keyAt: { state: at(2) } });
  const d = addressOwner(model({ instances: [derived] }), {});
  assertMatch(d[0]?.message ?? "", /gets priority 255 \(from 'state MASTER' without 'priority'\)/);
});

Deno.test("lint: an interface_up_down_delays interface missing on the host is reported at its line", () => {
  const m = model({
    instances: [instance("VI_1", { interface: "eth0" })],
    interfaceDelays: [{ interface: "nosuch", down: 1, up: 0, at: at(2) }],
  });
  const d = missingInterfaces(m, { interfaces: [{ name: "eth0" }] });
  assertEquals(codes(d), ["VK0521"]);
  assertEquals(d[0]?.line, 2);
  assertMatch(d[0]?.message ?? "", /'nosuch' \(in interface_up_down_delays\)/);
});
