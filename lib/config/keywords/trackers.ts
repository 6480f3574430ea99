/**
 * Keywords of the tracked-object blocks: `vrrp_script` (spec §2.2), `track_file` (§2.3) and
 * `vrrp_track_process` (§2.6).
 *
 * @module
 */

import type { KeywordSpec, Level } from "./types.ts";
import { ANY, COMMAND, dec, FLAG, int, INT_MAX, kw, WORD, WORDS } from "./_make.ts";

/** `weight W [reverse]`, in all three blocks: its range, meaning and default differ. */
function weight(
  range: string,
  doc: string,
  extra: Omit<KeywordSpec, "name" | "shape" | "args" | "doc">,
): KeywordSpec {
  return kw("weight", WORDS, `${range} [reverse]`, doc, extra);
}

/** The process tracker's delays: seconds, above 0 and at most an hour. */
const SECONDS = dec(0.000001, 3600);

/**
 * The `vrrp_script NAME { ... }` level.
 *
 * @example
 * ```ts
 * import { scriptLevel } from "./trackers.ts";
 * scriptLevel.keywords.map((k) => k.name);
 * ```
 */
export const scriptLevel: Level = {
  id: "vrrp_script",
  title: "vrrp_script NAME { ... }",
  keywords: [
    kw("script", COMMAND, "CMD [USER [GROUP]]", "The check to run; exit 0 means success.", {
      default: "none (mandatory)",
    }),
    kw("interval", int(0, 4294), "1..4294", "Seconds between runs (0 is taken as 1).", {
      default: "1",
    }),
    kw(
      "timeout",
      int(0, 4294),
      "1..4294",
      "Seconds a run may take before it is killed and counts as failed.",
      { default: "the interval" },
    ),
    weight(
      "-253..253",
      "Priority change while succeeding (>0) or failing (<0); 0 faults on failure.",
      { default: "0", onInvalid: "keep" },
    ),
    kw("rise", int(1, INT_MAX), "1..2147483647", "Successes needed to become OK.", {
      default: "1",
      onInvalid: "default",
    }),
    kw("fall", int(1, INT_MAX), "1..2147483647", "Failures needed to become FAILED.", {
      default: "1",
      onInvalid: "default",
    }),
    kw("user", WORDS, "USER [GROUP]", "User (and group) the script runs as.", {
      default: "global script_user",
    }),
    kw(
      "init_fail",
      FLAG,
      "",
      "Start in the failed state (no effect once tracked, as in keepalived).",
    ),
  ],
};

/**
 * The `track_file NAME { ... }` level (also `vrrp_track_file`).
 *
 * @example
 * ```ts
 * import { trackFileLevel } from "./trackers.ts";
 * trackFileLevel.keywords.map((k) => k.name);
 * ```
 */
export const trackFileLevel: Level = {
  id: "track_file",
  title: "track_file NAME { ... }",
  keywords: [
    kw("file", WORD, "PATH", "File holding a number; value × weight is added to the priority.", {
      default: "none (mandatory)",
    }),
    weight("-254..254", "Multiplier of the file's value (0: non-zero value faults).", {
      default: "1",
      onInvalid: "default",
    }),
    kw(
      "init_file",
      ANY,
      "[VALUE] [overwrite]",
      "Create the file with VALUE (default 0) at first start.",
    ),
  ],
};

/**
 * The `vrrp_track_process NAME { ... }` level.
 *
 * @example
 * ```ts
 * import { trackProcessLevel } from "./trackers.ts";
 * trackProcessLevel.keywords.map((k) => k.name);
 * ```
 */
export const trackProcessLevel: Level = {
  id: "vrrp_track_process",
  title: "vrrp_track_process NAME { ... }",
  keywords: [
    kw("process", WORDS, "PATH [ARGS...]", "Process name (and arguments) to count.", {
      default: "none (mandatory)",
    }),
    kw(
      "param_match",
      ANY,
      "[initial|partial]",
      "How the arguments are matched.",
      { default: "exact" },
    ),
    weight("-254..254", "Priority change with quorum (>0) or without (<0); 0 faults.", {
      default: "0",
    }),
    kw("quorum", int(1, 65535), "1..65535", "Minimum number of matching processes.", {
      default: "1",
    }),
    kw("quorum_max", int(0, 65535), "0..65535", "Maximum number of matching processes.", {
      default: "unbounded",
    }),
    kw(
      "delay",
      SECONDS,
      "SECONDS",
      "Delay before acting on loss or gain of quorum (sets both below).",
      { default: "0" },
    ),
    kw(
      "terminate_delay",
      SECONDS,
      "SECONDS",
      "Delay before acting on loss of quorum.",
      { default: "0" },
    ),
    kw("fork_delay", SECONDS, "SECONDS", "Delay before acting on gain of quorum.", {
      default: "0",
    }),
    kw("full_command", FLAG, "", "Match the full command line rather than the process name."),
  ],
};
