import { assertEquals, assertOk } from "../assert.ts";
import { warmUp } from "../../lib/agent/_warmup.ts";
import { setTimerPrimer, systemAgentClock } from "../../lib/agent/clock.ts";
import { globalDefs, instance, model, syncGroup, vip } from "../_fixtures/model.ts";

function v3(name: string, vrid: number, extra: Parameters<typeof instance>[1] = {}) {
  return instance(name, {
    interface: "eth0",
    vrid,
    version: 3,
    advertInt: 0.1,
    vips: [vip(`192.0.2.${vrid}`, { prefix: 24 })],
    ...extra,
  });
}

Deno.test("warm-up encodes the adverts of a takeover and of the shutdown", () => {
  const m = model({ globalDefs: globalDefs({ vrrpVersion: 3 }), instances: [v3("VI_1", 51)] });
  // Each advert is a 12-byte VRRPv3 message with one IPv4 address behind a 20-byte IP header.
  const bytes = warmUp(m);
  assertOk(bytes > 0, `encoded ${bytes} bytes`);
  assertEquals(bytes % 32, 0);
});

Deno.test("warm-up covers IPv6, unicast peers and sync groups without throwing", () => {
  const m = model({
    globalDefs: globalDefs({ vrrpVersion: 3 }),
    instances: [
      v3("V6", 7, { family: "inet6", vips: [vip("2001:db8::7", { prefix: 64, family: "inet6" })] }),
      v3("UNI", 8, { unicastPeers: [{ address: "198.51.100.2" }, { address: "198.51.100.3" }] }),
      v3("G1", 9),
      v3("G2", 10, { state: "MASTER" }),
    ],
    syncGroups: [syncGroup("G", ["G1", "G2"])],
  });
  for (const inst of m.instances) {
    const one = { ...m, instances: [inst], syncGroups: [] };
    assertOk(warmUp(one) > 0, `${inst.name} warmed nothing`);
  }
  assertOk(warmUp(m) > 0);
});

Deno.test("warm-up leaves the model untouched and skips what it cannot encode", () => {
  const { interface: _, ...noInterface } = v3("NOIF", 52);
  const m = model({ instances: [v3("VI_1", 51), noInterface] });
  const before = structuredClone(m);
  warmUp(m);
  assertEquals(m, before);
  assertEquals(warmUp({ ...m, instances: [m.instances[1]!] }), 0);
  assertEquals(warmUp(model()), 0);
});

Deno.test("warm-up of 200 instances takes a bounded time (it drives one instance of each kind)", () => {
  const instances = Array.from({ length: 200 }, (_, i) => v3(`VI_${i}`, i + 1));
  const m = model({ globalDefs: globalDefs({ vrrpVersion: 3 }), instances });
  const t0 = performance.now();
  assertOk(warmUp(m) > 0);
  const ms = performance.now() - t0;
  assertOk(ms < 2_000, `took ${ms.toFixed(0)} ms`);
});

Deno.test("warm-up registers a primer that runs a throwaway takeover before a rare timer", async () => {
  const m = model({ globalDefs: globalDefs({ vrrpVersion: 3 }), instances: [v3("VI_1", 51)] });
  warmUp(m);
  try {
    await new Promise((r) => setTimeout(r, 10)); // the next timer is rare
    const t0 = performance.now();
    await new Promise<void>((resolve) =>
      systemAgentClock.at(systemAgentClock.now() + 4_000, resolve)
    );
    // The primer ran inside the timer (it must not make the timer late).
    assertOk(performance.now() - t0 < 50, "the timer was on time");
  } finally {
    setTimerPrimer(undefined);
  }
});
