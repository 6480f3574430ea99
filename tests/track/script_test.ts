import { assertEquals, assertOk } from "../assert.ts";
import type { VrrpScript } from "../../lib/config/model.ts";
import { systemClock } from "../../lib/notify/clock.ts";
import { FakeClock } from "../../lib/notify/fake_clock.ts";
import { type FakeBehaviour, FakeSpawner } from "../../lib/notify/fake_spawner.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { denoSpawner } from "../../lib/notify/spawner.ts";
import { ScriptTracker, type ScriptTrackerOptions } from "../../lib/track/script.ts";
import type { TrackerEvent } from "../../lib/track/tracker.ts";
import { script } from "../_fixtures/model.ts";

function vrrpScript(p: Partial<VrrpScript> = {}): VrrpScript {
  return script("chk", {
    script: { command: "/etc/ka/chk.sh", argv: ["/etc/ka/chk.sh"] },
    ...p,
  });
}

function setup(
  behave: (n: number) => FakeBehaviour,
  script: Partial<VrrpScript> = {},
  extra: Partial<ScriptTrackerOptions> = {},
) {
  const clock = new FakeClock();
  let n = 0;
  const spawner = new FakeSpawner(clock, () => behave(n++));
  const logger = memoryLogger();
  const events: string[] = [];
  const tracker = new ScriptTracker({
    script: vrrpScript(script),
    spawner,
    clock,
    logger,
    onChange: (e: TrackerEvent) => void events.push(`${clock.now()} ${"ok" in e ? e.ok : "?"}`),
    ...extra,
  });
  return { clock, spawner, logger, events, tracker };
}

const spawnTimes = (s: FakeSpawner) => s.log.filter((e) => e.what === "spawn").map((e) => e.at);

Deno.test("the script runs at start and then every interval, whatever each run takes", async () => {
  const t = setup(() => ({ runMs: 300 }), { interval: 2 });
  t.tracker.start();
  await t.clock.advance(7_000);
  await t.tracker.stop();
  assertEquals(spawnTimes(t.spawner), [0, 2_000, 4_000, 6_000]);
  assertEquals(t.events, ["300 true"]);
});

Deno.test("a run still going when the next is due is skipped and logged, never doubled", async () => {
  const t = setup(() => ({ runMs: 2_500 }), { interval: 1, timeout: 5 });
  t.tracker.start();
  await t.clock.advance(5_800);
  await t.tracker.stop();
  assertEquals(spawnTimes(t.spawner), [0, 3_000]);
  assertEquals(t.spawner.maxLive, 1);
  const skipped = t.logger.lines.filter((l) =>
    l === "warn: Track script chk is already running, expect idle - skipping run"
  );
  assertEquals(skipped.length, 4); // at 1 s, 2 s, 4 s, 5 s
});

Deno.test("a run past the timeout is killed as a group and counts as a failure", async () => {
  const t = setup((n) => n === 0 ? { runMs: 10 } : { runMs: Infinity, ignoreTerm: true }, {
    interval: 10,
    timeout: 3,
  });
  t.tracker.start();
  await t.clock.advance(16_000);
  assertEquals(
    t.spawner.log.map((e) => `${e.at} ${e.what}`),
    ["0 spawn", "10 exit", "10000 spawn", "13000 SIGTERM", "15000 SIGKILL", "15000 exit"],
  );
  assertEquals(t.events, ["10 true", "15000 false"]);
  assertOk(t.logger.lines.includes("warn: VRRP_Script(chk) timed_out"));
  assertOk(t.logger.lines.includes("info: VRRP_Script(chk) failed (exited with status 137)"));
  await t.tracker.stop();
});

Deno.test("without a timeout the interval is the limit", async () => {
  const t = setup(() => ({ runMs: Infinity }), { interval: 2, timeout: 0 }, { graceMs: 500 });
  t.tracker.start();
  await t.clock.advance(2_600);
  assertEquals(t.spawner.log.map((e) => `${e.at} ${e.what}`).slice(0, 2), [
    "0 spawn",
    "2000 SIGTERM",
  ]);
  // SIGTERM ended the whole group at once, so the failure is known at once.
  assertEquals(t.events, ["2000 false"]);
  await t.tracker.stop();
});

