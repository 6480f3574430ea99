import { assertEquals } from "../assert.ts";
import { contribution, fileContribution } from "../../lib/track/tracker.ts";

/** The observed example of spec §3.2: base 100 and five trackers. */
const trackers = [
  { weight: 7, reverse: false }, // lo, up throughout
  { weight: 30, reverse: true },
  { weight: 10, reverse: false },
  { weight: -20, reverse: false },
  { weight: -40, reverse: true },
];

function total(ok: boolean[]): number {
  return trackers.reduce((p, t, i) => p + contribution(ok[i]!, t.weight, t.reverse).delta, 100);
}

Deno.test("a weighted interface that is up adds its weight (lo weight 7: 100 to 107)", () => {
  assertEquals(100 + contribution(true, 7, false).delta, 107);
  assertEquals(100 + contribution(false, 7, false).delta, 100);
});

Deno.test("all-ok trackers give +10 and -30 only (negative weights add nothing while ok)", () => {
  assertEquals(total([true, true, true, true, true]) - 100, 7 - 30 + 10);
});

Deno.test("failures one by one move the priority by the observed steps (-20, +40, -10, +30)", () => {
  // Observed on 2.2.7: 92 -> 72 -> 112 -> 102 -> 132, and back to 92 when all recover.
  const steps = [
    [true, true, true, true, true],
    [true, true, true, false, true],
    [true, true, true, false, false],
    [true, true, false, false, false],
    [true, false, false, false, false],
    [true, true, true, true, true],
  ];
  const diffs = steps.slice(1).map((s, i) => total(s) - total(steps[i]!));
  assertEquals(diffs, [-20, +40, -10, +30, -40]);
  const observed = [92, 72, 112, 102, 132, 92];
  assertEquals(diffs, observed.slice(1).map((p, i) => p - observed[i]!));
});

Deno.test("weight 0 faults on failure, and on success with reverse", () => {
  assertEquals(contribution(false, 0, false), { fault: true, delta: 0 });
  assertEquals(contribution(true, 0, false), { fault: false, delta: 0 });
  assertEquals(contribution(true, 0, true), { fault: true, delta: 0 });
});

Deno.test("track file values are multiplied by the weight, clamped, and fault at -254", () => {
  assertEquals(fileContribution(3, 10, false), { fault: false, delta: 30 });
  assertEquals(fileContribution(3, 10, true), { fault: false, delta: -30 });
  assertEquals(fileContribution(100, 10, false), { fault: false, delta: 253 });
  assertEquals(fileContribution(-25, 10, false), { fault: false, delta: -250 });
  assertEquals(fileContribution(-26, 10, false), { fault: true, delta: 0 });
  assertEquals(fileContribution(0, 0, false), { fault: false, delta: 0 });
  assertEquals(fileContribution(2, 0, false), { fault: true, delta: 0 });
  assertEquals(fileContribution(0, 0, true), { fault: true, delta: 0 });
});
