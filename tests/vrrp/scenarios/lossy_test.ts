import { assertEquals, assertOk } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { engine, s, vi } from "../sim/story.ts";

/** A (150) and B (100) for an hour on a link that loses 30 % of adverts. */
function lossyHour(downTimerAdverts: number, seed = 1): Lan {
  const lan = new Lan({ seed, latencyUs: 200, jitterUs: 800, record: true });
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, downTimerAdverts })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100, downTimerAdverts })]));
  lan.startAll();
  lan.at(s(60), () => (lan.loss = 0.3));
  lan.runUntil(s(3600));
  return lan;
}

Deno.test("30 % loss with down_timer_adverts 3: three lost adverts in a row make the backup flap", () => {
  const lan = lossyHour(3);
  const flaps = lan.transitions().filter((t) => t.includes(" B VI_1 BACKUP→MASTER"));
  assertOk(flaps.length > 10, `flaps: ${flaps.length}`);
  // Every flap ends with the first of A's adverts that gets through: B always steps down again.
  const downs = lan.transitions().filter((t) => t.includes(" B VI_1 MASTER→BACKUP"));
  assertEquals(downs.length, flaps.length);
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
});

Deno.test("30 % loss with down_timer_adverts 10: the same link holds steady for an hour", () => {
  for (const seed of [1, 2, 3]) {
    const lan = lossyHour(10, seed);
    assertEquals(lan.mastersOf("VI_1"), ["A"]);
    assertEquals(lan.transitions().filter((t) => t.includes("MASTER")).length, 1, `seed ${seed}`);
  }
});

Deno.test("the simulation is deterministic: the same seed gives the same trace", () => {
  const a = lossyHour(3, 42);
  const b = lossyHour(3, 42);
  assertEquals(a.transitions(), b.transitions());
  assertEquals(a.trace.length, b.trace.length);
});

Deno.test("latency jitter alone never disturbs a stable master", () => {
  const lan = new Lan({ seed: 5, latencyUs: 1_000, jitterUs: 200_000 });
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.startAll();
  lan.runUntil(s(600));
  assertEquals(lan.transitions().filter((t) => t.includes("MASTER")).length, 1);
});
