/**
 * VRRP timer arithmetic in integer microseconds, as keepalived does it (spec §4.2).
 *
 * - Skew_Time, VRRPv2: (256 − p) × 1 s / 256, independent of the advertisement interval
 *   (RFC 3768 §6.1; keepalived uses whole seconds here whatever `advert_int` is).
 * - Skew_Time, VRRPv3: ((256 − p) × Master_Adver_Interval in centiseconds × 625) / 16 µs,
 *   i.e. (256 − p) / 256 of the interval (RFC 5798 §6.1).
 * - Master_Down_Interval = down_timer_adverts × Master_Adver_Interval + Skew_Time.
 *
 * All results are truncated to whole microseconds, matching keepalived's integer maths.
 *
 * @module
 */

import type { VrrpVersion } from "./advert.ts";

/** Microseconds in one second (keepalived's `TIMER_HZ`). */
export const US_PER_SECOND = 1_000_000;

/** Microseconds in one centisecond (the unit of VRRPv3's Max Adver Int field). */
export const US_PER_CENTISECOND = 10_000;

/**
 * Converts seconds as written in a configuration (decimals allowed) to whole microseconds.
 *
 * @param seconds A non-negative duration in seconds.
 * @returns The duration in microseconds, rounded to the nearest microsecond.
 *
 * @example
 * ```ts
 * import { secondsToMicros } from "./timers.ts";
 * if (secondsToMicros(0.1) !== 100_000) throw new Error("0.1 s is 100 000 µs");
 * ```
 */
export function secondsToMicros(seconds: number): number {
  return Math.round(seconds * US_PER_SECOND);
}

/**
 * Skew_Time in microseconds for a router of priority `priority` (spec §4.2).
 *
 * @param version VRRP version: v2 ignores the interval, v3 scales by it.
 * @param priority Effective priority 0..255 (255 for an address owner).
 * @param masterAdverIntervalUs Master_Adver_Interval in µs (only used by v3; whole
 *   centiseconds are used, as carried on the wire).
 * @returns Skew_Time in whole microseconds.
 *
 * @example
 * ```ts
 * import { skewTimeUs } from "./timers.ts";
 * if (skewTimeUs(2, 150, 3_000_000) !== 414_062) throw new Error("v2 skew ignores advert_int");
 * if (skewTimeUs(3, 100, 500_000) !== 304_687) throw new Error("v3 skew scales");
 * ```
 */
export function skewTimeUs(
  version: VrrpVersion,
  priority: number,
  masterAdverIntervalUs: number,
): number {
  const weight = 256 - priority;
  if (version === 2) return Math.floor(weight * US_PER_SECOND / 256);
  const centis = Math.floor(masterAdverIntervalUs / US_PER_CENTISECOND);
  return Math.floor(weight * centis * 625 / 16);
}

/**
 * Master_Down_Interval in microseconds: `downTimerAdverts` × Master_Adver_Interval + Skew_Time.
 *
 * @param version VRRP version (see {@linkcode skewTimeUs}).
 * @param priority Effective priority used for the skew.
 * @param masterAdverIntervalUs Master_Adver_Interval in µs (own, or the master's for v3).
 * @param downTimerAdverts keepalived's `down_timer_adverts` (RFC value 3).
 * @returns Master_Down_Interval in whole microseconds.
 *
 * @example
 * ```ts
 * import { masterDownIntervalUs } from "./timers.ts";
 * if (masterDownIntervalUs(2, 150, 1_000_000, 3) !== 3_414_062) throw new Error("spec §4.2");
 * ```
 */
export function masterDownIntervalUs(
  version: VrrpVersion,
  priority: number,
  masterAdverIntervalUs: number,
  downTimerAdverts = 3,
): number {
  return downTimerAdverts * masterAdverIntervalUs +
    skewTimeUs(version, priority, masterAdverIntervalUs);
}

/**
 * The advertisement interval as carried in an advert, in centiseconds (v2: whole seconds × 100,
 * v3: the 12-bit Max Adver Int), from an interval in microseconds.
 *
 * @param intervalUs Advertisement interval in µs.
 * @returns The interval in whole centiseconds.
 *
 * @example
 * ```ts
 * import { intervalCentis } from "./timers.ts";
 * if (intervalCentis(1_000_000) !== 100) throw new Error("1 s is 100 cs");
 * ```
 */
export function intervalCentis(intervalUs: number): number {
  return Math.round(intervalUs / US_PER_CENTISECOND);
}
