import { assertEquals, assertOk } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { engine, s, vi } from "../sim/story.ts";

Deno.test("v2 and v3 routers on the same VRID ignore each other: both become master", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, version: 2 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100, version: 3 })]));
  lan.startAll();
  lan.runUntil(s(20));
  assertEquals(lan.mastersOf("VI_1"), ["A", "B"]);
  assertOk(lan.drops.length > 0);
  assertEquals(new Set(lan.drops.map((d) => d.reason)), new Set(["version"]));
});

Deno.test("v3 at 0.1 s: a crashed master is replaced 0.360937 s after its last advert", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, version: 3, advertIntUs: 100_000 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100, version: 3, advertIntUs: 100_000 })]));
  lan.startAll();
  lan.at(s(5), () => lan.crash("A"));
  lan.runUntil(s(6));
  const last = lan.actions("advert", "A").at(-1)?.t ?? 0;
  assertEquals(lan.transitions().at(-1), `${last + 360_937} B VI_1 BACKUP→MASTER`);
});

Deno.test("a v3 backup adopts the master's 0.5 s interval: takeover 1.805 s after the last advert", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, version: 3, advertIntUs: 500_000 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100, version: 3, advertIntUs: 1_000_000 })]));
  lan.startAll();
  lan.at(s(10), () => lan.crash("A"));
  lan.runUntil(s(15));
  const last = lan.actions("advert", "A").at(-1)?.t ?? 0;
  assertEquals(lan.transitions().at(-1), `${last + 1_804_687} B VI_1 BACKUP→MASTER`);
  // Once master, B advertises at its own interval again.
  const fromB = lan.actions("advert", "B").map((a) => a.t);
  assertEquals((fromB[1] ?? 0) - (fromB[0] ?? 0), 1_000_000);
});

Deno.test("v2 routers with different advert_int drop each other's adverts and both become master", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, advertIntUs: 1_000_000 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100, advertIntUs: 3_000_000 })]));
  lan.startAll();
  lan.runUntil(s(30));
  assertEquals(lan.mastersOf("VI_1"), ["A", "B"]);
  assertEquals(new Set(lan.drops.map((d) => d.reason)), new Set(["interval"]));
});
