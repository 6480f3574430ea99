import { assertEquals, assertOk } from "../assert.ts";
import type {} from "../../lib/agent/agent.ts";
import type {} from "../../lib/notify/logger.ts";
import { nodeModel } from "./_model.ts";
import { FakeLink, VirtualClock } from "./_fake_world.ts";
import { lone, node, pairOf, S, state } from "./_nodes.ts";

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
