import { assertEquals, assertOk } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi, vip } from "../sim/story.ts";

/** A (150) master over B (100). */
function pair(): Lan {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.startAll();
  return lan;
}

const quiet = (lan: Lan, router: string, t: number) =>
  lan.trace.filter((e) => e.router === router && e.t === t && e.action.type !== "schedule")
    .map((e) => e.action.type);

Deno.test("reload adding a VIP: the master advertises at once, adds and GARPs only the new VIP, no notify", () => {
  const lan = pair();
  lan.at(s(10.5), () =>
    lan.reload(
      "A",
      engine([vi({ priority: 150, vips: [vip("192.0.2.100"), vip("192.0.2.101")] })]),
    ));
  lan.runUntil(s(12));
  assertEquals(quiet(lan, "A", s(10.5)), ["advert", "add-vips", "garp"]);
  const added = lan.actions("add-vips", "A").at(-1)?.action;
  assertEquals(added?.vips.map((v) => v.address), ["192.0.2.101"]);
  // The next periodic advert is one interval after the reload's, and carries both VIPs.
  const next = lan.actions("advert", "A").find((a) => a.t > s(10.5));
  assertEquals(next?.t, s(11.5));
  assertEquals(next?.action.advert.addresses, ["192.0.2.100", "192.0.2.101"]);
  assertEquals(lan.fifo("A").length, 2);
});

Deno.test("reload removing a VIP from a master deletes just that address", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ vips: [vip("192.0.2.100"), vip("192.0.2.101")] })]));
  lan.startAll();
  lan.at(s(10), () => lan.reload("A", engine([vi({ vips: [vip("192.0.2.100")] })])));
  lan.runUntil(s(11));
  assertEquals(quiet(lan, "A", s(10)), ["advert", "remove-vips"]);
  assertEquals(lan.actions("remove-vips", "A").at(-1)?.action.vips.map((v) => v.address), [
    "192.0.2.101",
  ]);
});

Deno.test("reload lowering the master's priority keeps it master until the backup's Master_Down", () => {
  const lan = pair();
  lan.at(s(10.5), () => lan.reload("A", engine([vi({ priority: 50 })])));
  lan.runUntil(s(20));
  // B last accepted A's advert at 10.414062 s; the reload's advert (50) is already lower.
  const lastAccepted = downV2(150) + s(7);
  assertEquals(lan.transitions().slice(-2), [
    `${lastAccepted + downV2(100)} B VI_1 BACKUP→MASTER`,
    `${lastAccepted + downV2(100)} A VI_1 MASTER→BACKUP`,
  ]);
});

Deno.test("reload pairs instances by VRID and interface, not by name: a rename keeps the state", () => {
  const lan = pair();
  lan.at(s(10), () => lan.reload("A", engine([vi({ name: "WEB", priority: 150 })])));
  lan.runUntil(s(30));
  assertEquals(lan.stateOf("A", "WEB"), "MASTER");
  assertEquals(lan.fifo("A"), ['A INSTANCE "VI_1" BACKUP 150', 'A INSTANCE "VI_1" MASTER 150']);
  assertEquals(lan.mastersOf("VI_1"), []);
  assertEquals(lan.mastersOf("WEB"), ["A"]);
});

Deno.test("reload dropping the master's instance releases it with priority 0: FAULT notify, fast takeover", () => {
  const lan = pair();
  lan.at(s(10), () => lan.reload("A", engine([vi({ name: "OTHER", vrid: 99 })])));
  lan.runUntil(s(15));
  assertEquals(lan.fifo("A").slice(2, 4), [
    'A INSTANCE "VI_1" FAULT 150',
    'A INSTANCE "OTHER" BACKUP 100',
  ]);
  assertEquals(
    lan.transitions().filter((t) => t.includes(" B ")).at(-1),
    `${s(10) + 609_375} B VI_1 BACKUP→MASTER`,
  );
});

Deno.test("reload gives a backup a fresh Master_Down_Timer", () => {
  const lan = pair();
  lan.at(s(10), () => lan.crash("A"));
  lan.at(s(11), () => lan.reload("B", engine([vi({ priority: 100 })])));
  lan.runUntil(s(20));
  assertEquals(lan.transitions().at(-1), `${s(11) + downV2(100)} B VI_1 BACKUP→MASTER`);
});

Deno.test("scripts keep their results across a reload", () => {
  const lan = new Lan();
  const gate = { kind: "script" as const, name: "gate", weight: 0, reverse: false };
  lan.add("A", "192.0.2.1", engine([vi({ trackers: [gate] })]));
  lan.send("A", { type: "tracker", kind: "script", name: "gate", ok: false });
  lan.startAll();
  lan.at(s(5), () => lan.reload("A", engine([vi({ priority: 120, trackers: [gate] })])));
  lan.runUntil(s(10));
  assertEquals(lan.stateOf("A", "VI_1"), "FAULT");
  assertOk(!lan.fifo("A").some((l) => l.includes("BACKUP")));
});

Deno.test("reload: an instance that keeps its name but moves interface is replaced, and what the old one sends is marked retired", () => {
  const lan = pair();
  lan.runUntil(s(6));
  const moved = engine([vi({ priority: 150, interface: "eth1" })]);
  const actions = lan.send("A", { type: "reload", config: moved });
  const held = actions.filter((a) => a.type === "advert" || a.type === "remove-vips")
    .map((a) => `${a.type}${"retired" in a && a.retired ? " retired" : ""}`);
  // The old one's priority 0 and release are marked; the new one's start-up clean-up is not.
  assertEquals(held, ["advert retired", "remove-vips retired", "remove-vips"]);
});
