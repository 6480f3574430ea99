/**
 * `deno run -A sys_routes_watch.ts`: how many netlink sockets subscribed to event groups
 * `LinuxRoutes` holds open as its configuration gains and loses tracked lines. Prints
 * `{ untracked, tracked, noTrackOnly, again, unwatched }`. Run inside a test namespace.
 */

import type { Model } from "../../../lib/config/model.ts";
import { LinuxRoutes } from "../../../lib/agent/linux_routes.ts";
import { loadLibc } from "../../../lib/sys/ffi.ts";

/** Our netlink sockets with event groups: /proc/net/netlink rows (Groups ≠ 0) of our inodes. */
function fds(): number {
  const ours = new Set<string>();
  for (const e of Deno.readDirSync("/proc/self/fd")) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(Deno.readLinkSync(`/proc/self/fd/${e.name}`));
      if (m) ours.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const rows = Deno.readTextFileSync("/proc/self/net/netlink").trim().split("\n").slice(1);
  // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
  return rows.map((r) => r.trim().split(/\s+/)).filter((c) =>
    c[3] !== "00000000" && ours.has(c[9]!)
  ).length;
}
const settle = () => new Promise((r) => setTimeout(r, 50));
const withLines = (routes: string[][]) =>
  ({
    instances: [{ interface: "lo", virtualRoutes: routes, virtualRules: [] }],
  }) as unknown as Model;

const routes = new LinuxRoutes(await loadLibc(), {});
const base = fds();
const at = async () => (await settle(), fds() - base);
routes.configure(withLines([]));
const unwatch = await routes.watch(() => {});
const untracked = await at();
routes.configure(withLines([["198.51.100.0/24", "dev", "lo"]]));
const tracked = await at();
routes.configure(withLines([["198.51.100.0/24", "dev", "lo", "no_track"]]));
const noTrackOnly = await at();
routes.configure(withLines([["198.51.100.0/24", "dev", "lo"]]));
const again = await at();
unwatch();
const unwatched = await at();
await routes.close();
console.log(JSON.stringify({ untracked, tracked, noTrackOnly, again, unwatched }));
