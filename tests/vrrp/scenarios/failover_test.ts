import { assertEquals } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi } from "../sim/story.ts";

/** A (150) and B (100) on one LAN; A is master from 3.414062 s. */
function pair(bPriority = 100): Lan {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: bPriority })]));
  lan.startAll();
  return lan;
}

Deno.test("master crash: the backup takes over exactly Master_Down_Interval after the last advert", () => {
  const lan = pair();
  lan.at(s(10), () => lan.crash("A"));
  lan.runUntil(s(20));
  const lastFromA = lan.actions("advert", "A").at(-1)?.t ?? 0;
  assertEquals(lastFromA, downV2(150) + s(6));
  assertEquals(lan.transitions().slice(-1), [`${lastFromA + downV2(100)} B VI_1 BACKUP→MASTER`]);
  assertEquals(lastFromA + downV2(100), 13_023_437);
});

Deno.test("graceful stop: one counted priority-0 advert, and the backup takes over after Skew_Time", () => {
  const lan = pair();
  lan.at(s(10), () => lan.send("A", { type: "stop" }));
  lan.runUntil(s(20));
  const fromA = lan.trace.filter((e) => e.router === "A" && e.t === s(10))
    .map((e) => e.action.type).filter((t) => t !== "schedule");
  assertEquals(fromA, ["advert", "remove-vips", "state", "notify"]);
  const zero = lan.actions("advert", "A").at(-1)?.action;
  assertEquals([zero?.advert.priority, zero?.priZeroCounted], [0, true]);
  // Skew_Time for priority 100 is 0.609375 s (observed takeover ≈0.61 s).
  assertEquals(lan.transitions().slice(-2), [
    `${s(10)} A VI_1 MASTER→STOP`,
    `${s(10) + 609_375} B VI_1 BACKUP→MASTER`,
  ]);
});

Deno.test("graceful stop with a priority-90 backup: takeover after 0.648 s", () => {
  const lan = pair(90);
  lan.at(s(10), () => lan.send("A", { type: "stop" }));
  lan.runUntil(s(20));
  assertEquals(lan.transitions().at(-1), `${s(10) + 648_437} B VI_1 BACKUP→MASTER`);
});

Deno.test("three routers: when the master dies the next highest priority takes over, not the lowest", () => {
  const lan = new Lan({ latencyUs: 50 });
  lan.add("A", "192.0.2.1", engine([vi({ priority: 200 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 150 })]));
  lan.add("C", "192.0.2.3", engine([vi({ priority: 100 })]));
  lan.startAll();
  lan.at(s(20), () => lan.crash("A"));
  lan.runUntil(s(40));
  const masters = lan.transitions().filter((t) => t.endsWith("→MASTER"));
  const lastFromA = lan.actions("advert", "A").at(-1)?.t ?? 0;
  assertEquals(masters, [
    `${downV2(200)} A VI_1 BACKUP→MASTER`,
    `${lastFromA + 50 + downV2(150)} B VI_1 BACKUP→MASTER`,
  ]);
  assertEquals(lan.stateOf("C", "VI_1"), "BACKUP");
});

Deno.test("a crashed master that comes back preempts the backup again", () => {
  const lan = pair();
  lan.at(s(10), () => lan.crash("A"));
  lan.at(s(30), () => lan.restart("A"));
  lan.runUntil(s(40));
  const t = lan.transitions();
  // Restarted at 30 s, A ignores B's lower adverts and takes over at its own Master_Down.
  assertEquals(t.slice(-3), [
    `${s(30)} A VI_1 INIT→BACKUP`,
    `${s(30) + downV2(150)} A VI_1 BACKUP→MASTER`,
    `${s(30) + downV2(150)} B VI_1 MASTER→BACKUP`,
  ]);
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
});

Deno.test("an instance deleted at reload while master releases with priority 0", () => {
  const lan = pair();
  lan.at(s(10), () => lan.send("A", { type: "delete", instance: "VI_1" }));
  lan.runUntil(s(12));
  assertEquals(lan.fifo("A").at(-1), 'A INSTANCE "VI_1" FAULT 150');
  assertEquals(lan.transitions().slice(-2), [
    `${s(10)} A VI_1 MASTER→DELETED`,
    `${s(10) + 609_375} B VI_1 BACKUP→MASTER`,
  ]);
});

Deno.test("a VIP deleted from outside: the master steps down with priority 0 and is back after its Skew_Time", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.startAll();
  lan.runUntil(s(8));
  lan.at(s(10), () => lan.send("A", { type: "address-lost", instance: "VI_1" }));
  lan.runUntil(s(12));
  const atLoss = lan.trace.filter((e) =>
    e.router === "A" && e.t === s(10) && e.action.type !== "schedule"
  ).map((e) => e.action.type);
  assertEquals(atLoss, ["advert", "remove-vips", "state", "notify"]);
  // Skew_Time of 150 at 1 s: (256 − 150) / 256 s = 414 062 µs; B's would be 609 375 µs.
  assertEquals(lan.transitions().slice(-2), [
    `${s(10)} A VI_1 MASTER→BACKUP`,
    `${s(10) + 414_062} A VI_1 BACKUP→MASTER`,
  ]);
  assertEquals(lan.actions("add-vips", "A").at(-1)?.t, s(10) + 414_062);
  assertEquals(lan.router("A").engine.status().instances[0]?.stats.priZeroSent, 1);
});

Deno.test("a VIP lost on a backup, or before start, changes nothing", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.send("A", { type: "address-lost", instance: "VI_1" });
  lan.startAll();
  lan.runUntil(s(8));
  const before = lan.transitions().length;
  lan.at(s(9), () => lan.send("B", { type: "address-lost", instance: "VI_1" }));
  lan.runUntil(s(12));
  assertEquals(lan.transitions().length, before);
});
