import { assertEquals } from "../assert.ts";
import type { Model } from "../../lib/config/model.ts";
import { FakeClock } from "../../lib/notify/fake_clock.ts";
import { FakeSpawner } from "../../lib/notify/fake_spawner.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { createTrackers, toEngineEvent } from "../../lib/track/trackers.ts";
import type { TrackerEvent } from "../../lib/track/tracker.ts";

Deno.test("one tracker per script, file and process reports its first state", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const clock = new FakeClock();
    const spawner = new FakeSpawner(clock, () => ({ runMs: 5, code: 1 }));
    const model = {
      scripts: [{
        name: "chk",
        script: { command: "/chk", argv: ["/chk"] },
        interval: 1,
        timeout: 0,
        weight: -10,
        reverse: false,
        rise: 1,
        fall: 1,
        initFail: false,
      }],
      trackFiles: [{
        name: "prio",
        file: `${dir}/prio`,
        weight: 1,
        reverse: false,
        initFile: { value: 7, overwrite: false },
      }],
      trackProcesses: [{
        name: "ghost",
        process: ["no-such-daemon-xyz"],
        paramMatch: "exact" as const,
        weight: 0,
        reverse: false,
        quorum: 1,
        delay: 0,
        terminateDelay: 0,
        forkDelay: 0,
        fullCommand: false,
      }],
    } as unknown as Model;
    const seen: TrackerEvent[] = [];
    const trackers = createTrackers(
      model,
      { spawner, clock, logger: memoryLogger(), firstStart: true },
      (e) => void seen.push(e),
    );
    for (const t of trackers) t.start();
    await clock.advance(10);
    for (const t of trackers) await t.stop();
    assertEquals(seen, [
      { kind: "file", name: "prio", value: 7 },
      { kind: "process", name: "ghost", ok: false },
      { kind: "script", name: "chk", ok: false },
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("tracker changes map onto the engine's events", () => {
  assertEquals(toEngineEvent({ kind: "script", name: "chk", ok: true }), {
    type: "tracker",
    kind: "script",
    name: "chk",
    ok: true,
  });
  assertEquals(toEngineEvent({ kind: "file", name: "f", value: -3 }), {
    type: "tracker",
    kind: "file",
    name: "f",
    value: -3,
  });
  assertEquals(toEngineEvent({ kind: "interface", name: "eth0", ok: true }), {
    type: "interface",
    name: "eth0",
    up: true,
  });
});
