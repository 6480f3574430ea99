import { assertEquals, assertOk } from "../assert.ts";
import { Agent } from "../../lib/agent/agent.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { nodeModel } from "./_model.ts";
import { FakeLink, loggedAddresses, VirtualClock } from "./_fake_world.ts";
import { recordingNotifier, S, state } from "./_nodes.ts";

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
