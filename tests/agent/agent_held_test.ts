import { assertEquals, assertOk } from "../assert.ts";
import { Agent } from "../../lib/agent/agent.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { nodeModel } from "./_model.ts";
import { vip } from "../_fixtures/model.ts";
import { FakeLink, loggedAddresses, VirtualClock } from "./_fake_world.ts";
import { lone, node, recordingNotifier, S, state } from "./_nodes.ts";

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

Deno.test("agent: every VIP is asked for at once; failures are logged together and the GARPs still go out", async () => {
  const clock = new VirtualClock();
  const host = new FakeLink(clock).host("a", "eth0", "192.0.2.1");
  const m = nodeModel("eth0", 150);
  m.instances[0] = {
    ...m.instances[0]!,
    vips: ["192.0.2.100", "192.0.2.101", "192.0.2.102"].map((a) => vip(a, { prefix: 24 })),
  };
  const seq: string[] = [];
  const logger = memoryLogger();
  const base = loggedAddresses(host, seq);
  const agent = new Agent({
    model: m,
    clock,
    net: host,
    addresses: {
      ...base,
      add: (s) =>
        s.address === "192.0.2.100"
          ? base.add(s)
          : (seq.push(`add ${s.address} on ${s.interface}`),
            Promise.reject(new Error(`no room for ${s.address}`))),
    },
    announcer: host,
    notifier: recordingNotifier(),
    logger,
  });
  await agent.start();
  await clock.runUntil(6 * S);
  assertEquals(state(agent), "MASTER");
  assertEquals(seq.filter((l) => l.startsWith("add ")), [
    "add 192.0.2.100 on eth0",
    "add 192.0.2.101 on eth0",
    "add 192.0.2.102 on eth0",
  ]);
  assertOk(
    logger.lines.some((l) => l.includes("add-vips failed: no room for 192.0.2.101 (and 1 more)")),
    logger.lines.join("\n"),
  );
  assertOk(host.announced.some((a) => a.address === "192.0.2.102"), "announced all the same");
  await agent.stop();
});
