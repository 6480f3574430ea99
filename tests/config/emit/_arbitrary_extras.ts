/**
 * fast-check generators of the less common parts of a model (track files and processes, VMACs,
 * routes, excluded addresses, fifos, notify variants), applied on top of `_arbitrary.ts` models
 * while keeping them resolved.
 *
 * @module
 */

import fc from "fast-check";
import type {
  GlobalDefs,
  Model,
  TrackFile,
  TrackProcess,
  VrrpInstance,
} from "../../../lib/config/model.ts";

/** Optional features of one instance. */
export const instanceExtras = fc.record({
  excluded: fc.boolean(),
  route: fc.boolean(),
  rule: fc.boolean(),
  vmac: fc.option(fc.constantFrom([] as string[], ["vrrp.51"]), { nil: undefined }),
  xmitBase: fc.boolean(),
  dontTrackPrimary: fc.boolean(),
  trackSrcIp: fc.boolean(),
  downTimerAdverts: fc.constantFrom(3, 5),
  garpRepeat: fc.constantFrom(5, 2),
  notifyBackup: fc.boolean(),
  notifyDeleted: fc.boolean(),
  notifyGeneric: fc.boolean(),
  priorityChanges: fc.boolean(),
  timerExpiredBackup: fc.option(fc.constantFrom(200, 254), { nil: undefined }),
  oldChecksum: fc.option(fc.constantFrom("always" as const, "never" as const), { nil: undefined }),
  mcastSrc: fc.boolean(),
});

/** Apply instance extras, respecting what validation would derive. */
export function applyInstanceExtras(
  i: VrrpInstance,
  x: typeof instanceExtras extends fc.Arbitrary<infer T> ? T : never,
): void {
  const v4 = i.family === "inet";
  if (x.excluded) {
    i.excludedVips = [{ address: "203.0.113.250", prefix: 32, family: "inet", dev: "eth2" }];
  }
  if (x.route && v4) i.virtualRoutes = [["198.51.100.0/24", "via", "192.0.2.254"]];
  if (x.rule && v4) i.virtualRules = [["from", "192.0.2.0/24", "table", "100"]];
  if (x.vmac !== undefined) {
    i.useVmac = [...x.vmac];
    i.vmacXmitBase = x.xmitBase || i.unicastPeers.length > 0; // unicast VMACs need it
  }
  i.dontTrackPrimary = x.dontTrackPrimary;
  i.trackSrcIp = x.trackSrcIp;
  i.downTimerAdverts = x.downTimerAdverts;
  i.garp = { ...i.garp, masterRepeat: x.garpRepeat };
  if (x.notifyBackup) {
    i.notify.backup = {
      command: "/etc/vk/backup.sh",
      argv: ["/etc/vk/backup.sh"],
      user: "nobody",
      group: "nogroup",
    };
  }
  if (x.notifyDeleted) i.notify.deleted = true;
  if (x.notifyGeneric) {
    i.notify.generic = { command: "/etc/vk/notify.sh", argv: ["/etc/vk/notify.sh"] };
  }
  i.notifyPriorityChanges = x.priorityChanges;
  if (x.timerExpiredBackup !== undefined && i.nopreempt) {
    i.timerExpiredBackup = x.timerExpiredBackup;
  }
  if (x.oldChecksum !== undefined && i.unicastPeers.length > 0) {
    i.oldUnicastChecksum = x.oldChecksum;
  }
  if (x.mcastSrc && v4 && i.unicastPeers.length === 0) i.mcastSrcIp = "192.0.2.249";
}

/** Optional global settings, track files and track processes. */
export const modelExtras = fc.record({
  fifo: fc.option(
    fc.constantFrom({ path: "/run/vk.fifo" }, { path: "/run/vk.fifo", user: "root" }),
    {
      nil: undefined,
    },
  ),
  scriptUser: fc.option(fc.constantFrom({ user: "vk" }, { user: "vk", group: "vk" }), {
    nil: undefined,
  }),
  vmacPrefix: fc.option(fc.constantFrom("vk", "mac"), { nil: undefined }),
  startupDelay: fc.constantFrom(0, 2.5),
  garpInterval: fc.constantFrom(0, 0.001),
  logUnknownVrids: fc.boolean(),
  trackFile: fc.option(
    fc.record({
      weight: fc.integer({ min: -40, max: 40 }),
      reverse: fc.boolean(),
      init: fc.boolean(),
    }),
    { nil: undefined },
  ),
  trackProcess: fc.option(
    fc.record({ weight: fc.integer({ min: -40, max: 40 }), quorum: fc.constantFrom(1, 2) }),
    { nil: undefined },
  ),
});

/** Apply model extras; new track objects are tracked by `tracker` (unweighted). */
export function applyModelExtras(
  m: Model,
  x: typeof modelExtras extends fc.Arbitrary<infer T> ? T : never,
  tracker: VrrpInstance | undefined,
): void {
  const g: GlobalDefs = m.globalDefs;
  if (x.fifo !== undefined) g.vrrpNotifyFifo = { ...x.fifo };
  if (x.scriptUser !== undefined) g.scriptUser = { ...x.scriptUser };
  if (x.vmacPrefix !== undefined) g.vmacPrefix = x.vmacPrefix;
  g.startupDelay = x.startupDelay;
  g.garpInterval = x.garpInterval;
  g.logUnknownVrids = x.logUnknownVrids;
  if (tracker === undefined) return;
  if (x.trackFile !== undefined) {
    const f: TrackFile = {
      name: "tf1",
      file: "/run/vk/tf1",
      weight: x.trackFile.weight,
      reverse: x.trackFile.reverse,
    };
    if (x.trackFile.init) f.initFile = { value: 0, overwrite: true };
    m.trackFiles = [f];
    tracker.trackFile = [{ name: "tf1", weight: f.weight, reverse: f.reverse }];
  }
  if (x.trackProcess !== undefined) {
    const p: TrackProcess = {
      name: "sshd",
      process: ["/usr/sbin/sshd", "-D"],
      paramMatch: "exact",
      weight: x.trackProcess.weight,
      reverse: false,
      quorum: x.trackProcess.quorum,
      delay: 0,
      terminateDelay: 0,
      forkDelay: 0,
      fullCommand: false,
    };
    m.trackProcesses = [p];
    tracker.trackProcess = [{ name: "sshd", weight: p.weight, reverse: false }];
  }
}
