import { assertEquals, assertOk } from "../assert.ts";
import { Agent } from "../../lib/agent/agent.ts";
import { systemAgentClock } from "../../lib/agent/clock.ts";
import type { AddressNet, Announcer, RawVrrpPacket, VrrpNet } from "../../lib/agent/ports.ts";
import { NotifyEvents } from "../../lib/notify/events.ts";
import type { PlannedNotify } from "../../lib/notify/executor.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { nodeModel } from "./_model.ts";
import { type FakeHost, FakeLink, VirtualClock } from "./_fake_world.ts";

const S = 1_000_000;

/**
 * An agent on `host` whose sends, VIP changes, GARPs and notifies are logged in order. With
 * `acks`, a VIP change is in the host at once but acknowledged `acks.us` later ("ack"), and the
 * address port reports room for `acks.room` changes made at once.
 */
function tracedNode(
  clock: VirtualClock,
  host: FakeHost,
  priority: number,
  lateMs = 0,
  acks?: { us: number; room: number },
) {
  const seq: string[] = [];
  const net: VrrpNet = {
    open: async (iface, family, groups, onPacket) => {
      // Packets reach the agent `lateMs` after the kernel stamped them (event-loop latency).
      const late = (p: RawVrrpPacket) =>
        onPacket(
          lateMs > 0
            ? { ...p, receivedAtMs: performance.timeOrigin + performance.now() - lateMs }
            : p,
        );
      const s = await host.open(iface, family, groups, late);
      return {
        send: (p) => {
          seq.push(`advert ${p.message[2]}`);
          return s.send(p);
        },
        close: () => s.close(),
      };
    },
  };
  const acked = (done: Promise<void>) =>
    acks === undefined ? done : new Promise<void>((resolve) => {
      clock.at(clock.now() + acks.us, () => {
        seq.push("ack");
        resolve(done);
      });
    });
  const addresses: AddressNet = {
    add: (spec) => (seq.push("add-vip"), acked(host.add(spec))),
    remove: (spec) => (seq.push("remove-vip"), acked(host.remove(spec))),
    ...(acks ? { immediate: () => acks.room } : {}),
    prime: (spec) => void seq.push(`prime-vip ${spec.address} on ${spec.interface}`),
    primaryAddress: (i, f, x) => host.primaryAddress(i, f, x),
    hasAddress: (i, f, a) => host.hasAddress(i, f, a),
    watchAddresses: (f) => host.watchAddresses(f),
    linkUp: (i) => host.linkUp(i),
    watchLinks: (f) => host.watchLinks(f),
  };
  const announcer: Announcer = {
    announce: (i, f, a) => (seq.push("garp"), host.announce(i, f, a)),
    prime: (i, _f, a) => void seq.push(`prime-garp ${a} on ${i}`),
  };
  const masters: number[] = [];
  const events = new NotifyEvents();
  const notifier = {
    events,
    submitPlanned(r: PlannedNotify) {
      seq.push(`notify ${r.state}`);
      if (r.state === "MASTER") masters.push(clock.now());
      return events.publish({
        kind: r.scope,
        name: r.name,
        state: r.state,
        priority: r.priority,
        time: 0,
      }); // deno-fmt-ignore
    },
    shutdown: () => Promise.resolve(),
  };
  const m = nodeModel(host.iface, priority);
  const agent = new Agent({
    model: m,
    clock,
    net,
    addresses,
    announcer,
    notifier,
    logger: memoryLogger(),
  }); // deno-fmt-ignore
  return { agent, seq, masters };
}

Deno.test("agent: a takeover's advert leaves first; the MASTER notify waits for the VIP and GARPs", async () => {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const a = tracedNode(clock, link.host("a", "eth0", "192.0.2.1"), 150);
  const hostB = link.host("b", "eth0", "192.0.2.2");
  const b = tracedNode(clock, hostB, 100);
  await a.agent.start();
  await b.agent.start();
  await clock.runUntil(6 * S);
  a.agent.status(); // a is master; crash it
  link.hosts[0]!.down = true;
  const from = b.seq.length;
  await clock.runUntil(11 * S);
  const takeover = b.seq.slice(from, from + 8);
  assertEquals(takeover[0], "advert 100", `sequence: ${takeover.join(", ")}`);
  const notify = takeover.indexOf("notify MASTER");
  assertOk(notify > takeover.indexOf("add-vip"), `sequence: ${takeover.join(", ")}`);
  assertOk(notify > takeover.lastIndexOf("garp"), `sequence: ${takeover.join(", ")}`);
  await a.agent.stop();
  await b.agent.stop();
});

