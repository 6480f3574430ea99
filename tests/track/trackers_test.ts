import { assertEquals } from "../assert.ts";
import { FakeClock } from "../../lib/notify/fake_clock.ts";
import { FakeSpawner } from "../../lib/notify/fake_spawner.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { createTrackers, toEngineEvent } from "../../lib/track/trackers.ts";
import type { TrackerEvent } from "../../lib/track/tracker.ts";
import { model as fixtureModel, script, trackFile, trackProcess } from "../_fixtures/model.ts";

Deno.test("one tracker per script, file and process reports its first state", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const clock = new FakeClock();
    const spawner = new FakeSpawner(clock, () => ({ runMs: 5, code: 1 }));
    const model = fixtureModel({
      scripts: [script("chk", { script: { command: "/chk", argv: ["/chk"] }, weight: -10 })],
      trackFiles: [trackFile("prio", `${dir}/prio`, { initFile: { value: 7, overwrite: false } })],
      trackProcesses: [trackProcess("ghost", ["no-such-daemon-xyz"])],
    });
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
