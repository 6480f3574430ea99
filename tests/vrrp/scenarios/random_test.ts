import fc from "fast-check";
import { assertEquals, assertOk } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { engine, s, vi } from "../sim/story.ts";
import type { TrackerSpec } from "../../../lib/vrrp/priority.ts";

const ROUTERS = [
  { name: "A", address: "192.0.2.1", priority: 200 },
  { name: "B", address: "192.0.2.2", priority: 150 },
  { name: "C", address: "192.0.2.3", priority: 100 },
];
const TRACKERS: TrackerSpec[] = [
  { kind: "script", name: "gate", weight: 0, reverse: false },
  { kind: "script", name: "load", weight: -120, reverse: false },
  { kind: "interface", name: "eth1", weight: 30, reverse: false },
];

type Step =
  | { at: number; router: number; what: "crash" | "restart" | "stop" | "ifdown" | "ifup" }
  | { at: number; router: number; what: "gate" | "load"; ok: boolean }
  | { at: number; router: number; what: "priority" | "reload"; priority: number }
  | { at: number; router: number; what: "partition" | "heal" }
  | { at: number; router: number; what: "loss"; loss: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    at: fc.integer({ min: 1, max: 60_000_000 }),
    router: fc.integer({ min: 0, max: 2 }),
    what: fc.constantFrom("crash", "restart", "stop", "ifdown", "ifup", "partition", "heal"),
  }) as fc.Arbitrary<Step>,
  fc.record({
    at: fc.integer({ min: 1, max: 60_000_000 }),
    router: fc.integer({ min: 0, max: 2 }),
    what: fc.constantFrom("gate", "load"),
    ok: fc.boolean(),
  }) as fc.Arbitrary<Step>,
  fc.record({
    at: fc.integer({ min: 1, max: 60_000_000 }),
    router: fc.integer({ min: 0, max: 2 }),
    what: fc.constantFrom("priority", "reload"),
    priority: fc.integer({ min: 1, max: 254 }),
  }) as fc.Arbitrary<Step>,
  fc.record({
    at: fc.integer({ min: 1, max: 60_000_000 }),
    router: fc.integer({ min: 0, max: 2 }),
    what: fc.constant("loss"),
    loss: fc.constantFrom(0, 0.2, 0.6),
  }) as fc.Arbitrary<Step>,
);

function healthy(lan: Lan, name: string): void {
  lan.send(name, { type: "tracker", kind: "script", name: "gate", ok: true });
  lan.send(name, { type: "tracker", kind: "script", name: "load", ok: true });
  lan.send(name, { type: "interface", name: "eth1", up: true });
  lan.send(name, { type: "interface", name: "eth0", up: true });
}

function play(steps: Step[], seed: number): Lan {
  const lan = new Lan({ seed, latencyUs: 300, jitterUs: 700 });
  for (const r of ROUTERS) {
    lan.add(r.name, r.address, engine([vi({ priority: r.priority, trackers: TRACKERS })]));
    healthy(lan, r.name);
  }
  lan.startAll();
  for (const st of steps) {
    const name = ROUTERS[st.router]?.name ?? "A";
    lan.at(st.at, () => {
      switch (st.what) {
        case "crash":
          return lan.crash(name);
        case "restart":
          lan.restart(name);
          return healthy(lan, name);
        case "stop":
          return void lan.send(name, { type: "stop" });
        case "ifdown":
        case "ifup":
          return void lan.send(name, { type: "interface", name: "eth0", up: st.what === "ifup" });
        case "gate":
        case "load":
          return void lan.send(name, { type: "tracker", kind: "script", name: st.what, ok: st.ok });
        case "priority":
          return void lan.send(name, { type: "priority", instance: "VI_1", priority: st.priority });
        case "reload":
          if (!lan.router(name).up) return;
          return void lan.reload(name, engine([vi({ priority: st.priority, trackers: TRACKERS })]));
        case "partition":
          return lan.partition([[name], ROUTERS.map((r) => r.name).filter((n) => n !== name)]);
        case "heal":
          return lan.heal();
        case "loss":
          lan.loss = st.loss;
      }
    });
  }
  // Then the world is repaired: everyone back, healthy, at its configured priority, lossless.
  lan.at(s(61), () => {
    lan.heal();
    lan.loss = 0;
    for (const r of ROUTERS) {
      const st = lan.router(r.name).engine.status().instances[0]?.state;
      if (!lan.router(r.name).up || st === "STOP") lan.restart(r.name);
      healthy(lan, r.name);
      lan.send(r.name, { type: "priority", instance: "VI_1", priority: r.priority });
    }
  });
  lan.runUntil(s(80));
  return lan;
}

Deno.test("random failures: transitions stay in the table, VIPs follow MASTER, one master after repair", () => {
  fc.assert(
    fc.property(
      fc.array(step, { maxLength: 14 }),
      fc.integer({ min: 1, max: 1000 }),
      (steps, seed) => {
        const lan = play(steps, seed);
        // Exactly the highest configured priority is master once the world is repaired.
        assertEquals(lan.mastersOf("VI_1"), ["A"]);
        // VIPs are installed exactly while an engine says MASTER (per engine incarnation).
        for (const r of ROUTERS) {
          let installed = false;
          for (const e of lan.trace) {
            if (e.router !== r.name) continue;
            if (e.action.type === "add-vips") installed = true;
            if (e.action.type === "remove-vips") installed = false;
            if (e.action.type === "state" && e.action.from === "INIT") installed = false;
          }
          assertEquals(installed, lan.stateOf(r.name, "VI_1") === "MASTER", r.name);
        }
        // Every state change of a lone instance is announced by a notify for that state.
        const trace = lan.trace;
        trace.forEach((e, i) => {
          if (e.action.type !== "state" || e.action.scope !== "instance") return;
          if (e.action.to === "INIT" || e.action.to === "DELETED") return;
          const to = e.action.to;
          const n = trace.slice(i + 1).find((x) =>
            x.router === e.router && x.action.type === "notify"
          );
          assertOk(
            n?.action.type === "notify" && n.action.state === to,
            `${e.t} ${e.router} → ${to}`,
          );
        });
      },
    ),
    { numRuns: 40, seed: 20261129 },
  );
});
