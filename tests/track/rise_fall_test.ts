import fc from "fast-check";
import { assertEquals } from "../assert.ts";
import { initialRiseFall, type RiseFallState, stepRiseFall } from "../../lib/track/rise_fall.ts";

/** Feed results ("S"/"F") and return the status after each one, marking changes with "*". */
function run(rise: number, fall: number, results: string, initFailed = false): string[] {
  let s: RiseFallState = initialRiseFall(rise, fall, initFailed);
  return [...results].map((c) => {
    const step = stepRiseFall(s, c === "S");
    s = step.state;
    return `${s.status}${step.changed ? "*" : ""}`;
  });
}

Deno.test("one success at start makes the script OK whatever rise is", () => {
  assertEquals(run(5, 2, "S"), ["ok*"]);
});

Deno.test("one failure at start makes the script FAILED whatever fall is", () => {
  assertEquals(run(2, 5, "F"), ["failed*"]);
});

Deno.test("the observed sequence: with fall 2 the second failure marks the script failed", () => {
  assertEquals(run(1, 2, "SFF"), ["ok*", "ok", "failed*"]);
});

Deno.test("after start rise successes and fall failures are needed, counted consecutively", () => {
  assertEquals(run(3, 2, "SFFSSS"), ["ok*", "ok", "failed*", "failed", "failed", "ok*"]);
  // A success between failures refills the counter; a failure between successes empties it.
  assertEquals(run(3, 2, "SFSFF"), ["ok*", "ok", "ok", "ok", "failed*"]);
  assertEquals(run(3, 2, "FSSFSSS"), [
    "failed*",
    "failed",
    "failed",
    "failed",
    "failed",
    "failed",
    "ok*",
  ]);
});

Deno.test("the counter stays within 0..rise+fall-1", () => {
  let s = initialRiseFall(3, 4);
  assertEquals(s.r, 2);
  for (const c of "SSSSFFFF") s = stepRiseFall(s, c === "S").state;
  assertEquals([s.status, s.r], ["failed", 0]);
  for (const c of "SSS") s = stepRiseFall(s, c === "S").state;
  assertEquals([s.status, s.r], ["ok", 6]);
});

Deno.test("an honoured init_fail starts FAILED and needs rise successes", () => {
  assertEquals(initialRiseFall(2, 2, true).status, "failed");
  assertEquals(run(2, 2, "SS", true), ["failed", "ok*"]);
});

Deno.test("after the first result the state flips exactly after rise successes or fall failures", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }),
      (rise, fall, results) => {
        let s = initialRiseFall(rise, fall);
        let expected: "ok" | "failed" = results[0] ? "ok" : "failed";
        let streak = 0;
        let last: boolean | undefined;
        results.forEach((ok, i) => {
          s = stepRiseFall(s, ok).state;
          streak = ok === last ? streak + 1 : 1;
          last = ok;
          if (i > 0 && ok && expected === "failed" && streak >= rise) expected = "ok";
          if (i > 0 && !ok && expected === "ok" && streak >= fall) expected = "failed";
          if (s.status !== expected) throw new Error(`step ${i}: ${s.status} != ${expected}`);
          if (s.r < 0 || s.r > rise + fall - 1) throw new Error(`r out of range: ${s.r}`);
        });
      },
    ),
  );
});