Deno.test("rise and fall apply to real runs: exit codes change the state after the counts", async () => {
  const codes = [0, 1, 0, 1, 1, 1, 0, 0, 0];
  const t = setup((n) => ({ code: codes[n] ?? 0 }), { rise: 2, fall: 3 });
  t.tracker.start();
  await t.clock.advance(8_500);
  await t.tracker.stop();
  assertEquals(t.events, ["0 true", "5000 false", "7000 true"]);
  assertOk(t.logger.lines.includes("info: Script `chk` now returning 1"));
  assertOk(t.logger.lines.includes("info: VRRP_Script(chk) failed (exited with status 1)"));
  assertOk(t.logger.lines.includes("info: VRRP_Script(chk) succeeded"));
});

Deno.test("stop kills a running script and no result is reported after it", async () => {
  const t = setup(() => ({ runMs: Infinity }), { interval: 5 }, { graceMs: 100 });
  t.tracker.start();
  await t.clock.advance(1_000);
  const stopped = t.tracker.stop();
  await t.clock.advance(200);
  await stopped;
  assertEquals(t.spawner.log.map((e) => `${e.at} ${e.what}`), [
    "0 spawn",
    "1000 SIGTERM",
    "1000 exit",
  ]);
  assertEquals(t.events, []);
  assertEquals(t.clock.pendingTimers(), 0);
});

Deno.test("the vrrp_script user overrides the command's and the run-as identity reaches the spawner", async () => {
  const seen: string[] = [];
  const t = setup(() => ({}), { user: { user: "www-data", group: "adm" } }, {
    runAs: (c) => {
      seen.push(`${c.user}:${c.group}`);
      return { uid: 33, gid: 4 };
    },
  });
  t.tracker.start();
  await t.clock.advance(10);
  await t.tracker.stop();
  assertEquals(seen, ["www-data:adm"]);
  const req = t.spawner.log[0]?.request;
  assertEquals([req?.uid, req?.gid], [33, 4]);
});

Deno.test("init_fail is ignored by default as in keepalived 2.2.7, and honoured on request", async () => {
  const plain = setup(() => ({ code: 0 }), { initFail: true, rise: 2 });
  plain.tracker.start();
  await plain.clock.advance(10);
  await plain.tracker.stop();
  assertEquals(plain.events, ["0 true"]);

  const honoured = setup(() => ({ code: 0 }), { initFail: true, rise: 2 }, {
    honourInitFail: true,
  });
  honoured.tracker.start();
  assertEquals(honoured.tracker.status, "failed");
  await honoured.clock.advance(1_500);
  await honoured.tracker.stop();
  assertEquals(honoured.events, ["0 false", "1000 true"]);
});

Deno.test("a real failing script is reported failed with its output logged", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/chk.sh`;
    Deno.writeTextFileSync(path, "#!/bin/sh\necho 'backend down'\nexit 2\n");
    Deno.chmodSync(path, 0o755);
    const logger = memoryLogger();
    const got: TrackerEvent[] = [];
    const done = Promise.withResolvers<void>();
    const tracker = new ScriptTracker({
      script: vrrpScript({ script: { command: path, argv: [path] }, interval: 60 }),
      spawner: denoSpawner,
      clock: systemClock,
      logger,
      onChange: (e) => {
        got.push(e);
        done.resolve();
      },
    });
    tracker.start();
    await done.promise;
    await tracker.stop();
    assertEquals(got, [{ kind: "script", name: "chk", ok: false }]);
    assertOk(logger.lines.includes("info: VRRP_Script(chk) output: backend down"));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("on reload a script keeps its result and reports only real changes", async () => {
  const first = setup(() => ({ code: 0 }), { rise: 2, fall: 2 });
  first.tracker.start();
  await first.clock.advance(10);
  await first.tracker.stop();
  assertEquals(first.events, ["0 true"]);

  const codes = [1, 1];
  const again = setup((n) => ({ code: codes[n] ?? 0 }), { rise: 2, fall: 2 }, {
    resumeFrom: first.tracker.state,
  });
  again.tracker.start();
  assertEquals(again.tracker.status, "ok");
  await again.clock.advance(1_500);
  await again.tracker.stop();
  assertEquals(again.events, ["1000 false"]);
  assertOk(again.logger.lines.includes("info: VRRP_Script(chk) considered successful on reload"));

  const changed = setup(() => ({ code: 0 }), { rise: 3, fall: 2 }, {
    resumeFrom: first.tracker.state,
  });
  assertEquals(changed.tracker.status, "pending");
});
