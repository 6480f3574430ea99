import { assertEquals } from "../assert.ts";
import {
  applyWeightRule,
  clampPriority,
  computePriority,
  groupTrackers,
  trackerContribution,
  type TrackerReading,
  type TrackerSpec,
} from "../../lib/vrrp/priority.ts";

const spec = (
  kind: TrackerSpec["kind"],
  name: string,
  weight: number,
  reverse = false,
): TrackerSpec => ({ kind, name, weight, reverse });

Deno.test("an interface tracked with weight 7 that is up lifts base 100 to 107", () => {
  const p = computePriority(100, [{ spec: spec("interface", "lo", 7), reading: { ok: true } }]);
  assertEquals(p.effective, 107);
});

Deno.test("failing scripts one by one move the priority 92→72→112→102→132, recovery gives 92", () => {
  // The spec records the observed priorities (§3.2); it does not say where the other +12 came
  // from, so the base here is the one that makes all-ok equal the observed 92.
  const scripts = [
    spec("script", "r30", 30, true),
    spec("script", "p10", 10),
    spec("script", "m20", -20),
    spec("script", "m40r", -40, true),
  ];
  const ok: Record<string, boolean> = { r30: true, p10: true, m20: true, m40r: true };
  const prio = () =>
    computePriority(112, scripts.map((s) => ({ spec: s, reading: { ok: ok[s.name] ?? true } })))
      .effective;
  const seen = [prio()];
  for (const name of ["m20", "m40r", "p10", "r30"]) {
    ok[name] = false;
    seen.push(prio());
  }
  for (const name of Object.keys(ok)) ok[name] = true;
  seen.push(prio());
  assertEquals(seen, [92, 72, 112, 102, 132, 92]);
});

Deno.test("weight 0 means FAULT when down, and when up with reverse", () => {
  assertEquals(trackerContribution(spec("interface", "eth1", 0), { ok: false }).fault, true);
  assertEquals(trackerContribution(spec("interface", "eth1", 0), { ok: true }).fault, false);
  assertEquals(trackerContribution(spec("script", "c", 0, true), { ok: true }).fault, true);
  assertEquals(trackerContribution(spec("script", "c", 0, true), { ok: false }).fault, false);
});

Deno.test("positive weights count only while up and negative ones only while down", () => {
  const cases: [number, boolean, boolean, number][] = [
    [10, false, true, 10],
    [10, false, false, 0],
    [-10, false, true, 0],
    [-10, false, false, -10],
    [10, true, true, -10],
    [10, true, false, 0],
    [-10, true, false, 10],
    [-10, true, true, 0],
  ];
  for (const [w, reverse, up, delta] of cases) {
    assertEquals(
      trackerContribution(spec("script", "c", w, reverse), { ok: up }).delta,
      delta,
      `w ${w} reverse ${reverse} up ${up}`,
    );
  }
});

Deno.test("a weight-0 tracker without a first result is pending, a weighted one adds nothing", () => {
  assertEquals(trackerContribution(spec("script", "c", 0), undefined), {
    delta: 0,
    fault: false,
    pending: true,
  });
  assertEquals(trackerContribution(spec("script", "c", 5), undefined).pending, false);
  assertEquals(computePriority(100, [{ spec: spec("script", "c", 0), reading: undefined }]), {
    total: 100,
    effective: 100,
    faults: 0,
    pending: 1,
  });
});

Deno.test("a track file adds value × weight, clamped, and faults at −254 or below", () => {
  const f = (w: number, value: number, reverse = false) =>
    trackerContribution(spec("file", "f", w, reverse), { value } as TrackerReading);
  assertEquals(f(10, 3).delta, 30);
  assertEquals(f(10, 3, true).delta, -30);
  assertEquals(f(10, 50).delta, 253);
  assertEquals(f(-1, 253).delta, -253);
  assertEquals(f(-1, 254).fault, true);
  assertEquals(f(2, -200).fault, true);
  assertEquals(f(0, 1).fault, true);
  assertEquals(f(0, 0).fault, false);
  assertEquals(f(0, 0, true).fault, true);
});

Deno.test("effective priority is clamped to 1..254 and an owner stays 255", () => {
  assertEquals(clampPriority(100, 0), 1);
  assertEquals(clampPriority(100, 254), 254);
  assertEquals(clampPriority(100, 255), 254);
  assertEquals(clampPriority(255, 10), 255);
  const owner = computePriority(255, [{ spec: spec("script", "c", -50), reading: { ok: false } }]);
  assertEquals(owner.effective, 255);
});

Deno.test("sync-group members lose weighted scripts and get fault-on-down interfaces", () => {
  const own = [
    spec("interface", "eth1", -10),
    spec("script", "chk", 20),
    spec("script", "gate", 0),
    { ...spec("file", "fdefault", 1), weightGiven: false },
    { ...spec("file", "fgiven", 5), weightGiven: true },
    spec("bfd", "b", 10),
    spec("process", "p", 10),
  ];
  const ctx = { syncGroupMember: true, syncGroupTrackingWeight: false, owner: false };
  const kept = applyWeightRule(own, ctx);
  assertEquals(kept.map((t) => [t.name, t.weight]), [
    ["eth1", 0],
    ["gate", 0],
    ["fdefault", 0],
    ["p", 10],
  ]);
  assertEquals(applyWeightRule(kept, ctx), kept, "the rule is idempotent");
});

Deno.test("sync_group_tracking_weight keeps member weights; an owner drops weighted interfaces", () => {
  const own = [spec("interface", "eth1", -10), spec("script", "chk", 20)];
  assertEquals(
    applyWeightRule(own, { syncGroupMember: true, syncGroupTrackingWeight: true, owner: false }),
    own,
  );
  assertEquals(
    applyWeightRule(own, { syncGroupMember: false, syncGroupTrackingWeight: false, owner: true }),
    [],
  );
  assertEquals(
    applyWeightRule(own, { syncGroupMember: false, syncGroupTrackingWeight: false, owner: false }),
    own,
  );
});

Deno.test("group-level trackers keep their weights unless a member is an owner", () => {
  const g = [spec("script", "chk", 10)];
  assertEquals(groupTrackers(g, false)[0]?.weight, 10);
  assertEquals(groupTrackers(g, true)[0]?.weight, 0);
});
