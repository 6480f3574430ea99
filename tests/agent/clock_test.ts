import { assertEquals, assertOk } from "../assert.ts";
import { setTimerPrimer, systemAgentClock } from "../../lib/agent/clock.ts";

const SLACK = "/proc/self/timerslack_ns";

function readSlack(): string | undefined {
  try {
    return Deno.readTextFileSync(SLACK).trim();
  } catch {
    return undefined;
  }
}

const NO_SLACK_FILE = readSlack() === undefined;
if (NO_SLACK_FILE) {
  console.warn("clock_test: no /proc/self/timerslack_ns (not Linux): slack test skipped");
}

Deno.test({
  name: "the system clock lowers the main thread's timer slack to 1 ns once a timer is set",
  ignore: NO_SLACK_FILE,
  fn: () => {
    const cancel = systemAgentClock.at(systemAgentClock.now() + 1_000_000, () => {});
    cancel();
    assertEquals(readSlack(), "1");
  },
});

Deno.test("system clock timers all fire, never early, and within a few ms", async () => {
  const fired: { at: number; now: number }[] = [];
  const t0 = systemAgentClock.now();
  await Promise.all([9, 2, 5, 0].map((ms) =>
    new Promise<void>((resolve) => {
      const at = t0 + ms * 1000;
      systemAgentClock.at(at, () => {
        fired.push({ at, now: systemAgentClock.now() });
        resolve();
      });
    })
  ));
  assertEquals(fired.map((f) => (f.at - t0) / 1000).sort((a, b) => a - b), [0, 2, 5, 9]);
  for (const f of fired) {
    assertOk(f.now >= f.at, `fired ${f.at - f.now} µs early`);
    assertOk(f.now - f.at < 50_000, `fired ${f.now - f.at} µs late`);
  }
});

/**
 * What runs, in order, around one rare timer: the timer's record, after the primers'. A primer is
 * skipped when the event loop woke the timer too late to leave it room (a loaded machine), so
 * this tries up to five times for a round in which the primers had their room.
 */
async function aroundRareTimer(order: string[] = []): Promise<string[]> {
  for (let attempt = 0;; attempt++) {
    order.length = 0;
    await new Promise((r) => setTimeout(r, 10)); // nothing fired for 5 ms: the next one is rare
    await new Promise<void>((resolve) => {
      systemAgentClock.at(systemAgentClock.now() + 20_000, () => {
        order.push("timer");
        resolve();
      });
    });
    if (order.length > 1 || attempt >= 4) return [...order];
  }
}

Deno.test("a rare timer runs the registered primer first, and a throwing primer costs nothing", async () => {
  const order: string[] = [];
  setTimerPrimer(() => {
    order.push("primer");
    throw new Error("primer failed");
  });
  try {
    assertEquals(await aroundRareTimer(order), ["primer", "timer"]);
  } finally {
    setTimerPrimer(undefined);
  }
});

Deno.test("each primer slot runs before a rare timer; emptying one slot leaves the others", async () => {
  const order: string[] = [];
  setTimerPrimer(() => order.push("engine"));
  systemAgentClock.primer?.("agent", () => order.push("agent"));
  try {
    assertEquals(await aroundRareTimer(order), ["engine", "agent", "timer"]);
    systemAgentClock.primer?.("agent", undefined);
    assertEquals(await aroundRareTimer(order), ["engine", "timer"]);
  } finally {
    setTimerPrimer(undefined);
    systemAgentClock.primer?.("agent", undefined);
  }
});
