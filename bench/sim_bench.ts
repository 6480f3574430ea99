/**
 * Engine throughput: one simulated hour of 1,000 VRRP instances advertising every second, on two
 * routers (one master and one backup for every instance) joined by the in-memory LAN of the
 * scenario tests. Target: under 10 s of wall time. Results are recorded in docs/bench.md (Engine).
 *
 * `deno bench -A bench/sim_bench.ts` runs it once as a benchmark; `deno run -A
 * bench/sim_bench.ts --report` prints wall and CPU time (add `--wire` to pass every advert through
 * the real codec and receive checks as bytes).
 *
 * @module
 */

import process from "node:process";
import { Lan } from "../tests/vrrp/sim/lan.ts";
import { type InstanceConfig, instanceConfig } from "../lib/vrrp/engine_config.ts";

const INSTANCES = 1_000;
const HOUR_US = 3_600 * 1_000_000;

function instances(priority: number): InstanceConfig[] {
  return Array.from({ length: INSTANCES }, (_, i) =>
    instanceConfig({
      name: `VI_${i}`,
      vrid: (i % 250) + 1,
      interface: `eth${Math.floor(i / 250)}`,
      priority,
      vips: [{ address: `10.${i >> 8}.${i & 255}.1`, prefix: 24, family: "inet" }],
    }));
}

/** Runs the hour and returns what happened. */
export function simulateHour(wire = false): { actions: number; masters: number } {
  const lan = new Lan({ wire, record: false, latencyUs: 100 });
  lan.add("A", "192.0.2.1", { instances: instances(150), groups: [] });
  lan.add("B", "192.0.2.2", { instances: instances(100), groups: [] });
  lan.startAll();
  lan.runUntil(HOUR_US);
  const masters = lan.router("A").engine.status().instances.filter((i) => i.state === "MASTER");
  return { actions: lan.actionCount, masters: masters.length };
}

Deno.bench({
  name: "one simulated hour: 1,000 instances × 2 routers, 1 s adverts",
  n: 1,
  warmup: 0,
  fn() {
    const r = simulateHour();
    if (r.masters !== INSTANCES) throw new Error(`only ${r.masters} masters`);
  },
});

if (Deno.args.includes("--report")) {
  const wire = Deno.args.includes("--wire");
  const before = process.cpuUsage();
  const t0 = performance.now();
  const r = simulateHour(wire);
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(before);
  console.log(
    `${wire ? "wire" : "engine"}: ${r.actions} actions, ${r.masters} masters; ` +
      `wall ${wall.toFixed(2)} s, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`,
  );
}
