/**
 * vipkeeper against vipkeeper on one link (VRRPv3, IPv4, advert_int 0.2 s): election of the
 * highest priority, the VIP on the master only, kill -9 failover within Master_Down_Interval,
 * the SIGTERM hand-off after about Skew_Time, preemption and `nopreempt`. Two nodes on a veth
 * pair and three on a bridge. Transitions are read from the generic notify script's log.
 */

import { assertEquals, assertOk } from "../assert.ts";
import type { PeerInstance } from "../interop/_peers.ts";
import { waitForState } from "../interop/_vipkeeper.ts";
import { NETNS_IGNORE } from "./_netns.ts";
import { withLan } from "./_lan.ts";
import {
  hasAddress,
  lastState,
  masterDownV3,
  type Node,
  notifyLines,
  skewV3,
  sleep,
  withNodes,
} from "./helpers/agent_nodes.ts";

const ADVERT_INT = 0.2;
const VIP = "192.0.2.100";
/** Allowance for process start-up of the notify script and the 50 ms polling of its log. */
const MARGIN = 0.15;

function instance(iface: string, priority: number, nopreempt = false): PeerInstance {
  return {
    interface: iface,
    vrid: 51,
    priority,
    version: 3,
    advertInt: ADVERT_INT,
    vips: [`${VIP}/24`],
    ...(nopreempt ? { nopreempt: true } : {}),
  };
}

const addrOf = (i: number) => [`192.0.2.${i + 1}/24`];

async function masterOnly(nodes: Node[], master: Node): Promise<void> {
  for (const n of nodes) {
    const iface = n.instances[0]!.interface;
    assertEquals(
      await hasAddress(n.netns, iface, VIP),
      n === master,
      `${n.name} ${n === master ? "holds" : "does not hold"} the VIP`,
    );
  }
}

/** Waits until `master` is MASTER and every other node BACKUP, then checks it holds. */
async function settled(nodes: Node[], master: Node, what: string): Promise<void> {
  await waitForState(master.dir, "MASTER", 10_000, `${what}: ${master.name}`);
  for (const n of nodes) {
    if (n !== master) await waitForState(n.dir, "BACKUP", 5_000, `${what}: ${n.name}`);
  }
  // Longer than any node's Master_Down_Interval: nobody may change its mind meanwhile.
  await sleep((masterDownV3(1, ADVERT_INT) + 0.3) * 1000);
  for (const n of nodes) {
    assertEquals(await lastState(n), n === master ? "MASTER" : "BACKUP", `${what}: ${n.name}`);
  }
  await masterOnly(nodes, master);
}

/** kill -9 `victim`; `heir` must take over within its Master_Down_Interval. */
async function crashAndTakeover(victim: Node, heir: Node, heirPriority: number): Promise<void> {
  const crashAt = Date.now() / 1000;
  await victim.peer.crash();
  const at = await waitForState(heir.dir, "MASTER", 5_000, `${heir.name} takes over`);
  const took = at - crashAt;
  const down = masterDownV3(heirPriority, ADVERT_INT);
  const msg = `takeover ${took.toFixed(3)} s after kill -9; Master_Down_Interval ${
    down.toFixed(3)
  } s`;
  console.log(`  ${msg}`);
  // The timer runs from the victim's last advert, at most one interval before the kill.
  assertOk(took <= down + MARGIN, msg);
  assertOk(took >= down - ADVERT_INT - 0.02, `${msg}: too early`);
}

/** SIGTERM `victim`; `heir` must take over after about its Skew_Time (priority-0 advert). */
async function handOff(victim: Node, heir: Node, heirPriority: number): Promise<void> {
  const stopAt = Date.now() / 1000;
  await victim.peer.stop();
  const at = await waitForState(heir.dir, "MASTER", 5_000, `${heir.name} after SIGTERM`);
  const took = at - stopAt;
  const skew = skewV3(heirPriority, ADVERT_INT);
  const down = masterDownV3(heirPriority, ADVERT_INT);
  const msg = `hand-off ${took.toFixed(3)} s after SIGTERM; Skew_Time ${skew.toFixed(3)} s, ` +
    `Master_Down_Interval ${down.toFixed(3)} s`;
  console.log(`  ${msg}`);
  // Without the priority-0 advert the heir would wait at least Master_Down − one interval.
  assertOk(took < down - ADVERT_INT, `${msg}: no priority-0 hand-off`);
  assertOk(took >= skew - 0.02, `${msg}: too early`);
  const stops = (await notifyLines(victim)).at(-1)?.args;
  assertEquals(stops?.[2], "STOP", `${victim.name} ran its STOP notify`);
  assertOk(!await hasAddress(victim.netns, victim.instances[0]!.interface, VIP), "VIP released");
}

Deno.test({
  name: "two vipkeeper nodes elect the higher priority, fail over, hand off and preempt",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan([addrOf(0), addrOf(1)], ({ nodes: [na, nb] }) =>
      withNodes(async (nodes) => {
        const a = await nodes.start("a", na!.netns, [instance(na!.ifname, 150)]);
        const b = await nodes.start("b", nb!.netns, [instance(nb!.ifname, 100)]);
        await settled([a, b], a, "election");

        await crashAndTakeover(a, b, 100);
        await masterOnly([b], b);
        // A crash releases nothing: the dead master's VIP stays until its next start.
        assertOk(await hasAddress(a.netns, na!.ifname, VIP), "a crashed holding the VIP");

        await nodes.restart(a);
        await settled([a, b], a, "preemption by the returning higher priority");

        await handOff(a, b, 100);
        await masterOnly([a, b], b);

        // nopreempt: the higher priority comes back but leaves the current master alone.
        await nodes.restart(a, [instance(na!.ifname, 150, true)]);
        await settled([a, b], b, "nopreempt keeps the current master");
      })),
});

Deno.test({
  name:
    "three vipkeeper nodes on a bridge: the next-highest priority takes over, the lowest stays backup",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan(
      [addrOf(0), addrOf(1), addrOf(2)],
      ({ nodes: [na, nb, nc] }) =>
        withNodes(async (nodes) => {
          const a = await nodes.start("a", na!.netns, [instance(na!.ifname, 200)]);
          const b = await nodes.start("b", nb!.netns, [instance(nb!.ifname, 150)]);
          const c = await nodes.start("c", nc!.netns, [instance(nc!.ifname, 50)]);
          const all = [a, b, c];
          await settled(all, a, "election");

          const before = (await notifyLines(c)).length;
          await crashAndTakeover(a, b, 150);
          await sleep(500);
          assertEquals(
            (await notifyLines(c)).slice(before).map((l) => l.args[2]),
            [],
            "c (50) stays backup throughout the failover",
          );
          await masterOnly([b, c], b);

          await nodes.restart(a);
          await settled(all, a, "a preempts");

          await handOff(a, b, 150);
          await sleep(500);
          assertEquals(await lastState(c), "BACKUP", "c stays backup after the hand-off");
          await masterOnly([b, c], b);
        }),
    ),
});
