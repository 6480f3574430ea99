import { assertEquals } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi, vip } from "../sim/story.ts";

Deno.test("garp_master_refresh: bursts at delay + refresh, then every refresh, while master", () => {
  const lan = new Lan();
  lan.add(
    "A",
    "192.0.2.1",
    engine([vi({
      priority: 150,
      garp: {
        masterDelayUs: s(5),
        masterRepeat: 5,
        masterRefreshUs: s(10),
        masterRefreshRepeat: 2,
        lowerPrioDelayUs: s(5),
        lowerPrioRepeat: 5,
      },
    })]),
  );
  lan.startAll();
  lan.runUntil(downV2(150) + s(36));
  const t = downV2(150);
  assertEquals(lan.actions("garp").map((g) => [g.t - t, g.action.reason, g.action.repeat]), [
    [0, "master", 5],
    [s(5), "master-delay", 5],
    [s(15), "refresh", 2],
    [s(25), "refresh", 2],
    [s(35), "refresh", 2],
  ]);
});

Deno.test("a burst covers the VIPs then the excluded VIPs, in configuration order", () => {
  const lan = new Lan();
  lan.add(
    "A",
    "192.0.2.1",
    engine([vi({
      vips: [vip("192.0.2.100"), vip("192.0.2.101")],
      excludedVips: [vip("198.51.100.7")],
    })]),
  );
  lan.startAll();
  lan.runUntil(s(4));
  assertEquals(lan.actions("garp")[0]?.action.addresses.map((a) => a.address), [
    "192.0.2.100",
    "192.0.2.101",
    "198.51.100.7",
  ]);
  const add = lan.actions("add-vips")[0]?.action;
  assertEquals([add?.vips.length, add?.excluded.length], [2, 1]);
});

Deno.test("stepping down cancels the pending second GARP burst", () => {
  const lan = new Lan();
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.send("B", { type: "start" });
  // A joins so that it preempts B 2 s after B became master, before B's 5 s second burst.
  lan.at(downV2(100) + s(2) - downV2(150), () => lan.send("A", { type: "start" }));
  lan.runUntil(s(20));
  assertEquals(lan.actions("garp", "B").map((g) => g.action.reason), ["master"]);
  assertEquals(lan.actions("garp", "A").map((g) => g.action.reason), ["master", "master-delay"]);
});

Deno.test("vrrp_startup_delay: adverts are ignored during the delay and timers start after it", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.add("B", "192.0.2.2", { ...engine([vi({ priority: 200 })]), startupDelayUs: s(5) });
  lan.send("A", { type: "start" });
  lan.at(s(10), () => lan.send("B", { type: "start" }));
  lan.runUntil(s(30));
  assertEquals(lan.transitions().slice(-2), [
    `${s(15) + downV2(200)} B VI_1 BACKUP→MASTER`,
    `${s(15) + downV2(200)} A VI_1 MASTER→BACKUP`,
  ]);
});
