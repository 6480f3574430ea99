import { assertEquals } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { engine, s, vi } from "../sim/story.ts";

const ROUTE = ["198.51.100.0/24", "via", "192.0.2.254"];
const ROUTE2 = ["203.0.113.0/24", "via", "192.0.2.254"];
const RULE = ["from", "192.0.2.100", "table", "100"];

/** A (150) master over B (100), A with routes and rules. */
function pair(routes: string[][], rules: string[][]): Lan {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, routes, rules })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100, routes, rules })]));
  lan.startAll();
  return lan;
}

Deno.test("a new master installs its routes and rules with its VIPs; a leaving one removes them", () => {
  const lan = pair([ROUTE], [RULE]);
  lan.runUntil(s(6));
  const added = lan.actions("add-vips", "A").map((a) => a.action);
  assertEquals(added.length, 1);
  assertEquals(added[0]?.routes, [ROUTE]);
  assertEquals(added[0]?.rules, [RULE]);
  lan.at(s(8), () => lan.send("A", { type: "priority", instance: "VI_1", priority: 50 }));
  lan.runUntil(s(12));
  // A preempted by B (higher now) removes everything it held, and B installs it.
  const removed = lan.actions("remove-vips", "A").map((a) => a.action);
  assertEquals(removed.at(-1)?.routes, [ROUTE]);
  assertEquals(removed.at(-1)?.rules, [RULE]);
  assertEquals(lan.actions("add-vips", "B").at(-1)?.action.routes, [ROUTE]);
});

Deno.test("an instance with routes and no VIPs still installs and removes them", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ vips: [], routes: [ROUTE] })]));
  lan.startAll();
  lan.runUntil(s(5));
  assertEquals(lan.actions("add-vips", "A").map((a) => [a.action.vips, a.action.routes]), [
    [[], [ROUTE]],
  ]);
  lan.send("A", { type: "stop" });
  // Removed at start-up (keepalived clears leftovers of an earlier run) and at the stop.
  assertEquals(lan.actions("remove-vips", "A").map((a) => [a.t, a.action.routes]), [
    [0, [ROUTE]],
    [s(5), [ROUTE]],
  ]);
});

Deno.test("a reload of a master adds only the new routes and removes only the gone ones", () => {
  const lan = pair([ROUTE], [RULE]);
  lan.runUntil(s(6));
  lan.at(
    s(7),
    () => lan.reload("A", engine([vi({ priority: 150, routes: [ROUTE2], rules: [RULE] })])),
  );
  lan.runUntil(s(8));
  const removed = lan.actions("remove-vips", "A").at(-1)?.action;
  assertEquals([removed?.vips, removed?.routes, removed?.rules], [[], [ROUTE], undefined]);
  const added = lan.actions("add-vips", "A").at(-1)?.action;
  assertEquals([added?.vips, added?.routes, added?.rules], [[], [ROUTE2], undefined]);
  // Nothing to GARP: no address was added.
  assertEquals(lan.actions("garp", "A").filter((a) => a.t === s(7)).length, 0);
});
