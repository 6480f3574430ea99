import { assertEquals } from "../assert.ts";
import {
  intervalCentis,
  masterDownIntervalUs,
  secondsToMicros,
  skewTimeUs,
} from "../../lib/vrrp/timers.ts";

Deno.test("v2 Master_Down for priority 150 at 1 s is the 3 414 062 µs keepalived dumps", () => {
  assertEquals(masterDownIntervalUs(2, 150, 1_000_000, 3), 3_414_062);
});

Deno.test("v2 Master_Down for priority 100 at 1 s is 3.609 s", () => {
  assertEquals(masterDownIntervalUs(2, 100, 1_000_000, 3), 3_609_375);
});

Deno.test("v2 skew ignores advert_int: 3 s adverts at priority 100 give 9.609 s", () => {
  assertEquals(skewTimeUs(2, 100, 3_000_000), skewTimeUs(2, 100, 1_000_000));
  assertEquals(masterDownIntervalUs(2, 100, 3_000_000, 3), 9_609_375);
});

Deno.test("v3 skew scales with the interval: 0.5 s at priority 100 gives 1.805 s", () => {
  assertEquals(skewTimeUs(3, 100, 500_000), 304_687);
  assertEquals(masterDownIntervalUs(3, 100, 500_000, 3), 1_804_687);
});

Deno.test("v3 at 0.1 s and priority 100 gives the 0.3609 s floor measured on the wire", () => {
  assertEquals(masterDownIntervalUs(3, 100, 100_000, 3), 360_937);
});

Deno.test("an owner's skew is 1/256 s in v2 and 1/256 of the interval in v3", () => {
  assertEquals(skewTimeUs(2, 255, 1_000_000), 3_906);
  assertEquals(skewTimeUs(3, 255, 1_000_000), 3_906);
  assertEquals(skewTimeUs(3, 255, 100_000), 390);
});

Deno.test("down_timer_adverts multiplies the interval, not the skew", () => {
  assertEquals(masterDownIntervalUs(2, 100, 1_000_000, 5), 5_609_375);
  assertEquals(masterDownIntervalUs(2, 100, 1_000_000, 1), 1_609_375);
});

Deno.test("seconds and centiseconds convert to whole microseconds", () => {
  assertEquals(secondsToMicros(3.6), 3_600_000);
  assertEquals(secondsToMicros(0.01), 10_000);
  assertEquals(intervalCentis(500_000), 50);
  assertEquals(intervalCentis(40_950_000), 4095);
});
