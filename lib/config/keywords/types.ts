/**
 * The shape of the keyword table: one entry per keyword per block level, saying what the keyword
 * takes, its range and default, whether it is deprecated, and a one-line description. Validation,
 * "did you mean" hints and `docs/keywords.md` are all driven by these entries.
 *
 * @module
 */

/** The block levels of a keepalived.conf that vipkeeper reads keyword by keyword. */
export type LevelId =
  | "top"
  | "global_defs"
  | "vrrp_script"
  | "track_file"
  | "vrrp_track_process"
  | "vrrp_instance"
  | "vrrp_sync_group"
  | "authentication";

/** How the lines inside a list block (one entry per line, no keywords) are read. */
export type EntryKind =
  | "vip"
  | "route"
  | "rule"
  | "track_interface"
  | "track_ref"
  | "unicast_peer"
  | "member"
  | "word"
  | "delay";

/**
 * What a keyword takes after its name.
 *
 * - `flag`: nothing (extra words are ignored with a warning).
 * - `bool`: an optional `true|on|yes|false|off|no`; no word means true.
 * - `int` / `decimal`: one number in `[min, max]` (decimals: up to 6 places, seconds).
 * - `word` / `words`: one word / at least `min` words, kept as text.
 * - `enum`: one of `values`.
 * - `address`: an IP address, optionally of one family and/or multicast.
 * - `command`: a command line re-split with keepalived's script quoting (`cmd [user [group]]`).
 * - `block`: a `{ ... }` of keywords of another level.
 * - `list`: a `{ ... }` whose lines are entries of one kind (addresses, routes, names).
 * - `skip`: a keyword vipkeeper recognises but does not read (its block, if any, is skipped).
 */
export type Shape =
  | { kind: "flag" }
  | { kind: "bool" }
  | { kind: "int"; min: number; max: number }
  | { kind: "decimal"; min: number; max: number }
  | { kind: "word" }
  | { kind: "words"; min: number }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "address"; family?: "inet" | "inet6"; multicast?: boolean }
  | { kind: "command" }
  | { kind: "block"; level: LevelId }
  | { kind: "list"; entry: EntryKind }
  | { kind: "skip"; block: boolean };

/** What keepalived does with a value it rejects (used in the diagnostic's hint). */
export type OnInvalid = "default" | "ignore" | "keep";

/**
 * One keyword at one level.
 *
 * @example
 * ```ts
 * import type { KeywordSpec } from "./types.ts";
 * const k: KeywordSpec = {
 *   name: "priority", shape: { kind: "int", min: 1, max: 255 }, args: "1..255",
 *   default: "100 (255 with state MASTER)", onInvalid: "default",
 *   doc: "Base priority; 255 means the router owns the virtual addresses.",
 * };
 * ```
 */
export interface KeywordSpec {
  /** The keyword as written (case-sensitive). */
  name: string;
  /** What it takes. */
  shape: Shape;
  /** Argument synopsis for the docs (`1..255`, `PATH [USER [GROUP]]`). */
  args: string;
  /** One-line description. */
  doc: string;
  /** The default, in words, when the keyword is absent. */
  default?: string;
  /** What keepalived does with a rejected value (default: `ignore`). */
  onInvalid?: OnInvalid;
  /** Overrides the words derived from `onInvalid` in messages ("keepalived uses BACKUP"). */
  invalidNote?: string;
  /** Deprecated: the keyword to use instead (or a note). */
  deprecated?: string;
  /** Not modelled by vipkeeper: accepted and kept verbatim in `other` (for `convert`). */
  unmodelled?: boolean;
  /**
   * Run by another keepalived daemon (checker, BFD) or a feature vipkeeper does not run: the
   * keyword is recognised and skipped with an info diagnostic naming this.
   */
  notRun?: string;
  /** The block header takes a name (`vrrp_instance NAME {`). */
  named?: boolean;
  /** Words after the name make keepalived skip the whole block (instances and sync groups). */
  exactName?: boolean;
  /** Only the first occurrence counts; later ones are errors that keepalived ignores. */
  once?: boolean;
  /**
   * Not known to keepalived 2.2.7 as Debian builds it (added later, or needs a build option):
   * vipkeeper accepts it and warns, since keepalived 2.2.7 would report an unknown keyword.
   */
  notIn227?: string;
}

/**
 * One block level: its keywords.
 *
 * @example
 * ```ts
 * import type { Level } from "./types.ts";
 * const l: Level = { id: "authentication", title: "authentication { ... }", keywords: [] };
 * ```
 */
export interface Level {
  /** Level id. */
  id: LevelId;
  /** Heading for the docs. */
  title: string;
  /** Keywords valid at this level. */
  keywords: readonly KeywordSpec[];
}
