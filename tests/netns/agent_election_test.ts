/**
 * vipkeeper against vipkeeper on one link (VRRPv3, IPv4, advert_int 0.2 s): election of the
 * highest priority, the VIP on the master only, kill -9 failover within Master_Down_Interval,
 * the SIGTERM hand-off after about Skew_Time, preemption and `nopreempt`. Two nodes on a veth
 * pair and three on a bridge. Transitions are read from the generic notify script's log.
 */

import { assertEquals, assertOk } from "../assert.ts";
import type { PeerInstance } from "../interop/_peers.ts";
import { NETNS_IGNORE } from "./_netns.ts";
import { withLan } from "./_lan.ts";
import { CAPTURE_IGNORE, type Frame, startCapture } from "./helpers/agent_capture.ts";
import {
  hasAddress,
  lastState,
  masterDownV3,
  notifyLines,
  skewV3,
  sleep,
  withNodes,
} from "./helpers/agent_nodes.ts";
import { crashAndTakeover, handOff, masterOnly, settled } from "./helpers/agent_scenario.ts";

const ADVERT_INT = 0.2;
const VIP = "192.0.2.100";

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

/** How late a timer may fire on a busy test machine (seconds). */
const WIRE_SLACK = 0.05;

const addrOf = (i: number) => [`192.0.2.${i + 1}/24`];

Deno.test({
  name: "two vipkeeper nodes elect the higher priority, fail over, hand off and preempt",
  ignore: NETNS_IGNORE || CAPTURE_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan(
      [addrOf(0), addrOf(1)],
      ({ hub, bridge, nodes: [na, nb] }) =>
        withNodes(async (nodes) => {
          const a = await nodes.start("a", na!.netns, [instance(na!.ifname, 150)]);
          const b = await nodes.start("b", nb!.netns, [instance(nb!.ifname, 100)]);
          await settled([a, b], a, "election");
          // Watch the hand-off on the wire from a neighbour: a's priority-0 advert.
          const capture = await startCapture(hub, bridge, "ip proto 112", [
            "ip.src",
            "vrrp.prio",
            "frame.time_epoch",
          ]);
          let frames;
          try {
            await sleep(500); // a's adverts on the wire before the crash
            await crashAndTakeover(a, b);
            await masterOnly([b], b);
            // A crash releases nothing: the dead master's VIP stays until its next start.
            assertOk(await hasAddress(a.netns, na!.ifname, VIP), "a crashed holding the VIP");

            await nodes.restart(a);
            await settled([a, b], a, "preemption by the returning higher priority");

            await handOff(a, b);
            await masterOnly([a, b], b);
          } finally {
            frames = await capture.stop();
          }
          const zero = frames.filter((f) => f["vrrp.prio"] === "0");
          assertOk(zero.length >= 1, "a sent a priority-0 advert when stopped");
          assertEquals(zero.map((f) => f["ip.src"]), zero.map(() => "192.0.2.1"), "only from a");
          wireTimings(frames);

          // nopreempt: the higher priority comes back but leaves the current master alone.
          await nodes.restart(a, [instance(na!.ifname, 150, true)]);
          await settled([a, b], b, "nopreempt keeps the current master");
        }),
    ),
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
          await crashAndTakeover(a, b);
          await sleep(500);
          assertEquals(
            (await notifyLines(c)).slice(before).map((l) => l.args[2]),
            [],
            "c (50) stays backup throughout the failover",
          );
          await masterOnly([b, c], b);

          await nodes.restart(a);
          await settled(all, a, "a preempts");

          await handOff(a, b);
          await sleep(500);
          assertEquals(await lastState(c), "BACKUP", "c stays backup after the hand-off");
          await masterOnly([b, c], b);
        }),
    ),
});

Deno.test({
  name: "two instances on one interface are elected independently: each node masters one VRID",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan([addrOf(0), addrOf(1)], ({ nodes: [na, nb] }) =>
      withNodes(async (nodes) => {
        const pair = (iface: string, p51: number, p52: number): PeerInstance[] => [
          instance(iface, p51),
          { ...instance(iface, p52), vrid: 52, vips: ["192.0.2.200/24"] },
        ];
        // One socket per interface carries both VRIDs; each advert must reach its own instance.
        const a = await nodes.start("a", na!.netns, pair(na!.ifname, 150, 100));
        const b = await nodes.start("b", nb!.netns, pair(nb!.ifname, 100, 150));
        await sleep(3000);
        const state = async (n: typeof a) => {
          const last = new Map<string, string>();
          for (const l of await notifyLines(n)) last.set(l.args[1]!, l.args[2]!);
          return Object.fromEntries(last);
        };
        assertEquals(await state(a), { KA_1: "MASTER", KA_2: "BACKUP" }, "a");
        assertEquals(await state(b), { KA_1: "BACKUP", KA_2: "MASTER" }, "b");
        assertOk(await hasAddress(na!.netns, na!.ifname, VIP), "a holds VRID 51's VIP");
        assertOk(!await hasAddress(na!.netns, na!.ifname, "192.0.2.200"), "not VRID 52's");
        assertOk(await hasAddress(nb!.netns, nb!.ifname, "192.0.2.200"), "b holds VRID 52's VIP");
        assertOk(!await hasAddress(nb!.netns, nb!.ifname, VIP), "not VRID 51's");

        // a's crash moves VRID 51 to b; VRID 52 stays where it was, without a transition.
        const bBefore = (await notifyLines(b)).length;
        await a.peer.crash();
        await sleep(1500);
        assertEquals(
          (await notifyLines(b)).slice(bBefore).map((l) => `${l.args[1]} ${l.args[2]}`),
          ["KA_1 MASTER"],
          "b's transitions after a's crash",
        );
        assertOk(await hasAddress(nb!.netns, nb!.ifname, VIP), "b took VRID 51's VIP");
      })),
});

/**
 * The same two events timed on the wire, free of process and notify latency: a's last advert
 * before its crash → b's first advert must be Master_Down_Interval; a's priority-0 advert →
 * b's next advert must be Skew_Time (spec §4.2), each within a few milliseconds.
 */
function wireTimings(frames: Frame[]): void {
  const t = (f: Frame) => Number(f["frame.time_epoch"]);
  const firstB = frames.findIndex((f) => f["ip.src"] === "192.0.2.2");
  const lastA = frames.slice(0, firstB).findLast((f) => f["ip.src"] === "192.0.2.1");
  const zero = frames.findIndex((f) => f["vrrp.prio"] === "0");
  const afterZero = frames.slice(zero).find((f) => f["ip.src"] === "192.0.2.2");
  assertOk(lastA && firstB >= 0 && afterZero, "adverts around the crash and the hand-off");
  const checks = [
    ["kill -9 → takeover", t(frames[firstB]!) - t(lastA), masterDownV3(100, ADVERT_INT)],
    ["priority 0 → takeover", t(afterZero) - t(frames[zero]!), skewV3(100, ADVERT_INT)],
  ] as const;
  for (const [what, measured, expected] of checks) {
    const msg = `${what} on the wire: ${(measured * 1000).toFixed(1)} ms, expected ${
      (expected * 1000).toFixed(1)
    } ms`;
    console.log(`  ${msg}`);
    assertOk(measured >= expected - 0.002 && measured <= expected + WIRE_SLACK, msg);
  }
}
