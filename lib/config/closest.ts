/**
 * The closest name to a misspelt one (edit distance), for "did you mean" hints.
 *
 * @module
 */

import { editDistance } from "./keywords.ts";

/**
 * The candidate within edit distance 2 (or a third of the word) of `word`, the closest one.
 *
 * @example
 * ```ts
 * import { closest } from "./closest.ts";
 * if (closest("chk_servce", ["chk_service", "other"]) !== "chk_service") throw new Error();
 * ```
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(word, c, limit);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
