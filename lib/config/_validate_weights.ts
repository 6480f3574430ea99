/**
 * keepalived's weight rules (spec §3.1): which range each tracker accepts, what happens to ±254
 * (vipkeeper keeps it and warns that keepalived 2.x takes ±253) and to out-of-range values.
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";
import type { TrackRef } from "./model.ts";
import type { Word } from "./syntax.ts";
import type { Ctx } from "./_validate_context.ts";
import type { RawTrack } from "./_validate_entries.ts";

/** Kinds of tracked objects. */
export type TrackKind = "interface" | "script" | "file" | "process" | "bfd";

/** A weight and reverse flag. */
export interface Weighted {
  /** Weight. */
  weight: number;
  /** Reverse. */
  reverse: boolean;
}

const INT_RE = /^[+-]?[0-9]+$/;

/** Parse a weight word as an integer; undefined when not a number (reported). */
function weightNumber(ctx: Ctx, w: Word, what: string, fallback: string): number | undefined {
  if (!INT_RE.test(w.text)) {
    ctx.error(w.at, "VK0307", `Invalid weight '${w.text}' for ${what}; ${fallback}`);
    return undefined;
  }
  return Number(w.text);
}

/**
 * Check a weight against -254..254. Returns the weight to use, or undefined for "use the
 * fallback". `keep` keeps out-of-range values (keepalived's vrrp_script quirk). `warn254` warns
 * that keepalived 2.x lowers ±254 to ±253 on this line.
 */
export function checkWeight(
  ctx: Ctx,
  w: Word,
  what: string,
  fallback: string,
  opts: { keep?: boolean; warn254?: boolean },
): number | undefined {
  const n = weightNumber(ctx, w, what, fallback);
  if (n === undefined) return undefined;
  if (n < -254 || n > 254) {
    ctx.error(w.at, "VK0307", `Weight ${w.text} for ${what} is outside -254..254; ${fallback}`);
    return opts.keep ? n : undefined;
  }
  if (Math.abs(n) === 254 && opts.warn254) {
    ctx.warn(
      w.at,
      "VK0308",
      opts.keep
        ? `Weight ${n} for ${what}: keepalived 2.x only takes -253..253 here and reports it (keeping ${n})`
        : `Weight ${n} for ${what}: keepalived 2.x only takes -253..253 here and would use ${
          n > 0 ? 253 : -253
        }`,
      "vipkeeper keeps 254; write 253 for identical behaviour",
    );
  }
  return n;
}

/** Read `weight W [reverse]` words of a tracked-object block (vrrp_script, track_file, process). */
export function readBlockWeight(
  ctx: Ctx,
  words: Word[],
  what: string,
  fallback: string,
  opts: { keep?: boolean; warn254?: boolean },
): Partial<Weighted> {
  const out: Partial<Weighted> = {};
  const w = words[0];
  if (w === undefined) return out;
  const n = checkWeight(ctx, w, what, fallback, opts);
  if (n !== undefined) out.weight = n;
  const r = words[1];
  if (r !== undefined) {
    if (r.text === "reverse") out.reverse = true;
    else {ctx.error(
        r.at,
        "VK0305",
        `Unknown word '${r.text}' after the weight of ${what}; keepalived ignores it`,
      );}
  }
  return out;
}

/**
 * Resolve one reference from a `track_*` block into a `TrackRef`, with the tracked object's own
 * weight (undefined for interfaces, or when the object is unknown).
 */
export function resolveTrack(
  ctx: Ctx,
  raw: RawTrack,
  kind: TrackKind,
  object: Weighted | undefined,
): TrackRef {
  const what = `${kind === "interface" ? "tracked interface" : `tracked ${kind}`} '${raw.name}'`;
  const dflt = object?.weight ?? 0;
  const fallbackText = kind === "interface"
    ? "keepalived tracks it with weight 0 (fault on failure)"
    : `keepalived uses the ${kind}'s own weight (${dflt})`;
  let weight = dflt;
  let weightGiven = false;
  if (raw.weight !== undefined) {
    const range = kind === "file" || kind === "process" ? { warn254: false } : { warn254: true };
    const n = checkWeight(ctx, raw.weight, what, fallbackText, range);
    if (n !== undefined) {
      weight = n;
      weightGiven = true;
    } else if (kind === "interface") weight = 0;
  }
  let reverse = weightGiven ? raw.reverse : (object?.reverse ?? false);
  if (!weightGiven && raw.reverse) reverse = true;
  if (raw.noreverse) reverse = false;
  const ref: TrackRef = { name: raw.name, weight, reverse, at: raw.at };
  if (weightGiven) ref.weightGiven = true;
  return ref;
}

/** The span of a reference, for diagnostics. */
export function refAt(ref: TrackRef, fallback: Span): Span {
  return ref.at ?? fallback;
}
