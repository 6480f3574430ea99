import { assertEquals, assertOk } from "../assert.ts";
import { createEngine } from "../../lib/vrrp/engine.ts";
import type { Action } from "../../lib/vrrp/actions.ts";
import type { ReceivedAdvert } from "../../lib/vrrp/advert.ts";
import { engineConfigFromModel, instanceConfig } from "../../lib/vrrp/engine_config.ts";
import type { VrrpInstance } from "../../lib/config/model.ts";
import { globalDefs, instance, model as fixtureModel, syncGroup, vip } from "../_fixtures/model.ts";

const one = (partial: Parameters<typeof instanceConfig>[0]) =>
  createEngine({ instances: [instanceConfig(partial)], groups: [] });

function rx(priority: number, source = "192.0.2.9", intervalCs = 100, version: 2 | 3 = 2) {
  const r: ReceivedAdvert = {
    advert: { version, vrid: 1, priority, intervalCs, family: "inet", addresses: [] },
    source,
    destination: "224.0.0.18",
    ttl: 255,
    interface: "eth0",
  };
  return r;
}

const kinds = (actions: Action[]) =>
  actions.filter((a) => a.type !== "schedule").map((a) => a.type);

Deno.test("state MASTER with priority 255 takes over 1 µs after start, without a BACKUP notify", () => {
  const e = one({ name: "VI_1", vrid: 1, priority: 255, wantMaster: true });
  const start = e.handle({ type: "start" }, 0);
  assertEquals(kinds(start), ["state"]);
  assertEquals(e.nextDeadline(), 1);
  const up = e.handle({ type: "timer" }, 1);
  assertEquals(kinds(up), ["advert", "state", "notify"]);
});

Deno.test("state MASTER below 255 waits the full Master_Down_Interval like a backup", () => {
  const e = one({ name: "VI_1", vrid: 1, priority: 100, wantMaster: true });
  e.handle({ type: "start" }, 0);
  assertEquals(e.nextDeadline(), 3_609_375);
});

Deno.test("an interface reported down before start makes the instance start in FAULT", () => {
  const e = one({ name: "VI_1", vrid: 1, interface: "eth0" });
  e.handle({ type: "interface", name: "eth0", up: false }, 0);
  const start = e.handle({ type: "start" }, 0);
  assertEquals(kinds(start), ["state", "notify"]);
  assertEquals(e.status().instances[0]?.state, "FAULT");
  assertEquals(e.nextDeadline(), undefined);
  e.handle({ type: "interface", name: "eth0", up: true }, 5);
  assertEquals(e.status().instances[0]?.state, "BACKUP");
  assertEquals(e.nextDeadline(), 5 + 3_609_375);
});

Deno.test("dont_track_primary keeps the instance up when its interface goes down", () => {
  const e = one({ name: "VI_1", vrid: 1, interface: "eth0", dontTrackPrimary: true });
  e.handle({ type: "start" }, 0);
  e.handle({ type: "interface", name: "eth0", up: false }, 10);
  assertEquals(e.status().instances[0]?.state, "BACKUP");
});

Deno.test("a priority-0 advert in BACKUP shortens Master_Down to Skew_Time", () => {
  const e = one({ name: "VI_1", vrid: 1, priority: 100 });
  e.handle({ type: "start" }, 0);
  e.handle({ type: "advert", instance: "VI_1", received: rx(0) }, 1_000_000);
  assertEquals(e.nextDeadline(), 1_000_000 + 609_375);
  assertEquals(e.status().instances[0]?.stats.priZeroRcvd, 1);
});

Deno.test("adverts are ignored in INIT and FAULT and before start", () => {
  const e = one({
    name: "VI_1",
    vrid: 1,
    trackers: [{ kind: "script", name: "c", weight: 0, reverse: false }],
  });
  assertEquals(e.handle({ type: "advert", instance: "VI_1", received: rx(200) }, 0), []);
  e.handle({ type: "start" }, 0);
  assertEquals(e.status().instances[0]?.state, "INIT");
  assertEquals(e.handle({ type: "advert", instance: "VI_1", received: rx(200) }, 1), []);
  assertEquals(e.status().instances[0]?.stats.advertRcvd, 0);
});

Deno.test("a v3 backup adopts the master's advert interval for its Master_Down", () => {
  const e = one({ name: "VI_1", vrid: 1, version: 3, priority: 100, advertIntUs: 1_000_000 });
  e.handle({ type: "start" }, 0);
  e.handle({ type: "advert", instance: "VI_1", received: rx(200, "192.0.2.9", 50, 3) }, 100);
  assertEquals(e.nextDeadline(), 100 + 1_804_687);
  assertEquals(e.status().instances[0]?.masterDownTimerUs, 1_804_687);
});

