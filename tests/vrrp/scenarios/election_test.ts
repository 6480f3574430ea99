import { assertEquals } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi } from "../sim/story.ts";

Deno.test("two routers: the higher priority wins the first election at its Master_Down_Interval", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.startAll();
  lan.runUntil(s(10));
  assertEquals(lan.transitions(), [
    "0 A VI_1 INIT→BACKUP",
    "0 B VI_1 INIT→BACKUP",
    `${downV2(150)} A VI_1 BACKUP→MASTER`,
  ]);
  assertEquals(downV2(150), 3_414_062);
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
});

Deno.test("three routers: only the highest becomes master, the others stay backups for good", () => {
  const lan = new Lan({ latencyUs: 100 });
  lan.add("A", "192.0.2.1", engine([vi({ priority: 90 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 200 })]));
  lan.add("C", "192.0.2.3", engine([vi({ priority: 120 })]));
  lan.startAll();
  lan.runUntil(s(60));
  assertEquals(lan.transitions().filter((t) => t.includes("MASTER")), [
    `${downV2(200)} B VI_1 BACKUP→MASTER`,
  ]);
  const adverts = lan.actions("advert");
  assertEquals(new Set(adverts.map((a) => a.router)), new Set(["B"]));
  // B advertises every second after taking over: at Master_Down and 56 more times by t = 60 s.
  assertEquals(adverts.length, 57);
  assertEquals(adverts[1]?.t, downV2(200) + s(1));
});

Deno.test("becoming master emits advert, then VIPs, then GARP, then notify, in that order", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.startAll();
  lan.runUntil(downV2(150));
  const at = lan.trace.filter((e) => e.t === downV2(150) && e.action.type !== "schedule")
    .map((e) => e.action.type);
  assertEquals(at, ["advert", "state", "add-vips", "garp", "notify"]);
  const garp = lan.actions("garp")[0]?.action;
  assertEquals(garp?.repeat, 5);
  assertEquals(lan.fifo(), ['A INSTANCE "VI_1" BACKUP 150', 'A INSTANCE "VI_1" MASTER 150']);
});

Deno.test("a second GARP burst follows garp_master_delay after becoming master", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.startAll();
  lan.runUntil(s(20));
  assertEquals(lan.actions("garp").map((g) => [g.t, g.action.reason, g.action.repeat]), [
    [downV2(150), "master", 5],
    [downV2(150) + s(5), "master-delay", 5],
  ]);
});
