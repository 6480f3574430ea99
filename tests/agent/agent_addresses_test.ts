import { assertEquals, assertOk } from "../assert.ts";
import { Agent } from "../../lib/agent/agent.ts";
import { NotifyEvents } from "../../lib/notify/events.ts";
import type { PlannedNotify } from "../../lib/notify/executor.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import type { Model } from "../../lib/config/model.ts";
import { nodeModel } from "./_model.ts";
import { type FakeHost, FakeLink, loggedAddresses, VirtualClock } from "./_fake_world.ts";

const S = 1_000_000;

function recordingNotifier(submitted: string[] = []) {
  return {
    events: new NotifyEvents(),
    submitPlanned(r: PlannedNotify) {
      submitted.push(r.state);
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

function node(clock: VirtualClock, host: FakeHost, m: Model) {
  const submitted: string[] = [];
  const logger = memoryLogger();
  const agent = new Agent({
    model: m,
    clock,
    net: host,
    addresses: host,
    announcer: host,
    notifier: recordingNotifier(submitted),
    logger,
  });
  return { agent, submitted, host, logger };
}

const state = (a: Agent, i = 0) => a.status().instances[i]?.state;

/** Node a (150, address `aPrimary`) and node b (100, 192.0.2.2) on one link, run for 6 s. */
async function pairOf(aPrimary: string | undefined) {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const a = node(clock, link.host("a", "eth0", aPrimary), nodeModel("eth0", 150));
  const b = node(clock, link.host("b", "eth0", "192.0.2.2"), nodeModel("eth0", 100));
  await a.agent.start();
  await b.agent.start();
  await clock.runUntil(6 * S);
  return { clock, link, a, b };
}

/** A lone node `a` with address `primary` running `m`, started and run for 6 s. */
async function lone(m: Model, primary: string | undefined = "192.0.2.1") {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const a = node(clock, link.host("a", "eth0", primary), m);
  await a.agent.start();
  await clock.runUntil(6 * S);
  return { clock, link, a };
}

Deno.test("agent: a node whose interface has no address starts in FAULT, says why, and sends nothing", async () => {
  const { link, a, b } = await pairOf(undefined);
  assertEquals(state(a.agent), "FAULT");
  assertEquals(a.submitted, ["FAULT"]);
  assertEquals(state(b.agent), "MASTER");
  assertEquals(link.wire.filter((w) => w.from === "a").length, 0);
  const warning = a.logger.lines.find((l) => l.includes("no source address"));
  assertOk(warning?.includes("no IPv4 address on eth0"), warning);
  await a.agent.stop();
  await b.agent.stop();
});

Deno.test("agent: the address appearing clears the fault, and the higher priority takes the VIP back", async () => {
  const { clock, link, a, b } = await pairOf(undefined);
  a.host.setPrimary("192.0.2.1");
  await clock.runUntil(12 * S);
  assertEquals(a.submitted, ["FAULT", "BACKUP", "MASTER"]);
  assertEquals(state(b.agent), "BACKUP");
  const fromA = link.wire.filter((w) => w.from === "a");
  assertOk(fromA.length > 0 && fromA.every((w) => w.packet.source === "192.0.2.1"));
  assertOk(a.host.addresses.has("192.0.2.100/24"));
  await a.agent.stop();
  await b.agent.stop();
});

Deno.test("agent: a master losing its address goes to FAULT, drops the VIP, and the backup takes over", async () => {
  const { clock, link, a, b } = await pairOf("192.0.2.1");
  assertEquals(state(a.agent), "MASTER");
  const lostAt = clock.now();
  a.host.setPrimary(undefined);
  await clock.runUntil(lostAt + 2 * S);
  assertEquals(state(a.agent), "FAULT");
  assertOk(!a.host.addresses.has("192.0.2.100/24"), "the VIP is removed");
  // IPv4: the priority-0 adverts still go out from the old address (as keepalived sends them).
  const zeros = link.wire.filter((w) => w.from === "a" && w.time >= lostAt);
  assertEquals(zeros.map((w) => [w.packet.message[2], w.packet.source]), [
    [0, "192.0.2.1"],
    [0, "192.0.2.1"],
  ]);
  assertEquals(state(b.agent), "MASTER");
  await a.agent.stop();
  await b.agent.stop();
});

Deno.test("agent: a VIP is never taken as the source address, even when it is the only one", async () => {
  // The VIP is the only address the host would otherwise pick.
  const { a } = await lone(nodeModel("eth0", 150), "192.0.2.100");
  assertEquals(state(a.agent), "FAULT");
  assertOk(a.logger.lines.some((l) => l.includes("no IPv4 address on eth0")));
  await a.agent.stop();
});

Deno.test("agent: track_src_ip faults when the configured source goes and recovers when it is back", async () => {
  const m = nodeModel("eth0", 150);
  const inst = m.instances[0]!;
  m.instances[0] = { ...inst, mcastSrcIp: "192.0.2.1", trackSrcIp: true };
  const { clock, a } = await lone(m);
  assertEquals(state(a.agent), "MASTER");
  a.host.setPrimary("192.0.2.7");
  await clock.runUntil(8 * S);
  assertEquals(state(a.agent), "FAULT");
  assertOk(a.logger.lines.some((l) => l.includes("192.0.2.1 (track_src_ip)")));
  a.host.setPrimary("192.0.2.1");
  await clock.runUntil(14 * S);
  assertEquals(state(a.agent), "MASTER");
  assertEquals(a.submitted, ["BACKUP", "MASTER", "FAULT", "BACKUP", "MASTER"]);
  await a.agent.stop();
});

Deno.test("agent: a configured source without track_src_ip is used even when it is not on the interface", async () => {
  const m = nodeModel("eth0", 150);
  m.instances[0] = { ...m.instances[0]!, mcastSrcIp: "192.0.2.9" };
  const { link, a } = await lone(m);
  assertEquals(state(a.agent), "MASTER");
  assertEquals(link.wire.at(-1)?.packet.source, "192.0.2.9");
  await a.agent.stop();
});

Deno.test("agent: a reload that changes the multicast group reopens the socket on the new group", async () => {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const host = link.host("a", "eth0", "192.0.2.1");
  const a = node(clock, host, nodeModel("eth0", 150));
  await a.agent.start();
  await clock.runUntil(6 * S);
  await a.agent.reload(nodeModel("eth0", 150));
  assertEquals(host.sockets.map((s) => [s.groups, s.closed]), [[["224.0.0.18"], false]]);
  const m = nodeModel("eth0", 150);
  m.instances[0] = { ...m.instances[0]!, mcastDstIp: "224.0.0.99" };
  await a.agent.reload(m);
  assertEquals(host.sockets.map((s) => [s.groups, s.closed]), [
    [["224.0.0.18"], true],
    [["224.0.0.99"], false],
  ]);
  await clock.runUntil(8 * S);
  assertEquals(state(a.agent), "MASTER");
  assertEquals(link.wire.at(-1)?.packet.destination, "224.0.0.99");
  await a.agent.stop();
});

const ROUTE = ["198.51.100.0/24", "via", "192.0.2.254"];
const RULE = ["from", "192.0.2.100", "table", "100"];

/**
 * A lone node whose instance has `routes` and one rule; every address, route and rule change is
 * recorded in `seq` as "verb kind words (iface)", and `fail` decides which ones throw.
 */
function routedNode(routes: string[][], fail: (words: string[]) => boolean = () => false) {
  const clock = new VirtualClock();
  const host = new FakeLink(clock).host("a", "eth0", "192.0.2.1");
  const m = nodeModel("eth0", 150);
  m.instances[0] = { ...m.instances[0]!, virtualRoutes: routes, virtualRules: [RULE] };
  const seq: string[] = [];
  const logger = memoryLogger();
  const line = (what: string) => (w: string[], iface: string | undefined) => {
    seq.push(`${what} ${w.join(" ")} (${iface})`);
    return fail(w) ? Promise.reject(new Error("no such thing")) : Promise.resolve();
  };
  const agent = new Agent({
    model: m,
    clock,
    net: host,
    addresses: loggedAddresses(host, seq),
    announcer: host,
    routes: {
      addRoute: line("add route"),
      removeRoute: line("remove route"),
      addRule: line("add rule"),
      removeRule: line("remove rule"),
    },
    notifier: recordingNotifier(),
    logger,
  });
  return { agent, clock, seq, logger };
}

Deno.test("agent: becoming master installs the VIP, then the routes, then the rules", async () => {
  const { agent, clock, seq } = routedNode([ROUTE]);
  await agent.start();
  await clock.runUntil(6 * S);
  assertEquals(state(agent), "MASTER");
  assertEquals(seq.slice(seq.lastIndexOf("add 192.0.2.100 on eth0")), [
    "add 192.0.2.100 on eth0",
    "add route 198.51.100.0/24 via 192.0.2.254 (eth0)",
    "add rule from 192.0.2.100 table 100 (eth0)",
  ]);
  await agent.stop();
});

Deno.test("agent: at release the rules go first, then the routes, then the VIP; a failing one is logged and the rest still run", async () => {
  const { agent, clock, seq, logger } = routedNode(
    [ROUTE, ["bad", "route"]],
    (w) => w[0] === "bad",
  );
  await agent.start();
  await clock.runUntil(6 * S);
  seq.length = 0; // the start-up clean-up and the takeover are not the point here
  await agent.stop();
  assertEquals(seq, [
    "remove rule from 192.0.2.100 table 100 (eth0)",
    "remove route bad route (eth0)",
    "remove route 198.51.100.0/24 via 192.0.2.254 (eth0)",
    "remove 192.0.2.100 on eth0",
  ]);
  assertOk(
    logger.lines.some((l) => l.includes("could not remove route 'bad route': no such thing")),
  );
});

/** A lone `use_vmac` node; `ensure` fails when `broken`. Records what went where. */
function vmacNode(opts: { broken?: boolean; keep?: boolean; xmitBase?: boolean } = {}) {
  const clock = new VirtualClock();
  const host = new FakeLink(clock).host("a", "eth0", "192.0.2.1");
  const m = nodeModel("eth0", 150);
  m.instances[0] = { ...m.instances[0]!, useVmac: [], vmacXmitBase: opts.xmitBase ?? false };
  const seq: string[] = [];
  const logger = memoryLogger();
  const agent = new Agent({
    model: m,
    clock,
    net: host,
    addresses: loggedAddresses(host, seq),
    announcer: {
      announce: (i, _f, a) => (seq.push(`garp ${a} on ${i}`), Promise.resolve()),
    },
    vmacs: {
      ensure(inst, prefix) {
        seq.push(`ensure ${inst.name} ${prefix ?? "vrrp"}`);
        return opts.broken
          ? Promise.reject(new Error("macvlan not available"))
          : Promise.resolve(`vrrp.${inst.vrid}`);
      },
      remove: (name) => (seq.push(`remove vmac ${name}`), Promise.resolve()),
      close: () => (seq.push("close vmacs"), Promise.resolve()),
    },
    notifier: recordingNotifier(),
    logger,
    ...(opts.keep ? { dontReleaseVrrp: true } : {}),
  });
  return { agent, clock, host, seq, logger };
}

Deno.test("agent: a use_vmac instance holds its VIP and GARPs on its VMAC and reads and sends adverts there", async () => {
  const { agent, clock, host, seq } = vmacNode();
  await agent.start();
  await clock.runUntil(6 * S);
  assertEquals(state(agent), "MASTER");
  assertEquals(seq[0], "ensure VI_1 vrrp");
  assertOk(seq.includes("add 192.0.2.100 on vrrp.51"), seq.join("\n"));
  assertOk(seq.includes("garp 192.0.2.100 on vrrp.51"), seq.join("\n"));
  assertEquals(seq.filter((l) => l.includes(" on eth0")), []);
  // Read and sent on the VMAC, joined to the group there (the macvlan driver hands the peer's
  // adverts, from the same virtual MAC, to the VMAC and not to the parent).
  assertEquals(host.sockets.map((s) => [s.iface, s.groups, s.closed]), [
    ["vrrp.51", ["224.0.0.18"], false],
  ]);
  await agent.stop();
  assertEquals(seq.slice(-2), ["remove 192.0.2.100 on vrrp.51", "close vmacs"]);
  assertOk(host.sockets.every((s) => s.closed));
});

Deno.test("agent: with vmac_xmit_base the adverts leave from the parent and are still read on the VMAC", async () => {
  const { agent, clock, host } = vmacNode({ xmitBase: true });
  await agent.start();
  await clock.runUntil(6 * S);
  assertEquals(state(agent), "MASTER");
  assertEquals(host.sockets.map((s) => [s.iface, s.groups, s.sent > 0]), [
    ["vrrp.51", ["224.0.0.18"], false],
    ["eth0", [], true],
  ]);
  await agent.stop();
});

Deno.test("agent: with -V the VMAC stays at shutdown, as the VIP on it does", async () => {
  const { agent, clock, seq } = vmacNode({ keep: true });
  await agent.start();
  await clock.runUntil(6 * S);
  const before = seq.length;
  await agent.stop();
  assertEquals(seq.slice(before), []);
});

Deno.test("agent: a VMAC that cannot be made is logged and the instance runs on its interface", async () => {
  const { agent, clock, seq, logger } = vmacNode({ broken: true });
  await agent.start();
  await clock.runUntil(6 * S);
  assertEquals(state(agent), "MASTER");
  assertOk(seq.includes("add 192.0.2.100 on eth0"));
  assertOk(
    logger.lines.some((l) =>
      l.includes("could not set up its VMAC: macvlan not available; running on eth0")
    ),
    logger.lines.join("\n"),
  );
  await agent.stop();
});

Deno.test("agent: a unicast_src_ip that is not an address of the host is FAULT until it is added", async () => {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const m = nodeModel("eth0", 150);
  m.instances[0] = {
    ...m.instances[0]!,
    unicastSrcIp: "192.0.2.9",
    unicastPeers: [{ address: "192.0.2.2" }],
  };
  const a = node(clock, link.host("a", "eth0", "192.0.2.1"), m);
  await a.agent.start();
  await clock.runUntil(5 * S);
  assertEquals(state(a.agent), "FAULT");
  assertOk(
    a.logger.lines.some((l) =>
      l.includes("unicast_src_ip 192.0.2.9 is not an address of this host")
    ),
    a.logger.lines.join("\n"),
  );
  a.host.setPrimary("192.0.2.9");
  await clock.runUntil(10 * S);
  assertEquals(state(a.agent), "MASTER");
  assertEquals(link.wire.at(-1)?.packet.source, "192.0.2.9");
  await a.agent.stop();
});

Deno.test("agent: a VIP deleted from outside makes the master step down and take it back after Skew_Time", async () => {
  const { clock, link, a } = await lone(nodeModel("eth0", 150));
  assertEquals(state(a.agent), "MASTER");
  const at = clock.now();
  a.host.dropAddress("192.0.2.100");
  await clock.runUntil(at + 100_000);
  assertEquals(state(a.agent), "BACKUP");
  assertOk(
    a.logger.lines.some((l) =>
      l.includes("virtual address 192.0.2.100 on eth0 was deleted from outside")
    ),
  );
  const zero = link.wire.find((w) => w.time >= at);
  assertEquals(zero?.packet.message[2], 0, "priority 0 first");
  await clock.runUntil(at + 500_000); // Skew_Time of 150 at 1 s: 414 062 µs
  assertEquals(state(a.agent), "MASTER");
  assertOk(a.host.addresses.has("192.0.2.100/24"), "the VIP is back");
  assertEquals(a.submitted.slice(-2), ["BACKUP", "MASTER"]);
  await a.agent.stop();
});

Deno.test("agent: a no_track VIP deleted from outside changes nothing", async () => {
  const m = nodeModel("eth0", 150);
  const inst = m.instances[0]!;
  m.instances[0] = { ...inst, vips: inst.vips.map((v) => ({ ...v, noTrack: true })) };
  const { clock, a } = await lone(m);
  const before = a.submitted.length;
  a.host.dropAddress("192.0.2.100");
  await clock.runUntil(8 * S);
  assertEquals(state(a.agent), "MASTER");
  assertEquals(a.submitted.length, before);
  await a.agent.stop();
});

Deno.test("agent: a reload that drops use_vmac replaces the instance and deletes the VMAC after the release; adding it back makes one", async () => {
  const { agent, clock, seq, host } = vmacNode();
  await agent.start();
  await clock.runUntil(6 * S);
  const plain = nodeModel("eth0", 150);
  seq.length = 0;
  await agent.reload(plain);
  // use_vmac is part of the pairing key (spec §4.8): the old instance releases on its VMAC, a new
  // one starts on eth0, and the VMAC goes once the release ran.
  assertOk(seq.indexOf("remove 192.0.2.100 on vrrp.51") >= 0, seq.join("\n"));
  assertEquals(seq.at(-1), "remove vmac vrrp.51");
  assertEquals(host.sockets.map((s) => [s.iface, s.closed]), [["vrrp.51", true], ["eth0", false]]);
  await clock.runUntil(12 * S);
  assertEquals(state(agent), "MASTER");
  assertOk(seq.includes("add 192.0.2.100 on eth0"), seq.join("\n"));
  const vmac = nodeModel("eth0", 150);
  vmac.instances[0] = { ...vmac.instances[0]!, useVmac: [] };
  seq.length = 0;
  await agent.reload(vmac);
  assertEquals(seq, [
    "ensure VI_1 vrrp",
    "remove 192.0.2.100 on eth0", // the replaced instance releases where it held the VIP
    "remove 192.0.2.100 on vrrp.51", // the new one clears its VMAC at start, as keepalived does
  ]);
  await agent.stop();
});
