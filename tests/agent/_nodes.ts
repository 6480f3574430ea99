/**
 * Agents on the in-memory world for the address, VMAC and route tests: a recording notifier,
 * one node, a lone node or a pair run for 6 s, and the state of an agent's instance.
 */

import { Agent } from "../../lib/agent/agent.ts";
import { NotifyEvents } from "../../lib/notify/events.ts";
import type { PlannedNotify } from "../../lib/notify/executor.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import type { Model } from "../../lib/config/model.ts";
import { nodeModel } from "./_model.ts";
import { type FakeHost, FakeLink, VirtualClock } from "./_fake_world.ts";

/** One second in µs. */
export const S = 1_000_000;

/** A notifier that records the states it is handed. */
export function recordingNotifier(submitted: string[] = []) {
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

/** An agent on `host` running `m`, with its notified states and log. */
export function node(clock: VirtualClock, host: FakeHost, m: Model) {
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

/** The state of the agent's `i`-th instance. */
export const state = (a: Agent, i = 0): string | undefined => a.status().instances[i]?.state;

/** Node a (150, address `aPrimary`) and node b (100, 192.0.2.2) on one link, run for 6 s. */
export async function pairOf(aPrimary: string | undefined) {
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
export async function lone(m: Model, primary: string | undefined = "192.0.2.1") {
  const clock = new VirtualClock();
  const link = new FakeLink(clock);
  const a = node(clock, link.host("a", "eth0", primary), m);
  await a.agent.start();
  await clock.runUntil(6 * S);
  return { clock, link, a };
}
