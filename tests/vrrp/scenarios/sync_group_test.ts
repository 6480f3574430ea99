import { assertEquals, assertOk } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi, vip } from "../sim/story.ts";
import type { InstanceConfig } from "../../../lib/vrrp/engine_config.ts";
import type { TrackerSpec } from "../../../lib/vrrp/priority.ts";

/** VI_1 (VRID 51) and VI_2 (VRID 52) in sync group G, at one priority. */
function grouped(priority: number, extra: Partial<InstanceConfig>[] = [{}, {}]) {
  return engine(
    [
      vi({ name: "VI_1", vrid: 51, priority, syncGroup: "G", ...extra[0] }),
      vi({
        name: "VI_2",
        vrid: 52,
        priority,
        syncGroup: "G",
        vips: [vip("192.0.2.200")],
        ...extra[1],
      }),
    ],
    [{ name: "G", members: ["VI_1", "VI_2"], notify: {} }],
  );
}

const chk2: TrackerSpec = { kind: "script", name: "chk2", weight: 0, reverse: false };

function pairOfGroups(): Lan {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", grouped(150, [{}, { trackers: [chk2] }]));
  lan.add("B", "192.0.2.2", grouped(100));
  lan.send("A", { type: "tracker", kind: "script", name: "chk2", ok: true });
  lan.startAll();
  return lan;
}

Deno.test("start-up: the group notifies BACKUP before its instances", () => {
  const lan = pairOfGroups();
  assertEquals(lan.fifo("B"), [
    'B GROUP "G" BACKUP 0',
    'B INSTANCE "VI_1" BACKUP 100',
    'B INSTANCE "VI_2" BACKUP 100',
  ]);
});

Deno.test("the last member to time out triggers the group: VI_2, then VI_1, then the group", () => {
  const lan = pairOfGroups();
  lan.runUntil(s(5));
  const t = downV2(150);
  assertEquals(lan.fifo("A").slice(3), [
    'A INSTANCE "VI_2" MASTER 150',
    'A INSTANCE "VI_1" MASTER 150',
    'A GROUP "G" MASTER 0',
  ]);
  assertEquals(lan.transitions("group").at(-1), `${t} A G BACKUP→MASTER`);
  // VI_1 timed out first and only recorded its wish, re-arming its Master_Down.
  const firstTimeout = lan.actions("schedule", "A").find((x) =>
    x.t === t && x.action.instance === "VI_1" && x.action.timer === "Master_Down_Timer"
  );
  assertEquals(firstTimeout?.action.at, t + downV2(150));
});

Deno.test("one member faults: it releases twice, the other once, then the group reports FAULT", () => {
  const lan = pairOfGroups();
  lan.at(s(10), () => lan.send("A", { type: "tracker", kind: "script", name: "chk2", ok: false }));
  lan.runUntil(s(11));
  const atFault = lan.trace.filter((e) => e.router === "A" && e.t === s(10))
    .filter((e) => e.action.type !== "schedule" && e.action.type !== "state")
    .map((e) =>
      e.action.type === "advert"
        ? `advert ${e.action.instance} ${e.action.advert.priority}`
        : e.action.type === "notify"
        ? e.action.fifo
        : `${e.action.type} ${"instance" in e.action ? e.action.instance : ""}`
    );
  assertEquals(atFault, [
    "advert VI_2 0",
    "advert VI_2 0",
    "remove-vips VI_2",
    'INSTANCE "VI_2" FAULT 150',
    "advert VI_1 0",
    "remove-vips VI_1",
    'INSTANCE "VI_1" FAULT 150',
    'GROUP "G" FAULT 0',
  ]);
});

Deno.test("after a member fault the peer group takes over after Skew_Time, both members together", () => {
  const lan = pairOfGroups();
  lan.at(s(10), () => lan.send("A", { type: "tracker", kind: "script", name: "chk2", ok: false }));
  lan.runUntil(s(12));
  const t = s(10) + 609_375;
  // VI_2's priority-0 adverts came first, so VI_2 times out first and waits; VI_1 triggers.
  assertEquals(lan.transitions().filter((x) => x.includes(" B ")).slice(-2), [
    `${t} B VI_1 BACKUP→MASTER`,
    `${t} B VI_2 BACKUP→MASTER`,
  ]);
  assertEquals(lan.transitions("group").at(-1), `${t} B G BACKUP→MASTER`);
});

