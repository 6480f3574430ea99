import { assertEquals, assertOk } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi } from "../sim/story.ts";

Deno.test("equal priorities: both time out together, the lower address steps down on the first advert", () => {
  const lan = new Lan({ latencyUs: 100 });
  lan.add("A", "192.0.2.1", engine([vi({ priority: 100 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.startAll();
  lan.runUntil(s(10));
  const t = downV2(100);
  assertEquals(lan.transitions().slice(2), [
    `${t} A VI_1 BACKUP→MASTER`,
    `${t} B VI_1 BACKUP→MASTER`,
    `${t + 100} A VI_1 MASTER→BACKUP`,
  ]);
  assertEquals(lan.mastersOf("VI_1"), ["B"]);
});

Deno.test("equal priorities: the winner treats the loser's advert as a lower one and forces an election", () => {
  const lan = new Lan({ latencyUs: 100 });
  lan.add("A", "192.0.2.1", engine([vi({ priority: 100 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.startAll();
  lan.runUntil(s(10));
  const t = downV2(100) + 100;
  assertOk(lan.fifo("B").includes('B INSTANCE "VI_1" MASTER_RX_LOWER_PRI 100'));
  assertEquals(lan.actions("advert", "B").filter((a) => a.t === t).length, 1);
  assertEquals(lan.actions("garp", "B").filter((a) => a.t === t)[0]?.action.reason, "lower-prio");
});

Deno.test("IPv6 addresses are compared word by word for the tie-break", () => {
  const lan = new Lan({ latencyUs: 100 });
  const v6 = (name: string) =>
    vi({
      name,
      version: 3,
      family: "inet6",
      vips: [{ address: "fe80::100", prefix: 64, family: "inet6" }],
    });
  lan.add("A", "fe80::9", engine([v6("VI_6")]));
  lan.add("B", "fe80::1:0", engine([v6("VI_6")]));
  lan.startAll();
  lan.runUntil(s(10));
  assertEquals(lan.mastersOf("VI_6"), ["B"]);
});

Deno.test("a backup accepts an equal-priority master without comparing addresses", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 100 })]));
  lan.add("B", "192.0.2.200", engine([vi({ priority: 100 })]));
  lan.send("A", { type: "start" });
  lan.at(s(10), () => lan.send("B", { type: "start" }));
  lan.runUntil(s(120));
  // B's address is higher, but only a MASTER compares addresses: B stays backup.
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
  assertEquals(lan.transitions().filter((t) => t.includes(" B ")), [`${s(10)} B VI_1 INIT→BACKUP`]);
});
