import { assertEquals } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi } from "../sim/story.ts";
import type { TrackerSpec } from "../../../lib/vrrp/priority.ts";

const script = (name: string, weight: number, reverse = false): TrackerSpec => ({
  kind: "script",
  name,
  weight,
  reverse,
});

/** A (150, tracking `trackers`) is master over B (100); scripts report ok before start. */
function tracked(trackers: TrackerSpec[]): Lan {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, trackers })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  for (const t of trackers) {
    if (t.kind === "script") {
      lan.send("A", { type: "tracker", kind: "script", name: t.name, ok: true });
    }
  }
  lan.startAll();
  return lan;
}

Deno.test("a weight-0 script failing on the master: two priority-0 adverts, VIPs removed, FAULT", () => {
  const lan = tracked([script("chk", 0)]);
  lan.at(s(10), () => lan.send("A", { type: "tracker", kind: "script", name: "chk", ok: false }));
  lan.runUntil(s(12));
  const atFault = lan.trace.filter((e) =>
    e.router === "A" && e.t === s(10) && e.action.type !== "schedule"
  );
  assertEquals(atFault.map((e) => e.action.type), [
    "advert",
    "advert",
    "remove-vips",
    "state",
    "notify",
  ]);
  const zeros = lan.actions("advert", "A").filter((a) => a.t === s(10)).map((
    a,
  ) => [a.action.advert.priority, a.action.priZeroCounted ?? false]);
  assertEquals(zeros, [[0, false], [0, true]]);
  assertEquals(lan.router("A").engine.status().instances[0]?.stats.priZeroSent, 1);
  assertEquals(lan.transitions().at(-1), `${s(10) + 609_375} B VI_1 BACKUP→MASTER`);
});

Deno.test("the script recovers: FAULT → BACKUP with a notify, then A preempts back", () => {
  const lan = tracked([script("chk", 0)]);
  lan.at(s(10), () => lan.send("A", { type: "tracker", kind: "script", name: "chk", ok: false }));
  lan.at(s(20), () => lan.send("A", { type: "tracker", kind: "script", name: "chk", ok: true }));
  lan.runUntil(s(30));
  assertEquals(lan.transitions().slice(-4), [
    `${s(10) + 609_375} B VI_1 BACKUP→MASTER`,
    `${s(20)} A VI_1 FAULT→BACKUP`,
    `${s(20) + downV2(150)} A VI_1 BACKUP→MASTER`,
    `${s(20) + downV2(150)} B VI_1 MASTER→BACKUP`,
  ]);
  assertEquals(lan.fifo("A"), [
    'A INSTANCE "VI_1" BACKUP 150',
    'A INSTANCE "VI_1" MASTER 150',
    'A INSTANCE "VI_1" FAULT 150',
    'A INSTANCE "VI_1" BACKUP 150',
    'A INSTANCE "VI_1" MASTER 150',
  ]);
});

Deno.test("weight-0 with reverse: the script succeeding is the fault", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ trackers: [script("maint", 0, true)] })]));
  lan.send("A", { type: "tracker", kind: "script", name: "maint", ok: false });
  lan.startAll();
  lan.at(s(10), () => lan.send("A", { type: "tracker", kind: "script", name: "maint", ok: true }));
  lan.runUntil(s(11));
  assertEquals(lan.stateOf("A", "VI_1"), "FAULT");
});

Deno.test("scripts failing one by one move a master's priority 92→72→112→102→132 and adverts carry it", () => {
  const lan = new Lan();
  const scripts = [
    script("r30", 30, true),
    script("p10", 10),
    script("m20", -20),
    script("m40r", -40, true),
  ];
  // The spec (§3.2) gives the observed priorities; a base of 112 makes "all ok" the observed 92.
  lan.add(
    "A",
    "192.0.2.1",
    engine([vi({ priority: 112, trackers: scripts, notifyPriorityChanges: true })]),
  );
  for (const t of scripts) {
    lan.send("A", { type: "tracker", kind: "script", name: t.name, ok: true });
  }
  lan.startAll();
  ["m20", "m40r", "p10", "r30"].forEach((name, i) =>
    lan.at(s(10 + i), () => lan.send("A", { type: "tracker", kind: "script", name, ok: false }))
  );
  for (const [i, t] of scripts.entries()) {
    lan.at(
      s(20 + i),
      () => lan.send("A", { type: "tracker", kind: "script", name: t.name, ok: true }),
    );
  }
  lan.runUntil(s(30));
  const seen = lan.actions("priority", "A").map((p) => p.action.to);
  assertEquals(seen.slice(0, 4), [72, 112, 102, 132]);
  assertEquals(seen.at(-1), 92);
  assertEquals(lan.fifo("A").filter((l) => l.includes("PRIORITY")).slice(0, 2), [
    'A INSTANCE "VI_1" MASTER_PRIORITY 72',
    'A INSTANCE "VI_1" MASTER_PRIORITY 112',
  ]);
  // Nothing is sent at the change: the next periodic advert carries the new priority.
  const adverts = lan.actions("advert", "A").filter((a) => a.t > s(10) && a.t < s(11));
  assertEquals(adverts.map((a) => a.action.advert.priority), [72]);
});