Deno.test("the member recovers: the whole group comes back to BACKUP, group last, then preempts", () => {
  const lan = pairOfGroups();
  lan.at(s(10), () => lan.send("A", { type: "tracker", kind: "script", name: "chk2", ok: false }));
  lan.at(s(20), () => lan.send("A", { type: "tracker", kind: "script", name: "chk2", ok: true }));
  lan.runUntil(s(30));
  assertEquals(lan.fifo("A").slice(9, 12), [
    'A INSTANCE "VI_2" BACKUP 150',
    'A INSTANCE "VI_1" BACKUP 150',
    'A GROUP "G" BACKUP 0',
  ]);
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
  assertEquals(lan.mastersOf("VI_2"), ["A"]);
  assertEquals(lan.router("B").engine.status().groups, [{ name: "G", state: "BACKUP" }]);
});

Deno.test("one member beaten by a better master pulls the other member down without an advert", () => {
  const lan = pairOfGroups();
  lan.add("C", "192.0.2.3", engine([vi({ name: "VI_1", vrid: 51, priority: 200 })]));
  lan.at(s(10), () => lan.send("C", { type: "start" }));
  lan.runUntil(s(20));
  const t = s(10) + downV2(200);
  const fromA = lan.trace.filter((e) =>
    e.router === "A" && e.t === t && e.action.type !== "schedule"
  );
  assertEquals(fromA.map((e) => e.action.type), [
    "remove-vips",
    "state",
    "notify",
    "remove-vips",
    "state",
    "notify",
    "state",
    "notify",
  ]);
  assertEquals(lan.fifo("A").slice(-3), [
    'A INSTANCE "VI_1" BACKUP 150',
    'A INSTANCE "VI_2" BACKUP 150',
    'A GROUP "G" BACKUP 0',
  ]);
  assertOk(!fromA.some((e) => e.action.type === "advert"));
});

Deno.test("start-up with a pending weight-0 script: the member that leaves INIT first, then the rest, then the group", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", grouped(100, [{}, { trackers: [chk2] }]));
  lan.startAll();
  assertEquals(lan.fifo("A"), []);
  lan.at(s(1), () => lan.send("A", { type: "tracker", kind: "script", name: "chk2", ok: true }));
  lan.runUntil(s(2));
  assertEquals(lan.fifo("A"), [
    'A INSTANCE "VI_2" BACKUP 100',
    'A INSTANCE "VI_1" BACKUP 100',
    'A GROUP "G" BACKUP 0',
  ]);
});

Deno.test("start-up with a member down: that member, then the others, then the group (keepalived 2.2.7)", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", grouped(100, [{}, { interface: "eth1" }]));
  lan.send("A", { type: "interface", name: "eth1", up: false });
  lan.startAll();
  // keepalived applies the fault while loading, in the run-time order: the faulty member first,
  // the other members in group order, the group last (checked against its fork order in
  // tests/interop/notify_order_test.ts).
  assertEquals(lan.fifo("A"), [
    'A INSTANCE "VI_2" FAULT 100',
    'A INSTANCE "VI_1" FAULT 100',
    'A GROUP "G" FAULT 0',
  ]);
});

Deno.test("a VIP of one member deleted from outside bounces the whole group: every master steps down, then comes back", () => {
  const lan = pairOfGroups();
  lan.runUntil(s(8));
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
  const before = lan.fifo("A").length;
  lan.at(s(10), () => lan.send("A", { type: "address-lost", instance: "VI_2" }));
  lan.runUntil(s(12));
  assertEquals(lan.fifo("A").slice(before, before + 3), [
    'A INSTANCE "VI_2" BACKUP 150',
    'A INSTANCE "VI_1" BACKUP 150',
    'A GROUP "G" BACKUP 0',
  ]);
  const zeros = lan.actions("advert", "A").filter((a) => a.t === s(10));
  assertEquals(zeros.map((a) => a.action.advert.priority), [0, 0]);
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
  assertEquals(lan.mastersOf("VI_2"), ["A"]);
});
