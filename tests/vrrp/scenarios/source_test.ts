import { assertEquals } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi } from "../sim/story.ts";

/** A (150) and B (100) on one LAN; A learns no source address before start when `bare`. */
function pair(bare: boolean): Lan {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  if (bare) lan.send("A", { type: "source-address", instance: "VI_1" });
  lan.startAll();
  return lan;
}

Deno.test("an instance without a source address starts in FAULT, and the other router becomes master", () => {
  const lan = pair(true);
  lan.runUntil(s(5));
  assertEquals(lan.stateOf("A", "VI_1"), "FAULT");
  assertEquals(lan.fifo("A"), ['A INSTANCE "VI_1" FAULT 150']);
  assertEquals(lan.actions("advert", "A").length, 0);
  assertEquals(lan.mastersOf("VI_1"), ["B"]);
});

Deno.test("a source address appearing clears the fault: FAULT → BACKUP, then the higher priority preempts", () => {
  const lan = pair(true);
  lan.at(
    s(10),
    () => lan.send("A", { type: "source-address", instance: "VI_1", address: "192.0.2.1" }),
  );
  lan.runUntil(s(20));
  assertEquals(lan.transitions().filter((t) => t.includes(" A ")).slice(-2), [
    `${s(10)} A VI_1 FAULT→BACKUP`,
    `${s(10) + downV2(150)} A VI_1 BACKUP→MASTER`,
  ]);
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
  assertEquals(lan.router("A").engine.status().instances[0]?.masterAddress, "192.0.2.1");
});

Deno.test("a master losing its last source address goes to FAULT with priority-0 adverts and the backup takes over after Skew_Time", () => {
  const lan = pair(false);
  lan.runUntil(s(8));
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
  lan.at(s(10), () => lan.send("A", { type: "source-address", instance: "VI_1" }));
  lan.runUntil(s(12));
  const atFault = lan.trace.filter((e) =>
    e.router === "A" && e.t === s(10) && e.action.type !== "schedule"
  ).map((e) => e.action.type);
  assertEquals(atFault, ["advert", "advert", "remove-vips", "state", "notify"]);
  assertEquals(lan.stateOf("A", "VI_1"), "FAULT");
  // Skew_Time of priority 100 with a 1 s interval: (256 − 100) / 256 s.
  assertEquals(lan.transitions().at(-1), `${s(10) + 609_375} B VI_1 BACKUP→MASTER`);
});

Deno.test("a master whose source address changes to another one stays master and keeps advertising", () => {
  const lan = pair(false);
  lan.runUntil(s(8));
  const before = lan.transitions().length;
  lan.at(
    s(10),
    () => lan.send("A", { type: "source-address", instance: "VI_1", address: "192.0.2.9" }),
  );
  lan.runUntil(s(15));
  assertEquals(lan.transitions().length, before);
  assertEquals(lan.stateOf("A", "VI_1"), "MASTER");
  assertEquals(lan.actions("advert", "A").filter((a) => a.t > s(10)).length, 5);
});

Deno.test("a reload that brings a new instance without a source starts it in FAULT, never BACKUP first", () => {
  const lan = pair(false);
  lan.runUntil(s(8));
  const config = engine([vi({ priority: 150 }), vi({ name: "VI_2", vrid: 52, priority: 150 })]);
  lan.at(s(10), () => {
    lan.router("A").config = config;
    lan.send("A", { type: "reload", config, sources: new Map([["VI_2", undefined]]) });
  });
  lan.runUntil(s(15));
  assertEquals(lan.stateOf("A", "VI_2"), "FAULT");
  assertEquals(lan.fifo("A").filter((l) => l.includes("VI_2")), ['A INSTANCE "VI_2" FAULT 150']);
  assertEquals(lan.stateOf("A", "VI_1"), "MASTER");
});

Deno.test("a paired instance keeps its missing source across a reload until an address arrives", () => {
  const lan = pair(true);
  lan.runUntil(s(5));
  // The engine event itself: the simulated LAN's reload would also re-announce A's address.
  lan.at(s(6), () => lan.send("A", { type: "reload", config: engine([vi({ priority: 150 })]) }));
  lan.runUntil(s(9));
  assertEquals(lan.stateOf("A", "VI_1"), "FAULT");
  lan.at(
    s(10),
    () => lan.send("A", { type: "source-address", instance: "VI_1", address: "192.0.2.1" }),
  );
  lan.runUntil(s(20));
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
});