Deno.test("a raised priority shifts a running Master_Down by the change of skew", () => {
  const e = one({
    name: "VI_1",
    vrid: 1,
    priority: 100,
    trackers: [{ kind: "script", name: "c", weight: 50, reverse: false }],
  });
  e.handle({ type: "start" }, 0);
  const out = e.handle({ type: "tracker", kind: "script", name: "c", ok: true }, 10);
  assertEquals(out.find((a) => a.type === "priority"), {
    type: "priority",
    instance: "VI_1",
    from: 100,
    to: 150,
  });
  assertEquals(e.nextDeadline(), 3_609_375 - 609_375 + 414_062);
});

Deno.test("generic notify gets TYPE NAME STATE PRIORITY after its own words", () => {
  const e = one({
    name: "VI_1",
    vrid: 1,
    notify: {
      backup: { command: "/b", argv: ["/b"] },
      generic: { command: "/n x", argv: ["/n", "x"], user: "nobody" },
    },
  });
  const n = e.handle({ type: "start" }, 0).find((a) => a.type === "notify");
  assertEquals(n, {
    type: "notify",
    scope: "instance",
    name: "VI_1",
    state: "BACKUP",
    priority: 100,
    hooks: [
      { hook: "notify_backup", argv: ["/b"] },
      { hook: "notify", argv: ["/n", "x", "INSTANCE", "VI_1", "BACKUP", "100"], user: "nobody" },
    ],
    fifo: 'INSTANCE "VI_1" BACKUP 100',
  });
});

Deno.test("a deleted instance without notify_deleted notifies FAULT but runs no notify_fault", () => {
  const e = one({
    name: "VI_2",
    vrid: 1,
    priority: 150,
    notify: { fault: { command: "/f", argv: ["/f"] }, generic: { command: "/n", argv: ["/n"] } },
  });
  e.handle({ type: "start" }, 0);
  const n = e.handle({ type: "delete", instance: "VI_2" }, 5).find((a) => a.type === "notify");
  assertOk(n?.type === "notify");
  assertEquals(n.fifo, 'INSTANCE "VI_2" FAULT 150');
  assertEquals(n.hooks.map((h) => h.hook), ["notify"]);
});

Deno.test("with notify_deleted the word is DELETED; an instance already in FAULT stays silent without it", () => {
  const e = createEngine({
    instances: [
      instanceConfig({ name: "A", vrid: 1, notify: { deleted: true } }),
      instanceConfig({ name: "B", vrid: 2, interface: "eth9" }),
    ],
    groups: [],
  });
  e.handle({ type: "interface", name: "eth9", up: false }, 0);
  e.handle({ type: "start" }, 0);
  assertEquals(
    e.handle({ type: "delete", instance: "A" }, 1).filter((a) => a.type === "notify").map((a) =>
      a.type === "notify" ? a.fifo : ""
    ),
    ['INSTANCE "A" DELETED 100'],
  );
  assertEquals(kinds(e.handle({ type: "delete", instance: "B" }, 2)), ["state"]);
});

Deno.test("after stop nothing is armed and further events do nothing", () => {
  const e = one({ name: "VI_1", vrid: 1 });
  e.handle({ type: "start" }, 0);
  e.handle({ type: "stop" }, 1);
  assertEquals(e.nextDeadline(), undefined);
  assertEquals(e.handle({ type: "timer" }, 10_000_000), []);
});

Deno.test("the v2 PASS password travels in the advert's auth data", () => {
  const e = one({
    name: "VI_1",
    vrid: 1,
    priority: 255,
    wantMaster: true,
    authentication: { type: "PASS", password: "secret" },
  });
  e.handle({ type: "start" }, 0);
  const a = e.handle({ type: "timer" }, 1).find((x) => x.type === "advert");
  assertOk(a?.type === "advert");
  assertEquals(a.advert.auth?.type, 1);
  assertEquals(new TextDecoder().decode(a.advert.auth?.data.subarray(0, 6)), "secret");
});

/** An instance as the resolver makes it: VI_1 with 192.0.2.100/24, the rest keepalived's defaults. */
function modelInstance(partial: Partial<VrrpInstance>): VrrpInstance {
  return instance("VI_1", { vips: [vip("192.0.2.100", { prefix: 24 })], ...partial });
}

