import { assertEquals, assertOk } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi } from "../sim/story.ts";
import type { InstanceConfig } from "../../../lib/vrrp/engine_config.ts";

/** A (150) master, B (100) backup; the LAN splits at 10 s and heals at 20 s. */
function splitBrain(a: Partial<InstanceConfig> = {}): Lan {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, ...a })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.startAll();
  lan.at(s(10), () => lan.partition([["A"], ["B"]]));
  lan.at(s(20), () => lan.heal());
  return lan;
}

Deno.test("partition: both sides become master, healing leaves one master within one advert", () => {
  const lan = splitBrain();
  lan.runUntil(s(19));
  assertEquals(lan.mastersOf("VI_1"), ["A", "B"]);
  assertEquals(
    lan.transitions().at(-1),
    `${downV2(150) + s(6) + downV2(100)} B VI_1 BACKUP→MASTER`,
  );
  lan.runUntil(s(30));
  // B becomes master at 13.023437 s and advertises at .023437 past each second; its first advert
  // after the heal reaches A, which answers at once, and B steps down in the same instant.
  const healedAt = 20_023_437;
  assertEquals(lan.transitions().at(-1), `${healedAt} B VI_1 MASTER→BACKUP`);
  assertOk(healedAt - s(20) < s(1));
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
});

Deno.test("heal: the master answers the lower advert with an advert, a GARP burst and a notify", () => {
  const lan = splitBrain();
  lan.runUntil(s(30));
  const t = 20_023_437;
  const fromA = lan.trace.filter((e) =>
    e.router === "A" && e.t === t && e.action.type !== "schedule"
  )
    .map((e) => e.action.type);
  assertEquals(fromA, ["log", "advert", "garp", "notify"]);
  assertOk(lan.fifo("A").includes('A INSTANCE "VI_1" MASTER_RX_LOWER_PRI 150'));
  // garp_lower_prio_delay: a second burst 5 s later.
  assertEquals(
    lan.actions("garp", "A").filter((g) => g.action.reason === "lower-prio").map((g) => g.t),
    [t, t + s(5)],
  );
});

Deno.test("heal with lower_prio_no_advert: the master stays quiet, B steps down at A's next advert", () => {
  const lan = splitBrain({ lowerPrioNoAdvert: true });
  lan.runUntil(s(30));
  const nextFromA = downV2(150) + s(17);
  assertEquals(nextFromA, 20_414_062);
  assertEquals(lan.transitions().at(-1), `${nextFromA} B VI_1 MASTER→BACKUP`);
  assertOk(!lan.actions("advert", "A").some((a) => a.t === 20_023_437));
});

Deno.test("a three-way partition heals into the single highest master", () => {
  const lan = new Lan({ latencyUs: 200, jitterUs: 300, seed: 7 });
  lan.add("A", "192.0.2.1", engine([vi({ priority: 120 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 200 })]));
  lan.add("C", "192.0.2.3", engine([vi({ priority: 160 })]));
  lan.startAll();
  lan.at(s(10), () => lan.partition([["A"], ["B"], ["C"]]));
  lan.at(s(20), () => assertEquals(lan.mastersOf("VI_1"), ["A", "B", "C"]));
  lan.at(s(25), () => lan.heal());
  lan.runUntil(s(26) + 1_000);
  assertEquals(lan.mastersOf("VI_1"), ["B"]);
});
