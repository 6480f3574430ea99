/**
 * The keyword table: every keyword vipkeeper knows, per block level, with its argument shape,
 * range, default, deprecation and a one-line description. Validation walks the syntax tree with
 * it, "did you mean" hints come from it, and `docs/keywords.md` is generated from it.
 *
 * @example
 * ```ts
 * import { findKeyword } from "./keywords.ts";
 * const k = findKeyword("vrrp_instance", "priority");
 * if (k?.shape.kind !== "int") throw new Error();
 * ```
 *
 * @module
 */

import type { KeywordSpec, Level, LevelId } from "./keywords/types.ts";
import { globalLevel } from "./keywords/global.ts";
import { authenticationLevel, instanceLevel } from "./keywords/instance.ts";
import { syncGroupLevel } from "./keywords/sync_group.ts";
import { topLevel } from "./keywords/top.ts";
import { scriptLevel, trackFileLevel, trackProcessLevel } from "./keywords/trackers.ts";

export type { EntryKind, KeywordSpec, Level, LevelId, OnInvalid, Shape } from "./keywords/types.ts";

/**
 * All levels, in the order the docs present them.
 *
 * @example
 * ```ts
 * import { LEVELS } from "./keywords.ts";
 * const names = LEVELS.map((l) => l.id);
 * if (!names.includes("vrrp_instance")) throw new Error();
 * ```
 */
export const LEVELS: readonly Level[] = [
  topLevel,
  globalLevel,
  scriptLevel,
  trackFileLevel,
  trackProcessLevel,
  instanceLevel,
  authenticationLevel,
  syncGroupLevel,
];

const index = new Map<LevelId, Map<string, KeywordSpec>>(
  LEVELS.map((l) => [l.id, new Map(l.keywords.map((k) => [k.name, k]))]),
);

/**
 * The entry of a keyword at a level, or undefined when the keyword is not valid there.
 *
 * @example
 * ```ts
 * import { findKeyword } from "./keywords.ts";
 * if (findKeyword("global_defs", "priority") !== undefined) throw new Error();
 * ```
 */
export function findKeyword(level: LevelId, name: string): KeywordSpec | undefined {
  return index.get(level)?.get(name);
}

/**
 * The level with this id.
 *
 * @example
 * ```ts
 * import { levelById } from "./keywords.ts";
 * levelById("authentication").keywords.length;
 * ```
 */
export function levelById(id: LevelId): Level {
  const l = LEVELS.find((x) => x.id === id);
  if (l === undefined) throw new Error(`No keyword level '${id}'`);
  return l;
}

/**
 * The levels other than `level` where a keyword is valid (for "belongs in ..." hints).
 *
 * @example
 * ```ts
 * import { levelsOf } from "./keywords.ts";
 * if (!levelsOf("priority").includes("vrrp_instance")) throw new Error();
 * ```
 */
export function levelsOf(name: string): LevelId[] {
  return LEVELS.filter((l) => index.get(l.id)?.has(name)).map((l) => l.id);
}

/**
 * Keywords valid at `level` that are close to `word` (Levenshtein distance at most a third of the
 * word's length, at least 1, at most 3), nearest first.
 *
 * @example
 * ```ts
 * import { suggestKeywords } from "./keywords.ts";
 * if (suggestKeywords("vrrp_instance", "prority")[0] !== "priority") throw new Error();
 * ```
 */
export function suggestKeywords(level: LevelId, word: string): string[] {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  const scored: [string, number][] = [];
  for (const k of levelById(level).keywords) {
    const d = editDistance(word.toLowerCase(), k.name, limit);
    if (d <= limit) scored.push([k.name, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => n);
}

/**
 * Levenshtein distance between two strings, giving up (returning `limit + 1`) once it exceeds
 * `limit`.
 *
 * @example
 * ```ts
 * import { editDistance } from "./keywords.ts";
 * if (editDistance("kitten", "sitting") !== 3) throw new Error();
 * ```
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