Deno.test("engineConfigFromModel converts seconds to µs and applies the sync-group weight rule", () => {
  const model = fixtureModel({
    globalDefs: globalDefs({ startupDelay: 2.5 }),
    instances: [
      modelInstance({
        name: "VI_1",
        preemptDelay: 1.5,
        mcastSrcIp: "192.0.2.1",
        syncGroup: "G",
        trackScript: [{ name: "chk", weight: 20, reverse: false }],
        trackInterface: [{ name: "eth1", weight: -10, reverse: false }],
      }),
      modelInstance({ name: "VI_2", vrid: 52, version: 3, advertInt: 0.5, syncGroup: "G" }),
    ],
    syncGroups: [
      syncGroup("G", ["VI_1", "VI_2"], {
        trackScript: [{ name: "gchk", weight: -30, reverse: false }],
      }),
    ],
  });
  const cfg = engineConfigFromModel(model);
  assertEquals(cfg.startupDelayUs, 2_500_000);
  const [a, b] = cfg.instances;
  assertEquals(a?.preemptDelayUs, 1_500_000);
  assertEquals(a?.sourceAddress, "192.0.2.1");
  assertEquals(a?.trackers.map((t) => [t.kind, t.name, t.weight]), [
    ["interface", "eth1", 0],
    ["script", "gchk", -30],
  ]);
  assertEquals(b?.advertIntUs, 500_000);
  assertEquals(cfg.groups, [{ name: "G", members: ["VI_1", "VI_2"], notify: {} }]);
  assertEquals(engineConfigFromModel(model), cfg, "the mapping is pure");
});

Deno.test("engineConfigFromModel tracks the interfaces of routes and rules unless no_track, and carries the lines", () => {
  const routes = [
    ["198.51.100.0/24", "via", "192.0.2.254", "dev", "eth1"],
    ["203.0.113.0/24", "dev", "eth2", "no_track"],
    ["default", "via", "192.0.2.254", "dev", "eth0"],
  ];
  const rules = [["from", "192.0.2.100", "iif", "eth3", "table", "100"]];
  const model = fixtureModel({
    instances: [modelInstance({ interface: "eth0", virtualRoutes: routes, virtualRules: rules })],
  });
  const [a] = engineConfigFromModel(model).instances;
  assertEquals(a?.trackers.map((t) => [t.kind, t.name, t.weight]), [
    ["interface", "eth1", 0],
    ["interface", "eth3", 0],
  ]);
  assertEquals([a?.routes, a?.rules], [routes, rules]);
});

Deno.test("timer_expired_backup: a master whose advert timer fires far too late steps down quietly", () => {
  const e = one({ name: "VI_1", vrid: 1, nopreempt: true, timerExpiredBackup: 254 });
  e.handle({ type: "start" }, 0);
  const t = 3_609_375;
  assertEquals(kinds(e.handle({ type: "timer" }, t)), ["advert", "state", "notify"]);
  // Limit = 3 s + Skew_Time(254) = 3 007 812 µs after the last advert: still on time.
  assertEquals(kinds(e.handle({ type: "timer" }, t + 3_007_812)), ["advert"]);
  const late = e.handle({ type: "timer" }, t + 3_007_812 + 3_007_813);
  assertEquals(kinds(late), ["log", "state", "notify"]);
  assertEquals(e.status().instances[0]?.state, "BACKUP");
});

Deno.test("a unicast instance coming out of FAULT sends one GARP for its own source address", () => {
  const e = one({
    name: "VI_1",
    vrid: 1,
    interface: "eth0",
    unicast: true,
    sourceAddress: "192.0.2.1",
  });
  e.handle({ type: "interface", name: "eth0", up: false }, 0);
  e.handle({ type: "start" }, 0);
  const up = e.handle({ type: "interface", name: "eth0", up: true }, 10);
  const garp = up.find((a) => a.type === "garp");
  assertOk(garp?.type === "garp");
  assertEquals([garp.reason, garp.repeat, garp.addresses.map((a) => a.address)], [
    "source",
    1,
    ["192.0.2.1"],
  ]);
});

Deno.test("a v3 IPv6 instance advertises its VIPs in centiseconds", () => {
  const e = one({
    name: "VI_6",
    vrid: 7,
    version: 3,
    family: "inet6",
    advertIntUs: 250_000,
    priority: 255,
    wantMaster: true,
    vips: [{ address: "fe80::1", prefix: 64, family: "inet6" }, {
      address: "2001:db8::1",
      prefix: 64,
      family: "inet6",
    }],
  });
  e.handle({ type: "start" }, 0);
  const a = e.handle({ type: "timer" }, 1).find((x) => x.type === "advert");
  assertOk(a?.type === "advert");
  assertEquals(a.advert, {
    version: 3,
    vrid: 7,
    intervalCs: 25,
    family: "inet6",
    addresses: ["fe80::1", "2001:db8::1"],
    priority: 255,
  });
});
