/**
 * fast-check generators of small models for round-trip properties. The models are resolved by
 * construction: they respect keepalived's derivations (no nopreempt with state MASTER or
 * priority 255, no authentication with version 3, whole-second advert_int with version 2,
 * trackers without a weight carry their object's, address owners track nothing, sync-group
 * members are BACKUP, every script is tracked), so validation has nothing to change and emit → load must give them back.
 *
 * @module
 */

import fc from "fast-check";
import type {
  Model,
  ScriptCommand,
  TrackRef,
  VirtualAddress,
  VrrpInstance,
} from "../../../lib/config/model.ts";
import { defaultGlobals, instance, model, script, syncGroup } from "./_fixtures.ts";
import {
  applyInstanceExtras,
  applyModelExtras,
  instanceExtras,
  modelExtras,
} from "./_arbitrary_extras.ts";

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,7}$/);
const ifname = fc.constantFrom("eth0", "veth-a", "bond0.10");

const command: fc.Arbitrary<ScriptCommand> = fc.record({
  path: fc.constantFrom("/bin/true", "/usr/local/bin/check", "/etc/vk/notify.sh"),
  args: fc.array(fc.constantFrom("--fast", "a b", "x#y", "{z}", "$HOME"), { maxLength: 2 }),
  user: fc.option(fc.constantFrom("root", "nobody"), { nil: undefined }),
}).map(({ path, args, user }) => {
  const command = [path, ...args.map((a) => (/\s/.test(a) ? `'${a}'` : a))].join(" ");
  const c: ScriptCommand = { command, argv: [path, ...args] };
  if (user !== undefined) c.user = user;
  return c;
});

const vip4: fc.Arbitrary<VirtualAddress> = fc.record({
  host: fc.integer({ min: 1, max: 254 }),
  net: fc.constantFrom("192.0.2", "198.51.100", "203.0.113"),
  prefix: fc.constantFrom(24, 32),
  dev: fc.option(fc.constantFrom("eth1", "eth2"), { nil: undefined }),
  label: fc.option(fc.constantFrom("eth0:1", "eth1:vip"), { nil: undefined }),
  noTrack: fc.boolean(),
}).map(({ host, net, prefix, dev, label, noTrack }) => {
  const v: VirtualAddress = { address: `${net}.${host}`, prefix, family: "inet" };
  if (dev !== undefined) v.dev = dev;
  if (label !== undefined) v.label = label;
  if (noTrack) v.noTrack = true;
  return v;
});

const vip6: fc.Arbitrary<VirtualAddress> = fc.integer({ min: 1, max: 0xffff }).map((h) => ({
  address: `2001:db8::${h.toString(16)}`,
  prefix: 64,
  family: "inet6" as const,
}));

function trackRefs(names: string[]): fc.Arbitrary<TrackRef[]> {
  if (names.length === 0) return fc.constant([]);
  return fc.uniqueArray(
    fc.record({
      name: fc.constantFrom(...names),
      weight: fc.integer({ min: -50, max: 50 }),
      weightGiven: fc.boolean(),
      reverse: fc.boolean(),
    }),
    { selector: (r) => r.name, maxLength: 2 },
  ).map((refs) =>
    refs.map((r) => (r.weightGiven ? { ...r } : { name: r.name, weight: 0, reverse: false }))
  );
}

function instanceArb(index: number, scripts: string[]): fc.Arbitrary<VrrpInstance> {
  return fc.record({
    v6: fc.boolean(),
    vips4: fc.uniqueArray(vip4, { minLength: 1, maxLength: 3, selector: (v) => v.address }),
    vips6: fc.uniqueArray(vip6, { minLength: 1, maxLength: 2, selector: (v) => v.address }),
    state: fc.constantFrom("MASTER" as const, "BACKUP" as const),
    priority: fc.integer({ min: 1, max: 255 }),
    advertInt: fc.constantFrom(1, 2, 0.5, 0.25, 3.5, 40.95),
    version: fc.constantFrom(2 as const, 3 as const),
    nopreempt: fc.boolean(),
    preemptDelay: fc.constantFrom(0, 0, 5, 1.5),
    interface: ifname,
    trackScript: trackRefs(scripts),
    trackInterface: trackRefs(["eth1", "eth2"]),
    auth: fc.option(fc.constantFrom("secret", "0123", "a b"), { nil: undefined }),
    notifyMaster: fc.option(command, { nil: undefined }),
    debug: fc.option(fc.constantFrom("1", "4"), { nil: undefined }),
    unicast: fc.boolean(),
    skipCheck: fc.boolean(),
    extras: instanceExtras,
  }).map((r) => {
    const version = r.v6 ? 3 : r.version;
    const canPreempt = r.state === "BACKUP" && r.priority < 255;
    const nopreempt = r.nopreempt && canPreempt;
    const i = instance(`VI_${index}`, {
      state: r.state,
      interface: r.interface,
      vrid: 10 + index,
      priority: r.priority,
      advertInt: version === 2 ? Math.max(1, Math.round(r.advertInt)) : r.advertInt,
      version,
      family: r.v6 ? "inet6" : "inet",
      vips: r.v6 ? r.vips6 : r.vips4,
      nopreempt,
      preemptDelay: canPreempt && !nopreempt ? r.preemptDelay : 0,
      // An address owner's priority never changes: keepalived drops its weighted trackers.
      trackScript: r.priority === 255 ? [] : r.trackScript,
      trackInterface: r.priority === 255 ? [] : r.trackInterface,
      skipCheckAdvAddr: r.skipCheck,
    });
    if (r.auth !== undefined && version === 2) {
      i.authentication = { type: "PASS", password: r.auth };
    }
    if (r.notifyMaster !== undefined) i.notify = { master: r.notifyMaster };
    if (r.debug !== undefined) i.other = { debug: [[r.debug]] };
    if (r.unicast && !r.v6) {
      i.unicastSrcIp = "192.0.2.250";
      i.unicastPeers = [{ address: "192.0.2.251" }, { address: "192.0.2.252", minTtl: 250 }];
      i.checkUnicastSrc = true; // a peer's TTL option turns the source check on
    }
    applyInstanceExtras(i, r.extras);
    return i;
  });
}

