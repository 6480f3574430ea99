import { assertEquals } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi } from "../sim/story.ts";

Deno.test("an address owner (255, state MASTER) takes over 1 µs after start, and the master yields", () => {
  const lan = new Lan();
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.add("O", "192.0.2.1", engine([vi({ priority: 255, wantMaster: true })]));
  lan.send("B", { type: "start" });
  lan.at(s(10), () => lan.send("O", { type: "start" }));
  lan.runUntil(s(20));
  assertEquals(lan.transitions().slice(-3), [
    `${s(10)} O VI_1 INIT→BACKUP`,
    `${s(10) + 1} O VI_1 BACKUP→MASTER`,
    `${s(10) + 1} B VI_1 MASTER→BACKUP`,
  ]);
  assertEquals(lan.actions("advert", "O")[0]?.action.advert.priority, 255);
});

Deno.test("an owner's priority never moves with weighted trackers", () => {
  const lan = new Lan();
  const chk = { kind: "script" as const, name: "chk", weight: -50, reverse: false };
  lan.add("O", "192.0.2.1", engine([vi({ priority: 255, wantMaster: true, trackers: [chk] })]));
  lan.startAll();
  lan.at(s(5), () => lan.send("O", { type: "tracker", kind: "script", name: "chk", ok: false }));
  lan.runUntil(s(8));
  assertEquals(lan.actions("priority"), []);
  assertEquals(new Set(lan.actions("advert").map((a) => a.action.advert.priority)), new Set([255]));
});

Deno.test("a backup facing an owner waits Master_Down after the owner's last advert", () => {
  const lan = new Lan();
  lan.add("O", "192.0.2.1", engine([vi({ priority: 255, wantMaster: true })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 254 })]));
  lan.startAll();
  lan.at(s(10), () => lan.crash("O"));
  lan.runUntil(s(20));
  const last = lan.actions("advert", "O").at(-1)?.t ?? 0;
  assertEquals(last, s(9) + 1);
  assertEquals(lan.transitions().at(-1), `${last + downV2(254)} B VI_1 BACKUP→MASTER`);
});

Deno.test("two owners with owner_ignore_adverts never hear each other and both stay master", () => {
  const lan = new Lan();
  const owner = vi({ priority: 255, wantMaster: true, ownerIgnoreAdverts: true });
  lan.add("O1", "192.0.2.1", engine([owner]));
  lan.add("O2", "192.0.2.2", engine([owner]));
  lan.startAll();
  lan.runUntil(s(10));
  assertEquals(lan.mastersOf("VI_1"), ["O1", "O2"]);
  assertEquals(new Set(lan.drops.map((d) => d.reason)), new Set(["owner-ignore"]));
});

Deno.test("two owners: the lower address yields by the tie-break, nothing else changes", () => {
  const lan = new Lan({ latencyUs: 100 });
  lan.add("O1", "192.0.2.1", engine([vi({ priority: 255, wantMaster: true })]));
  lan.add("O2", "192.0.2.2", engine([vi({ priority: 255, wantMaster: true })]));
  lan.startAll();
  lan.runUntil(s(10));
  assertEquals(lan.transitions().slice(-1), ["101 O1 VI_1 MASTER→BACKUP"]);
  assertEquals(lan.mastersOf("VI_1"), ["O2"]);
  assertEquals(lan.actions("priority"), []);
});

Deno.test("an owner whose rival never yields lowers itself to 254, and is 255 again as master", () => {
  const lan = new Lan({ latencyUs: 100 });
  lan.add(
    "O1",
    "192.0.2.1",
    engine([vi({ priority: 255, wantMaster: true, ownerIgnoreAdverts: true })]),
  );
  lan.add("O2", "192.0.2.2", engine([vi({ priority: 255, wantMaster: true })]));
  lan.startAll();
  lan.at(s(10), () => lan.crash("O1"));
  lan.runUntil(s(20));
  // O2 sees O1's 255 advert at 101 µs (window of 1.2 s opens), and again at 1.000101 s.
  const last = lan.actions("advert", "O1").at(-1)?.t ?? 0;
  const takeover = last + 100 + downV2(254);
  assertEquals(lan.transitions().slice(-2), [
    "1000101 O2 VI_1 MASTER→BACKUP",
    `${takeover} O2 VI_1 BACKUP→MASTER`,
  ]);
  assertEquals(lan.actions("priority", "O2").map((p) => [p.t, p.action.to]), [
    [1_000_101, 254],
    [takeover, 255],
  ]);
  const fromO2 = lan.actions("advert", "O2").filter((a) => a.t >= takeover).map((a) =>
    a.action.advert.priority
  );
  assertEquals(fromO2.slice(0, 2), [254, 255]);
});