Deno.test("a track file adds value × weight and faults at −254", () => {
  const lan = new Lan();
  const file: TrackerSpec = { kind: "file", name: "prio", weight: 10, reverse: false };
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, trackers: [file] })]));
  lan.startAll();
  lan.at(s(5), () => lan.send("A", { type: "tracker", kind: "file", name: "prio", value: 3 }));
  lan.at(s(6), () => lan.send("A", { type: "tracker", kind: "file", name: "prio", value: -26 }));
  lan.at(s(7), () => lan.send("A", { type: "tracker", kind: "file", name: "prio", value: -5 }));
  lan.runUntil(s(8));
  assertEquals(lan.actions("priority", "A").map((p) => [p.t, p.action.to]), [
    [s(5), 180],
    [s(6), 150], // −260 clamps to −254: a FAULT, the file adds nothing
    [s(7), 100],
  ]);
  assertEquals(lan.transitions().slice(-2), [
    `${s(6)} A VI_1 MASTER→FAULT`,
    `${s(7)} A VI_1 FAULT→BACKUP`,
  ]);
});

Deno.test("the master's own interface going down is a FAULT; coming back is BACKUP", () => {
  const lan = tracked([]);
  lan.at(s(10), () => lan.send("A", { type: "interface", name: "eth0", up: false }));
  lan.at(s(15), () => lan.send("A", { type: "interface", name: "eth0", up: true }));
  lan.runUntil(s(16));
  assertEquals(lan.transitions().filter((t) => t.includes(" A ")).slice(-2), [
    `${s(10)} A VI_1 MASTER→FAULT`,
    `${s(15)} A VI_1 FAULT→BACKUP`,
  ]);
});

Deno.test("a weighted tracked interface lowers the priority and hands mastership over", () => {
  const lan = new Lan();
  const eth1: TrackerSpec = { kind: "interface", name: "eth1", weight: -50, reverse: false };
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, trackers: [eth1] })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 120 })]));
  lan.startAll();
  lan.at(s(10), () => lan.send("A", { type: "interface", name: "eth1", up: false }));
  lan.runUntil(s(20));
  const lastAccepted = downV2(150) + s(6);
  assertEquals(lan.transitions().slice(-2), [
    `${lastAccepted + downV2(120)} B VI_1 BACKUP→MASTER`,
    `${lastAccepted + downV2(120)} A VI_1 MASTER→BACKUP`,
  ]);
});

Deno.test("a weight-0 script without a result holds the instance silently in INIT", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ trackers: [script("chk", 0)] })]));
  lan.startAll();
  lan.at(s(2), () => lan.send("A", { type: "tracker", kind: "script", name: "chk", ok: true }));
  lan.runUntil(s(10));
  assertEquals(lan.transitions(), [
    `${s(2)} A VI_1 INIT→BACKUP`,
    `${s(2) + downV2(100)} A VI_1 BACKUP→MASTER`,
  ]);
  assertEquals(lan.fifo()[0], 'A INSTANCE "VI_1" BACKUP 100');
});

Deno.test("a weight-0 script whose first result is a failure puts the instance in FAULT", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ trackers: [script("chk", 0)] })]));
  lan.startAll();
  lan.at(s(1), () => lan.send("A", { type: "tracker", kind: "script", name: "chk", ok: false }));
  lan.runUntil(s(10));
  assertEquals(lan.transitions(), [`${s(1)} A VI_1 INIT→FAULT`]);
  assertEquals(lan.fifo(), ['A INSTANCE "VI_1" FAULT 100']);
});