for (const room of [1, 0]) {
  const how = room > 0
    ? "with room at the address port, the first GARP follows the VIP into the kernel at once"
    : "with the address port busy, the GARP waits for the VIP's acknowledgement";
  Deno.test(`agent: ${how}; the MASTER notify waits for both`, async () => {
    const clock = new VirtualClock();
    const link = new FakeLink(clock);
    const a = tracedNode(clock, link.host("a", "eth0", "192.0.2.1"), 150);
    const b = tracedNode(clock, link.host("b", "eth0", "192.0.2.2"), 100, 0, { us: 50, room });
    // Acknowledgements come on the virtual clock: keep it running while the agent waits for one.
    const meanwhile = async (p: Promise<void>) => {
      let done = false;
      const end = p.finally(() => (done = true));
      while (!done) await clock.runUntil(clock.now() + 100);
      await end;
    };
    await a.agent.start();
    await meanwhile(b.agent.start());
    await clock.runUntil(6 * S);
    link.hosts[0]!.down = true;
    const from = b.seq.length;
    await clock.runUntil(11 * S);
    const takeover = b.seq.slice(from).filter((s, i, all) => s !== "garp" || all[i - 1] !== "garp");
    const expected = room > 0
      ? ["advert 100", "add-vip", "garp", "ack", "notify MASTER"]
      : ["advert 100", "add-vip", "ack", "garp", "notify MASTER"];
    assertEquals(takeover.slice(0, 5), expected);
    assertEquals(b.seq.slice(from).filter((s) => s === "garp").length, 5, "the whole burst");
    await a.agent.stop();
    await meanwhile(b.agent.stop());
  });
}

Deno.test("agent: Master_Down runs from an advert's kernel arrival, not from when it was read", async () => {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const a = tracedNode(clock, link.host("a", "eth0", "192.0.2.1"), 150);
  const b = tracedNode(clock, link.host("b", "eth0", "192.0.2.2"), 100, 5);
  await a.agent.start();
  await b.agent.start();
  await clock.runUntil(6 * S);
  link.hosts[0]!.down = true;
  const last = link.wire.filter((w) => w.from === "a").at(-1)!;
  await clock.runUntil(11 * S);
  // Master_Down_Interval = 3 × 1 s + 609 375 µs after the advert arrived (100 µs of latency),
  // which the kernel stamped 5 ms before the agent read it.
  const expected = last.time + 100 - 5_000 + 3_609_375;
  const at = b.masters.at(-1) ?? NaN;
  assertOk(at <= expected && at > expected - 200, `MASTER at ${at}, expected ${expected}`);
  await a.agent.stop();
  await b.agent.stop();
});

Deno.test("agent clock: a timer never fires before its deadline, and a cancelled one not at all", async () => {
  const early: number[] = [];
  let cancelledFired = false;
  await Promise.all([0, 1, 3, 7, 12, 20].map((ms) =>
    new Promise<void>((resolve) => {
      const at = systemAgentClock.now() + ms * 1000;
      systemAgentClock.at(at, () => {
        const now = systemAgentClock.now();
        if (now < at) early.push(at - now);
        resolve();
      });
    })
  ));
  const cancel = systemAgentClock.at(systemAgentClock.now() + 2000, () => (cancelledFired = true));
  cancel();
  await new Promise((r) => setTimeout(r, 10));
  assertEquals(early, []);
  assertEquals(cancelledFired, false);
});

Deno.test("agent: the clock's primer runs a backup's VIP and GARP path dry, a master's not", async () => {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const a = tracedNode(clock, link.host("a", "eth0", "192.0.2.1"), 150);
  await a.agent.start();
  await clock.runUntil(1 * S);
  const slots = [...clock.primers.keys()].filter((k) => k.startsWith("agent"));
  assertEquals(slots.length, 1, "one slot of its own");
  const primer = clock.primers.get(slots[0]!);
  assertOk(primer !== undefined, "registered at start");
  let from = a.seq.length;
  primer();
  assertEquals(a.seq.slice(from), [
    "prime-vip 192.0.2.100 on eth0",
    "prime-garp 192.0.2.100 on eth0",
  ]);
  await clock.runUntil(6 * S);
  assertEquals(a.agent.status().instances[0]?.state, "MASTER");
  from = a.seq.length;
  primer();
  assertEquals(a.seq.slice(from), [], "a master has no takeover ahead");
  await a.agent.stop();
  assertEquals(clock.primers.has(slots[0]!), false, "removed at stop");
});
