/**
 * The steps the agent's netns tests share, for nodes that each run one instance (the first in
 * `Node.instances`): wait for an election to settle, kill -9 the master and time the takeover
 * against Master_Down_Interval, SIGTERM it and time the hand-off against Skew_Time, and check
 * that the VIP is on the master only (`ip -j addr`). Times come from the notify log.
 *
 * @module
 */

import { assertEquals, assertOk } from "../../assert.ts";
import type { PeerInstance } from "../../interop/_peers.ts";
import { waitForState } from "../../interop/_vipkeeper.ts";
import {
  hasAddress,
  lastState,
  masterDownV3,
  type Node,
  notifyLines,
  skewV3,
  sleep,
} from "./agent_nodes.ts";

/** Allowance for the notify script's start-up and the 50 ms polling of its log. */
export const MARGIN = 0.15;

function first(node: Node): PeerInstance {
  const inst = node.instances[0];
  if (inst === undefined) throw new Error(`${node.name} runs no instance`);
  return inst;
}

/** The VIP of a node's instance, without its prefix. */
export function vipOf(node: Node): string {
  return (first(node).vips[0] ?? "").split("/")[0]!;
}

/** Asserts that the VIP is on `master` and on none of the other `nodes`. */
export async function masterOnly(nodes: Node[], master: Node): Promise<void> {
  for (const n of nodes) {
    assertEquals(
      await hasAddress(n.netns, first(n).interface, vipOf(n)),
      n === master,
      `${n.name} ${n === master ? "holds" : "does not hold"} the VIP`,
    );
  }
}

/**
 * Waits until `master` is MASTER and every other node BACKUP, then waits longer than any
 * Master_Down_Interval and checks that nobody changed its mind and the VIP is on the master only.
 */
export async function settled(nodes: Node[], master: Node, what: string): Promise<void> {
  await waitForState(master.dir, "MASTER", 10_000, `${what}: ${master.name}`);
  for (const n of nodes) {
    if (n !== master) await waitForState(n.dir, "BACKUP", 5_000, `${what}: ${n.name}`);
  }
  await sleep((masterDownV3(1, first(master).advertInt) + 0.3) * 1000);
  for (const n of nodes) {
    assertEquals(await lastState(n), n === master ? "MASTER" : "BACKUP", `${what}: ${n.name}`);
  }
  await masterOnly(nodes, master);
}

/**
 * kill -9 `victim`; `heir` must take over within its Master_Down_Interval (+ `MARGIN`), and
 * not before Master_Down_Interval − one advert interval (the victim's last advert went out at
 * most one interval before the kill). Returns the measured takeover in seconds.
 */
export async function crashAndTakeover(victim: Node, heir: Node): Promise<number> {
  const { priority, advertInt } = first(heir);
  const crashAt = Date.now() / 1000;
  await victim.peer.crash();
  const at = await waitForState(heir.dir, "MASTER", 5_000, `${heir.name} takes over`);
  const took = at - crashAt;
  const down = masterDownV3(priority, advertInt);
  const msg = `takeover ${took.toFixed(3)} s after kill -9; Master_Down_Interval ${
    down.toFixed(3)
  } s`;
  console.log(`  ${msg}`);
  assertOk(took <= down + MARGIN, msg);
  assertOk(took >= down - advertInt - 0.02, `${msg}: too early`);
  return took;
}

/**
 * SIGTERM `victim`; `heir` must take over after about its Skew_Time: sooner than
 * Master_Down_Interval − one interval, which it could not without the priority-0 advert. The
 * victim must have run its STOP notify and released the VIP. Returns the hand-off in seconds.
 */
export async function handOff(victim: Node, heir: Node): Promise<number> {
  const { priority, advertInt } = first(heir);
  const stopAt = Date.now() / 1000;
  await victim.peer.stop();
  const at = await waitForState(heir.dir, "MASTER", 5_000, `${heir.name} after SIGTERM`);
  const took = at - stopAt;
  const skew = skewV3(priority, advertInt);
  const down = masterDownV3(priority, advertInt);
  const msg = `hand-off ${took.toFixed(3)} s after SIGTERM; Skew_Time ${skew.toFixed(3)} s, ` +
    `Master_Down_Interval ${down.toFixed(3)} s`;
  console.log(`  ${msg}`);
  assertOk(took < down - advertInt, `${msg}: no priority-0 hand-off`);
  assertOk(took >= skew - 0.02, `${msg}: too early`);
  assertEquals((await notifyLines(victim)).at(-1)?.args[2], "STOP", `${victim.name} STOP notify`);
  assertOk(
    !await hasAddress(victim.netns, first(victim).interface, vipOf(victim)),
    `${victim.name} released the VIP`,
  );
  return took;
}
