import { assertEquals } from "../assert.ts";
import type { ScriptCommand } from "../../lib/config/model.ts";
import { FakeClock } from "../../lib/notify/fake_clock.ts";
import { FakeSpawner } from "../../lib/notify/fake_spawner.ts";
import { type HookRun, NotifyExecutor } from "../../lib/notify/executor.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import type { NotifyRequest } from "../../lib/notify/plan.ts";

const cmd = (line: string): ScriptCommand => ({ command: line, argv: line.split(" ") });

const master = (name: string): NotifyRequest => ({
  kind: "instance",
  name,
  state: "MASTER",
  priority: 150,
  notify: { master: cmd(`/etc/ka/${name}_master.sh`) },
});

function setup() {
  const clock = new FakeClock();
  const spawner = new FakeSpawner(clock, () => ({ runMs: 100 }));
  const logger = memoryLogger();
  const oldLines: string[] = [];
  const ex = new NotifyExecutor({
    spawner,
    clock,
    logger,
    fifos: [{ write: (l) => void oldLines.push(l) }],
    runAs: () => ({ uid: 1001, gid: 1001 }),
  });
  const runs: HookRun[] = [];
  ex.onHook((r) => void runs.push(r));
  /** `argv[0] uid` of every started process, in start order. */
  const started = () =>
    spawner.log.filter((e) => e.what === "spawn").map((e) =>
      `${e.argv[0]} ${e.request?.uid ?? "self"}`
    );
  return { clock, spawner, logger, oldLines, ex, runs, started };
}

Deno.test("after reconfigure, FIFO lines go to the new FIFOs and no longer to the old ones", async () => {
  const t = setup();
  t.ex.submit({ ...master("VI_1"), state: "BACKUP", notify: {} });
  const newLines: string[] = [];
  t.ex.reconfigure({ fifos: [{ write: (l) => void newLines.push(l) }] });
  t.ex.submit({ ...master("VI_1"), notify: {} });
  await t.ex.idle();
  assertEquals(t.oldLines, ['INSTANCE "VI_1" BACKUP 150\n']);
  assertEquals(newLines, ['INSTANCE "VI_1" MASTER 150\n']);
});

Deno.test("reconfigure with an empty FIFO list stops the lines altogether", async () => {
  const t = setup();
  t.ex.reconfigure({ fifos: [] });
  t.ex.submit({ ...master("VI_1"), notify: {} });
  await t.ex.idle();
  assertEquals(t.oldLines, []);
});

Deno.test("hooks accepted before a reconfigure keep the old identity, later ones get the new", async () => {
  const t = setup();
  t.ex.submit(master("VI_1")); // starts at once
  t.ex.submit(master("VI_2")); // waits behind VI_1
  t.ex.reconfigure({ runAs: () => ({ uid: 2002, gid: 2002 }) });
  t.ex.submit(master("VI_3"));
  await t.clock.advance(1_000);
  await t.ex.idle();
  assertEquals(t.started(), [
    "/etc/ka/VI_1_master.sh 1001",
    "/etc/ka/VI_2_master.sh 1001",
    "/etc/ka/VI_3_master.sh 2002",
  ]);
});

Deno.test("a reconfigure that only changes the FIFOs keeps the identity rule", async () => {
  const t = setup();
  t.ex.reconfigure({ fifos: [] });
  t.ex.submit(master("VI_1"));
  await t.clock.advance(1_000);
  await t.ex.idle();
  assertEquals(t.started(), ["/etc/ka/VI_1_master.sh 1001"]);
  assertEquals(t.oldLines, []);
});

Deno.test("a rule that refuses scripts after a reconfigure refuses only the later hooks", async () => {
  const t = setup();
  t.ex.submit(master("VI_1"));
  t.ex.reconfigure({ runAs: () => ({ refused: "no script_user set" }) });
  t.ex.submit(master("VI_2"));
  await t.clock.advance(1_000);
  await t.ex.idle();
  assertEquals(t.started(), ["/etc/ka/VI_1_master.sh 1001"]);
  assertEquals(t.runs.map((r) => `${r.name} ${r.outcome}`), ["VI_1 ran", "VI_2 refused"]);
  assertEquals(
    t.logger.lines.filter((l) => l.includes("not run")),
    ["warn: Notify (VI_2) notify_master not run: no script_user set"],
  );
});

Deno.test("a reconfigure to run as vipkeeper itself starts hooks without a uid", async () => {
  const t = setup();
  t.ex.reconfigure({ runAs: () => ({}) });
  t.ex.submit(master("VI_1"));
  await t.clock.advance(1_000);
  await t.ex.idle();
  assertEquals(t.started(), ["/etc/ka/VI_1_master.sh self"]);
});

Deno.test("writeFifos writes a line to the current FIFOs only, with no event and no hook", async () => {
  const t = setup();
  const events: string[] = [];
  t.ex.events.on((e) => void events.push(e.name));
  t.ex.writeFifos('INSTANCE "VI_1" BACKUP 100');
  const newLines: string[] = [];
  t.ex.reconfigure({ fifos: [{ write: (l) => void newLines.push(l) }] });
  t.ex.writeFifos('GROUP "G" MASTER 0\n');
  await t.ex.idle();
  assertEquals(t.oldLines, ['INSTANCE "VI_1" BACKUP 100\n']);
  assertEquals(newLines, ['GROUP "G" MASTER 0\n']);
  assertEquals([events, t.started(), t.runs.length], [[], [], 0]);
});
