/**
 * Keywords of `vrrp_sync_group NAME { ... }` (spec §2.5).
 *
 * @module
 */

import type { Level } from "./types.ts";
import { BOOL, COMMAND, FLAG, kept, kw } from "./_make.ts";

/**
 * The `vrrp_sync_group` level.
 *
 * @example
 * ```ts
 * import { syncGroupLevel } from "./sync_group.ts";
 * syncGroupLevel.keywords.map((k) => k.name);
 * ```
 */
export const syncGroupLevel: Level = {
  id: "vrrp_sync_group",
  title: "vrrp_sync_group NAME { ... }",
  keywords: [
    kw(
      "group",
      { kind: "list", entry: "member" },
      "{ INSTANCE ... }",
      "Member instances (mandatory).",
    ),
    kw(
      "track_interface",
      { kind: "list", entry: "track_interface" },
      "{ IF [weight W [reverse]] ... }",
      "Interfaces tracked by every member.",
    ),
    kw(
      "track_script",
      { kind: "list", entry: "track_ref" },
      "{ NAME [weight W [reverse|noreverse]] ... }",
      "Scripts tracked by every member.",
    ),
    kw(
      "track_file",
      { kind: "list", entry: "track_ref" },
      "{ NAME [weight W [reverse|noreverse]] ... }",
      "Track files tracked by every member.",
    ),
    kw(
      "track_process",
      { kind: "list", entry: "track_ref" },
      "{ NAME [weight W [reverse|noreverse]] ... }",
      "Processes tracked by every member.",
    ),
    kw(
      "track_bfd",
      { kind: "list", entry: "track_ref" },
      "{ NAME [weight W [reverse|noreverse]] ... }",
      "BFD sessions tracked by every member (parsed only).",
    ),
    kw("notify_master", COMMAND, "CMD [USER [GROUP]]", "Run when the group becomes MASTER.", {
      once: true,
    }),
    kw("notify_backup", COMMAND, "CMD [USER [GROUP]]", "Run when the group becomes BACKUP.", {
      once: true,
    }),
    kw("notify_fault", COMMAND, "CMD [USER [GROUP]]", "Run when the group enters FAULT.", {
      once: true,
    }),
    kw("notify_stop", COMMAND, "CMD [USER [GROUP]]", "Run when the group stops.", { once: true }),
    kw(
      "notify",
      COMMAND,
      "CMD [USER [GROUP]]",
      "Generic hook, called with GROUP NAME STATE PRIORITY.",
      { once: true },
    ),
    kw(
      "notify_priority_changes",
      BOOL,
      "[BOOL]",
      "Default of the members' notify_priority_changes.",
    ),
    kw(
      "sync_group_tracking_weight",
      FLAG,
      "",
      "Keep the weights of the members' own trackers (spec §3.5).",
    ),
    kw("global_tracking", FLAG, "", "Old name of sync_group_tracking_weight.", {
      deprecated: "sync_group_tracking_weight",
    }),
    kept("smtp_alert", "[BOOL]", "Send SMTP alerts on transitions (not run by vipkeeper)."),
  ],
};
