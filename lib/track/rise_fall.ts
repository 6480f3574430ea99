/**
 * keepalived's rise/fall counter for `vrrp_script` results (spec §3.4), as a pure step function.
 *
 * The counter r runs 0..rise+fall−1 and the script is up when r ≥ rise. It starts at rise−1 with
 * the state not yet known, so the first result decides at once whatever `rise` and `fall` are.
 * After that a success below rise−1 counts up, a success at rise−1 makes the script OK (r jumps
 * to rise+fall−1), a failure above rise counts down, and a failure at rise makes it FAILED (r = 0);
 * a success while OK refills r, a failure while FAILED keeps r at 0. So `rise` consecutive
 * successes or `fall` consecutive failures are needed to change state after start.
 *
 * @module
 */

/** State of one script. */
export interface RiseFallState {
  /** `pending` until the first result (unless `init_fail` is honoured). */
  status: "pending" | "ok" | "failed";
  /** The counter r. */
  r: number;
  /** `rise`. */
  rise: number;
  /** `fall`. */
  fall: number;
}

/**
 * The state at start: r = rise−1, not yet known. With `initFailed` (vipkeeper's opt-in reading of
 * `init_fail`) the script starts FAILED with r = 0, so it needs `rise` successes.
 *
 * @example
 * ```ts
 * import { initialRiseFall } from "./rise_fall.ts";
 * const s = initialRiseFall(3, 2);
 * if (s.status !== "pending" || s.r !== 2) throw new Error();
 * ```
 */
export function initialRiseFall(rise: number, fall: number, initFailed = false): RiseFallState {
  return initFailed
    ? { status: "failed", r: 0, rise, fall }
    : { status: "pending", r: rise - 1, rise, fall };
}

/**
 * Apply one result; `changed` is true when the status changed (pending → ok/failed counts).
 *
 * @example
 * ```ts
 * import { initialRiseFall, stepRiseFall } from "./rise_fall.ts";
 * let s = initialRiseFall(1, 2);
 * s = stepRiseFall(s, true).state; // ok at once
 * const a = stepRiseFall(s, false); // first failure: still ok
 * const b = stepRiseFall(a.state, false); // second failure: failed
 * if (a.changed || !b.changed || b.state.status !== "failed") throw new Error();
 * ```
 */
export function stepRiseFall(
  s: RiseFallState,
  success: boolean,
): { state: RiseFallState; changed: boolean } {
  const { rise, fall } = s;
  const top = rise + fall - 1;
  if (success) {
    if (s.r < rise - 1) return { state: { ...s, r: s.r + 1 }, changed: false };
    const changed = s.status !== "ok";
    return { state: { ...s, r: top, status: "ok" }, changed };
  }
  if (s.r > rise && s.status !== "pending") return { state: { ...s, r: s.r - 1 }, changed: false };
  const changed = s.status !== "failed" && (s.r === rise || s.status === "pending");
  return { state: { ...s, r: 0, status: changed ? "failed" : s.status }, changed };
}