/** Resolve what validation derives from the objects a model's trackers name. */
function resolveTrackers(m: Model): Model {
  const byName = new Map(m.scripts.map((s) => [s.name, s]));
  const tracked = new Set<string>();
  for (const i of m.instances) {
    i.trackScript = i.trackScript.map((r) => {
      tracked.add(r.name);
      const s = byName.get(r.name);
      return r.weightGiven || s === undefined ? r : { ...r, weight: s.weight, reverse: s.reverse };
    });
  }
  const tracker = m.instances.find((i) => i.priority < 255);
  for (const s of m.scripts) {
    if (!tracked.has(s.name) && tracker !== undefined) {
      tracker.trackScript.push({ name: s.name, weight: s.weight, reverse: s.reverse });
      tracked.add(s.name);
    }
  }
  m.scripts = m.scripts.filter((s) => tracked.has(s.name)); // keepalived drops unused scripts
  return m;
}

/**
 * Small models: a few scripts, one to three instances, perhaps a sync group over some of them,
 * and a `global_defs` with a few non-default values.
 */
export const arbitraryModel: fc.Arbitrary<Model> = fc.record({
  scriptNames: fc.uniqueArray(name, { maxLength: 2 }),
  routerId: fc.option(fc.constantFrom("node1", "node one", "n#1"), { nil: undefined }),
  version: fc.constantFrom(2 as const, 3 as const),
  strict: fc.boolean(),
  garpDelay: fc.constantFrom(5, 0, 10),
  instanceCount: fc.integer({ min: 1, max: 3 }),
  grouped: fc.boolean(),
  extras: modelExtras,
}).chain((g) =>
  fc.record({
    scripts: fc.tuple(
      ...g.scriptNames.map((n) =>
        fc.record({
          command,
          weight: fc.integer({ min: -30, max: 30 }),
          reverse: fc.boolean(),
          interval: fc.constantFrom(1, 2, 5),
          rise: fc.integer({ min: 1, max: 3 }),
        }).map((s) =>
          script(n, {
            script: s.command,
            weight: s.weight,
            reverse: s.reverse,
            interval: s.interval,
            rise: s.rise,
          })
        )
      ),
    ),
    instances: fc.tuple(
      ...Array.from({ length: g.instanceCount }, (_, i) => instanceArb(i + 1, g.scriptNames)),
    ),
  }).map(({ scripts, instances }) => {
    const globals = defaultGlobals({
      vrrpVersion: g.version,
      strict: g.strict,
      lowerPrioNoAdvert: g.strict,
      ownerIgnoreAdverts: g.strict,
    });
    for (const i of instances) {
      i.lowerPrioNoAdvert = g.strict;
      i.ownerIgnoreAdverts = g.strict;
    }
    if (g.routerId !== undefined) globals.routerId = g.routerId;
    globals.garp = { ...globals.garp, masterDelay: g.garpDelay, lowerPrioDelay: g.garpDelay };
    const m = model({ globalDefs: globals, scripts: [...scripts], instances: [...instances] });
    if (g.grouped && instances.length >= 2) {
      const members = instances.slice(0, 2);
      for (const i of members) {
        i.syncGroup = "G1";
        i.state = "BACKUP";
      }
      m.syncGroups = [
        syncGroup("G1", members.map((i) => i.name), { syncGroupTrackingWeight: true }),
      ];
    }
    applyModelExtras(m, g.extras, m.instances.find((i) => i.priority < 255));
    return resolveTrackers(m);
  })
);
