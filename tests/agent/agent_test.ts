import { assertEquals, assertOk } from "../assert.ts";
import { Agent } from "../../lib/agent/agent.ts";
import { NotifyEvents } from "../../lib/notify/events.ts";
import type { PlannedNotify } from "../../lib/notify/executor.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { globalDefs, instance, model, vip } from "../_fixtures/model.ts";
import { nodeModel } from "./_model.ts";
import { type FakeHost, FakeLink, VirtualClock } from "./_fake_world.ts";

function recordingNotifier(clock: VirtualClock) {
  const submitted: (PlannedNotify & { at: number })[] = [];
  return {
    submitted,
    events: new NotifyEvents(),
    submitPlanned(r: PlannedNotify) {
      submitted.push({ ...r, at: clock.now() });
      return this.events.publish({
        kind: r.scope,
        name: r.name,
        state: r.state,
        priority: r.priority,
        time: 0,
      });
    },
    shutdown: () => Promise.resolve(),
  };
}

function node(clock: VirtualClock, host: FakeHost, priority: number) {
  const notifier = recordingNotifier(clock);
  const m = nodeModel(host.iface, priority);
  const agent = new Agent({
    model: m,
    clock,
    net: host,
    addresses: host,
    announcer: host,
    notifier,
    logger: memoryLogger(),
  });
  return { agent, notifier, host };
}

const S = 1_000_000;

/** Node a (priority 150) and node b (100) on one link, started and run for 6 s: a is MASTER. */
async function settledPair() {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const a = node(clock, link.host("a", "eth0", "192.0.2.1"), 150);
  const b = node(clock, link.host("b", "eth0", "192.0.2.2"), 100);
  await a.agent.start();
  await b.agent.start();
  await clock.runUntil(6 * S);
  return { clock, link, a, b };
}

Deno.test("agent: two nodes elect the higher priority, which holds the VIP and announces it", async () => {
  const { link, a, b } = await settledPair();
  assertEquals(a.agent.status().instances[0]?.state, "MASTER");
  assertEquals(b.agent.status().instances[0]?.state, "BACKUP");
  assertOk(a.host.addresses.has("192.0.2.100/24"), "the master holds the VIP");
  assertOk(!b.host.addresses.has("192.0.2.100/24"), "the backup does not");
  assertEquals(a.host.announced.length >= 5, true);
  const states = a.notifier.submitted.map((r) => r.state);
  assertEquals(states, ["BACKUP", "MASTER"]);
  // The master advertises once a second with its priority.
  const fromA = link.wire.filter((w) => w.from === "a" && w.time > 4 * S);
  assertEquals(fromA.length, 2);
  assertEquals(fromA[0]?.packet.message[2], 150);
});

Deno.test("agent: a graceful stop hands over after Skew_Time", async () => {
  const { clock, link, a, b } = await settledPair();
  const stopAt = clock.now();
  await a.agent.stop();
  assertOk(!a.host.addresses.has("192.0.2.100/24"), "VIP removed at stop");
  const zero = link.wire.find((w) => w.from === "a" && w.time >= stopAt);
  assertEquals(zero?.packet.message[2], 0, "priority-0 advert at stop");
  await clock.runUntil(stopAt + 1 * S);
  assertEquals(b.agent.status().instances[0]?.state, "MASTER");
  const master = b.notifier.submitted.at(-1);
  assertEquals(master?.state, "MASTER");
  // Skew_Time for priority 100, v3, 1 s: (256 - 100) / 256 s = 609 375 µs after the priority-0
  // advert arrived (100 µs of link latency).
  assertEquals(master?.at, stopAt + 100 + 609_375);
  await b.agent.stop();
});

Deno.test("agent: after a crash the backup takes over at exactly Master_Down_Interval", async () => {
  const { clock, link, a, b } = await settledPair();
  a.host.down = true;
  const last = link.wire.filter((w) => w.from === "a").at(-1);
  await clock.runUntil(11 * S);
  const master = b.notifier.submitted.at(-1);
  assertEquals(master?.state, "MASTER");
  // Master_Down_Interval = 3 × 1 s + 609 375 µs after the last advert arrived.
  assertEquals(master?.at, (last?.time ?? 0) + 100 + 3_609_375);
  await a.agent.stop();
  await b.agent.stop();
});

Deno.test("agent: a link going down faults the master and its peer takes over", async () => {
  const { clock, a, b } = await settledPair();
  a.host.setLink(false);
  await clock.runUntil(7 * S);
  assertEquals(a.agent.status().instances[0]?.state, "FAULT");
  assertEquals(b.agent.status().instances[0]?.state, "MASTER");
  assertOk(!a.host.addresses.has("192.0.2.100/24"));
  assertOk(b.host.addresses.has("192.0.2.100/24"));
  await a.agent.stop();
  await b.agent.stop();
});

Deno.test("agent: a reload keeps a paired master, adds new VIPs, releases removed instances", async () => {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const host = link.host("a", "eth0", "192.0.2.1");
  const a = node(clock, host, 150);
  await a.agent.start();
  await clock.runUntil(5 * S);
  assertEquals(a.agent.status().instances[0]?.state, "MASTER");
  const notifiesBefore = a.notifier.submitted.length;
  const vi1 = (vips: string[]) =>
    instance("VI_1", {
      interface: "eth0",
      vrid: 51,
      priority: 150,
      version: 3,
      advertInt: 1,
      vips: vips.map((v) => vip(v, { prefix: 24 })),
    });
  const g = globalDefs({ vrrpVersion: 3 });
  await a.agent.reload(model({ globalDefs: g, instances: [vi1(["192.0.2.100", "192.0.2.101"])] }));
  await clock.runUntil(6 * S);
  assertEquals(a.agent.status().instances[0]?.state, "MASTER", "still master");
  assertOk(host.addresses.has("192.0.2.101/24"), "the new VIP is added");
  assertEquals(a.notifier.submitted.length, notifiesBefore, "no notify without a state change");

  const reloadAt = clock.now();
  const vi2 = instance("VI_2", {
    interface: "eth0",
    vrid: 52,
    priority: 100,
    version: 3,
    advertInt: 1,
    vips: [vip("192.0.2.200", { prefix: 24 })],
  });
  await a.agent.reload(model({ globalDefs: g, instances: [vi2] }));
  await clock.runUntil(reloadAt + S / 2);
  assertOk(!host.addresses.has("192.0.2.100/24"), "the removed instance dropped its VIPs");
  const after = link.wire.filter((w) => w.time >= reloadAt && w.packet.message[1] === 51);
  assertOk(after.some((w) => w.packet.message[2] === 0), "and sent a priority-0 advert");
  const last = after.at(-1);
  assertEquals(last?.packet.message[2], 0, "its last advert");
  assertEquals(a.agent.status().instances.map((i) => `${i.name}=${i.state}`), ["VI_2=BACKUP"]);
  await a.agent.stop();
});

Deno.test("agent: status carries keepalived's receive statistics as the checks counted them", async () => {
  const { a, b } = await settledPair();
  const got = b.agent.status().received?.["VI_1"];
  // b heard a's adverts once a second for about 6 s (a became master after ~3.4 s on its own).
  assertOk((got?.advert_rcvd ?? 0) >= 2, JSON.stringify(got));
  assertEquals(got?.advert_rcvd, b.agent.status().instances[0]?.stats.advertRcvd);
  assertEquals(got?.ip_ttl_err, 0);
  await a.agent.stop();
  await b.agent.stop();
});
