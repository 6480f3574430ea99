/**
 * Assertions for tests, on top of `node:assert` (JSR's `@std/assert` is not reachable here).
 *
 * @module
 */

import assert from "node:assert/strict";

/** Deep strict equality. */
export function assertEquals<T>(
  actual: unknown,
  expected: T,
  message?: string,
): asserts actual is T {
  assert.deepStrictEqual(actual, expected, message);
}

/** Deep strict inequality. */
export function assertNotEquals(actual: unknown, expected: unknown, message?: string): void {
  assert.notDeepStrictEqual(actual, expected, message);
}

/** Truthiness. */
export function assertOk(value: unknown, message?: string): asserts value {
  assert.ok(value, message);
}

/** String matches a regular expression. */
export function assertMatch(actual: string, re: RegExp, message?: string): void {
  assert.match(actual, re, message);
}

/** The function throws (optionally an error whose message matches). */
export function assertThrows(fn: () => unknown, re?: RegExp): void {
  if (re) assert.throws(fn, re);
  else assert.throws(fn);
}

/** The promise rejects (optionally with a message matching). */
export async function assertRejects(fn: () => Promise<unknown>, re?: RegExp): Promise<void> {
  if (re) await assert.rejects(fn, re);
  else await assert.rejects(fn);
}
