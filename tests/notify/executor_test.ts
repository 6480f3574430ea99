import { assertEquals, assertOk } from "../assert.ts";
import type { Notifies, ScriptCommand } from "../../lib/config/model.ts";
import { FakeClock } from "../../lib/notify/fake_clock.ts";
import { type FakeBehaviour, FakeSpawner } from "../../lib/notify/fake_spawner.ts";
import { type ExecutorOptions, type HookRun, NotifyExecutor } from "../../lib/notify/executor.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import type { NotifyRequest } from "../../lib/notify/plan.ts";
import { denoSpawner, type SpawnRequest } from "../../lib/notify/spawner.ts";
import { systemClock } from "../../lib/notify/clock.ts";

const cmd = (line: string): ScriptCommand => ({ command: line, argv: line.split(" ") });

function hooks(prefix: string): Notifies {
  return {
    master: cmd(`/etc/ka/${prefix}_master.sh`),
    backup: cmd(`/etc/ka/${prefix}_backup.sh`),
    fault: cmd(`/etc/ka/${prefix}_fault.sh`),
    stop: cmd(`/etc/ka/${prefix}_stop.sh`),
    generic: cmd(`/etc/ka/${prefix}_notify.sh extra`),
  };
}

function setup(
  behave: (r: SpawnRequest) => FakeBehaviour = () => ({ runMs: 100 }),
  options: Partial<ExecutorOptions> = {},
) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner(clock, behave);
  const logger = memoryLogger();
  const lines: string[] = [];
  const ex = new NotifyExecutor({
    spawner,
    clock,
    logger,
    fifos: [{ write: (l) => void lines.push(l) }],
    ...options,
  });
  const runs: HookRun[] = [];
  ex.onHook((r) => void runs.push(r));
  return { clock, spawner, logger, lines, ex, runs };
}

const inst = (name: string, state: NotifyRequest["state"], priority = 100): NotifyRequest => ({
  kind: "instance",
  name,
  state,
  priority,
  notify: hooks(name),
});
const group = (name: string, state: NotifyRequest["state"]): NotifyRequest => ({
  kind: "group",
  name,
  state,
  priority: 77,
  notify: hooks(name),
});

const argvs = (s: FakeSpawner) => s.started().map((a) => a.join(" "));

Deno.test("a sync group transition runs every hook one at a time in submission order", async () => {
  const t = setup();
  t.ex.submit(inst("VI_1", "MASTER", 150));
  t.ex.submit(inst("VI_2", "MASTER", 120));
  t.ex.submit(group("G", "MASTER"));
  await t.clock.advance(10_000);
  await t.ex.idle();
  assertEquals(argvs(t.spawner), [
    "/etc/ka/VI_1_master.sh",
    "/etc/ka/VI_1_notify.sh extra INSTANCE VI_1 MASTER 150",
    "/etc/ka/VI_2_master.sh",
    "/etc/ka/VI_2_notify.sh extra INSTANCE VI_2 MASTER 120",
    "/etc/ka/G_master.sh",
    "/etc/ka/G_notify.sh extra GROUP G MASTER 0",
  ]);
  assertEquals(t.spawner.maxLive, 1);
  const starts = t.spawner.log.filter((e) => e.what === "spawn").map((e) => e.at);
  assertEquals(starts, [0, 100, 200, 300, 400, 500]);
});

Deno.test("submit returns at once while a hook runs, and FIFO lines are written immediately", async () => {
  const t = setup(() => ({ runMs: 5_000 }));
  const e1 = t.ex.submit(inst("VI_1", "BACKUP", 150));
  const e2 = t.ex.submit(group("G", "BACKUP"));
  assertEquals([e1.seq, e2.seq], [1, 2]);
  assertEquals(t.lines, ['INSTANCE "VI_1" BACKUP 150\n', 'GROUP "G" BACKUP 0\n']);
  assertEquals(t.spawner.started().length, 1);
  assertEquals(t.ex.pending, 1);
  await t.clock.advance(20_000);
  await t.ex.idle();
  assertEquals(t.spawner.started().length, 4);
});

Deno.test("a hook past its timeout gets SIGTERM then SIGKILL to its group before the next starts", async () => {
  const t = setup((r) =>
    r.argv[0]!.includes("VI_1_master") ? { runMs: Infinity, ignoreTerm: true } : {
      runMs: 10,
    }
  );
  t.ex.submit(inst("VI_1", "MASTER"));
  await t.clock.advance(60_000);
  await t.ex.idle();
  const log = t.spawner.log.map((e) => `${e.at} ${e.what} ${e.argv[0]}`);
  assertEquals(log, [
    "0 spawn /etc/ka/VI_1_master.sh",
    "30000 SIGTERM /etc/ka/VI_1_master.sh",
    "32000 SIGKILL /etc/ka/VI_1_master.sh",
    "32000 exit /etc/ka/VI_1_master.sh",
    "32000 spawn /etc/ka/VI_1_notify.sh",
    "32010 exit /etc/ka/VI_1_notify.sh",
  ]);
  assertOk(t.logger.lines.some((l) => /^warn: .*VI_1_master.*timed out/.test(l)));
  assertEquals(t.runs[0]?.result?.timedOut, true);
});

Deno.test("timeouts and the kill grace are configurable", async () => {
  const t = setup(() => ({ runMs: Infinity }), { timeoutMs: 500, graceMs: 100 });
  t.ex.submit({ ...inst("VI_1", "BACKUP"), notify: { backup: cmd("/b.sh") } });
  await t.clock.advance(1_000);
  await t.ex.idle();
  assertEquals(t.spawner.log.map((e) => `${e.at} ${e.what}`), [
    "0 spawn",
    "500 SIGTERM",
    "500 exit",
  ]);
  // The whole group left on SIGTERM, so the run ends without waiting for the grace.
  assertEquals(t.runs[0]?.result?.endedAt, 500);
});

Deno.test("a descendant that outlives SIGTERM gets SIGKILL at the end of the grace", async () => {
  const t = setup(() => ({ runMs: Infinity, lingers: true }), { timeoutMs: 500, graceMs: 100 });
  t.ex.submit({ ...inst("VI_1", "BACKUP"), notify: { backup: cmd("/b.sh"), generic: cmd("/n") } });
  await t.clock.advance(2_000);
  await t.ex.idle();
  assertEquals(t.spawner.log.map((e) => `${e.at} ${e.what} ${e.argv[0]}`).slice(0, 5), [
    "0 spawn /b.sh",
    "500 SIGTERM /b.sh",
    "500 exit /b.sh",
    "600 SIGKILL /b.sh",
    "600 spawn /n",
  ]);
});

Deno.test("transitions piling up behind a slow hook are coalesced to the latest per object", async () => {
  const t = setup((r) => ({ runMs: r.argv[0] === "/etc/ka/VI_1_master.sh" ? 10_000 : 10 }));
  t.ex.submit(inst("VI_1", "MASTER", 150));
  await t.clock.advance(1);
  t.ex.submit(inst("VI_1", "BACKUP", 150));
  t.ex.submit(inst("VI_2", "BACKUP", 150));
  t.ex.submit(group("G", "BACKUP"));
  t.ex.submit(inst("VI_1", "MASTER", 150));
  t.ex.submit(inst("VI_2", "MASTER", 150));
  t.ex.submit(group("G", "MASTER"));
  await t.clock.advance(60_000);
  await t.ex.idle();
  assertEquals(argvs(t.spawner), [
    "/etc/ka/VI_1_master.sh",
    "/etc/ka/VI_1_notify.sh extra INSTANCE VI_1 MASTER 150",
    "/etc/ka/VI_1_master.sh",
    "/etc/ka/VI_1_notify.sh extra INSTANCE VI_1 MASTER 150",
    "/etc/ka/VI_2_master.sh",
    "/etc/ka/VI_2_notify.sh extra INSTANCE VI_2 MASTER 150",
    "/etc/ka/G_master.sh",
    "/etc/ka/G_notify.sh extra GROUP G MASTER 0",
  ]);
  assertEquals(t.lines.length, 7);
  const superseded = t.runs.filter((r) => r.outcome === "superseded").map((r) => r.name);
  assertEquals(superseded, ["VI_1", "VI_1", "VI_2", "VI_2", "G", "G"]);
});

Deno.test("with pile-up policy all every transition's hooks run in order", async () => {
  const t = setup((r) => ({ runMs: r.argv[0] === "/etc/ka/VI_1_master.sh" ? 10_000 : 10 }), {
    pileUp: "all",
  });
  t.ex.submit(inst("VI_1", "MASTER"));
  t.ex.submit(inst("VI_1", "BACKUP"));
  t.ex.submit(inst("VI_1", "FAULT"));
  await t.clock.advance(60_000);
  await t.ex.idle();
  assertEquals(t.spawner.started().map((a) => a[0]!.slice(8)), [
    "VI_1_master.sh",
    "VI_1_notify.sh",
    "VI_1_backup.sh",
    "VI_1_notify.sh",
    "VI_1_fault.sh",
    "VI_1_notify.sh",
  ]);
});

Deno.test("priority-change events do not supersede a waiting state transition", async () => {
  const t = setup(() => ({ runMs: 1_000 }));
  t.ex.submit(inst("VI_2", "BACKUP"));
  t.ex.submit(inst("VI_1", "MASTER"));
  t.ex.submit(inst("VI_1", "MASTER_PRIORITY", 90));
  t.ex.submit({
    ...inst("VI_1", "MASTER_RX_LOWER_PRI"),
    notify: { masterRxLowerPri: cmd("/rx.sh"), generic: cmd("/n.sh") },
  });
  await t.clock.advance(60_000);
  await t.ex.idle();
  assertEquals(argvs(t.spawner).map((a) => a.replace("/etc/ka/", "")), [
    "VI_2_backup.sh",
    "VI_2_notify.sh extra INSTANCE VI_2 BACKUP 100",
    "VI_1_master.sh",
    "VI_1_notify.sh extra INSTANCE VI_1 MASTER 100",
    "/rx.sh",
  ]);
  assertEquals(t.lines.slice(2), [
    'INSTANCE "VI_1" MASTER_PRIORITY 90\n',
    'INSTANCE "VI_1" MASTER_RX_LOWER_PRI 100\n',
  ]);
});

Deno.test("an instance deleted without notify_deleted reports FAULT but does not run notify_fault", async () => {
  const t = setup();
  t.ex.submit(inst("VI_2", "DELETED", 150));
  await t.clock.advance(1_000);
  assertEquals(argvs(t.spawner), ["/etc/ka/VI_2_notify.sh extra INSTANCE VI_2 FAULT 150"]);
  assertEquals(t.lines, ['INSTANCE "VI_2" FAULT 150\n']);
  const events: string[] = [];
  t.ex.events.on((e) => events.push(`${e.state} ${e.deleted}`));
  t.ex.submit({ ...inst("VI_3", "DELETED"), notify: { ...hooks("VI_3"), deleted: true } });
  t.ex.submit({ ...inst("VI_4", "DELETED"), notify: { deleted: cmd("/del.sh") } });
  await t.clock.advance(1_000);
  assertEquals(argvs(t.spawner).slice(1), [
    "/etc/ka/VI_3_notify.sh extra INSTANCE VI_3 DELETED 100",
    "/del.sh",
  ]);
  assertEquals(events, ["DELETED true", "DELETED true"]);
});

Deno.test("shutdown kills the running hook, drops waiting ones and runs STOP hooks with 1 s each", async () => {
  const t = setup((r) =>
    (r.argv[0]!.includes("stop") || r.argv[0]!.includes("VI_1_master"))
      ? { runMs: Infinity, ignoreTerm: true }
      : { runMs: 10 }
  );
  t.ex.submit(inst("VI_1", "MASTER"));
  t.ex.submit(inst("VI_2", "MASTER"));
  await t.clock.advance(100);
  t.ex.submit(inst("VI_1", "STOP"));
  t.ex.submit(inst("VI_2", "STOP"));
  t.ex.submit(group("G", "STOP"));
  const done = t.ex.shutdown();
  t.ex.submit(inst("VI_3", "MASTER"));
  await t.clock.advance(60_000);
  await done;
  assertEquals(t.spawner.log.map((e) => `${e.at} ${e.what} ${e.argv.join(" ").slice(8)}`), [
    "0 spawn VI_1_master.sh",
    "100 SIGTERM VI_1_master.sh",
    "2100 SIGKILL VI_1_master.sh",
    "2100 exit VI_1_master.sh",
    "2100 spawn VI_1_stop.sh",
    "3100 SIGTERM VI_1_stop.sh",
    "3100 SIGKILL VI_1_stop.sh",
    "3100 exit VI_1_stop.sh",
    "3100 spawn VI_1_notify.sh extra INSTANCE VI_1 STOP 100",
    "3110 exit VI_1_notify.sh extra INSTANCE VI_1 STOP 100",
    "3110 spawn VI_2_stop.sh",
    "4110 SIGTERM VI_2_stop.sh",
    "4110 SIGKILL VI_2_stop.sh",
    "4110 exit VI_2_stop.sh",
    "4110 spawn VI_2_notify.sh extra INSTANCE VI_2 STOP 100",
    "4120 exit VI_2_notify.sh extra INSTANCE VI_2 STOP 100",
    "4120 spawn G_stop.sh",
    "5120 SIGTERM G_stop.sh",
    "5120 SIGKILL G_stop.sh",
    "5120 exit G_stop.sh",
    "5120 spawn G_notify.sh extra GROUP G STOP 0",
    "5130 exit G_notify.sh extra GROUP G STOP 0",
  ]);
  assertEquals(
    t.runs.filter((r) => r.outcome === "cancelled").map((r) => `${r.name} ${r.hook.role}`),
    ["VI_3 notify_master", "VI_3 notify", "VI_1 notify"],
  );
  assertEquals(
    t.runs.filter((r) => r.outcome === "superseded").map((r) => `${r.name} ${r.hook.role}`),
    ["VI_2 notify_master", "VI_2 notify"],
  );
  assertOk(t.lines.includes('INSTANCE "VI_3" MASTER 100\n'));
});

Deno.test("a refused or unstartable hook is logged and the queue moves on", async () => {
  const t = setup((r) => r.argv[0] === "/missing" ? { startError: "No such file" } : {}, {
    runAs: (c) => c.user === "evil" ? { refused: "unsafe path /opt" } : { uid: 65534, gid: 65534 },
  });
  t.ex.submit({
    ...inst("VI_1", "FAULT"),
    notify: {
      fault: { ...cmd("/etc/ka/f.sh"), user: "evil" },
      generic: cmd("/missing"),
    },
  });
  t.ex.submit({ ...inst("VI_2", "FAULT"), notify: { fault: cmd("/ok.sh") } });
  await t.clock.advance(100);
  await t.ex.idle();
  assertEquals(t.runs.map((r) => `${r.name} ${r.outcome} ${r.result?.status?.code}`), [
    "VI_1 refused undefined",
    "VI_1 ran undefined",
    "VI_2 ran 0",
  ]);
  const req = t.spawner.log[0]?.request;
  assertEquals([req?.uid, req?.gid], [65534, 65534]);
  assertOk(t.logger.lines.some((l) => l.startsWith("warn: Notify (VI_1) notify_fault not run")));
  assertOk(
    t.logger.lines.some((l) => /^error: .*\/missing.*could not start: No such file/.test(l)),
  );
});

Deno.test("real hooks of one transition run strictly one after another", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const log = `${dir}/log`;
    const hook = `${dir}/hook.sh`;
    Deno.writeTextFileSync(
      hook,
      `#!/bin/sh\necho "start $*" >> ${log}\nsleep 0.1\necho "end $*" >> ${log}\n`,
    );
    Deno.chmodSync(hook, 0o755);
    const h = (word: string): ScriptCommand => ({ command: hook, argv: [hook, word] });
    const ex = new NotifyExecutor({
      spawner: denoSpawner,
      clock: systemClock,
      logger: memoryLogger(),
    });
    const notify: Notifies = { master: h("master"), generic: h("generic") };
    ex.submit({ kind: "instance", name: "VI_1", state: "MASTER", priority: 150, notify });
    ex.submit({ kind: "group", name: "G", state: "MASTER", priority: 0, notify });
    await ex.idle();
    assertEquals(Deno.readTextFileSync(log).trim().split("\n"), [
      "start master",
      "end master",
      "start generic INSTANCE VI_1 MASTER 150",
      "end generic INSTANCE VI_1 MASTER 150",
      "start master",
      "end master",
      "start generic GROUP G MASTER 0",
      "end generic GROUP G MASTER 0",
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("an engine-planned notification runs its hooks as given, with user and FIFO newline", async () => {
  const users: string[] = [];
  const t = setup(() => ({ runMs: 10 }), {
    runAs: (c) => {
      users.push(`${c.user}:${c.group}`);
      return {};
    },
  });
  t.ex.submitPlanned({
    scope: "instance",
    name: "VI_2",
    state: "FAULT",
    priority: 150,
    hooks: [{
      hook: "notify",
      argv: ["/n.sh", "INSTANCE", "VI_2", "FAULT", "150"],
      user: "ka",
      group: "adm",
    }],
    fifo: 'INSTANCE "VI_2" FAULT 150',
  });
  t.ex.submitPlanned({
    scope: "group",
    name: "G",
    state: "FAULT",
    priority: 0,
    hooks: [],
    fifo: 'GROUP "G" FAULT 0\n',
  });
  await t.clock.advance(100);
  await t.ex.idle();
  assertEquals(argvs(t.spawner), ["/n.sh INSTANCE VI_2 FAULT 150"]);
  assertEquals(users, ["ka:adm"]);
  assertEquals(t.lines, ['INSTANCE "VI_2" FAULT 150\n', 'GROUP "G" FAULT 0\n']);
  assertEquals(t.runs.map((r) => `${r.seq} ${r.hook.role} ${r.outcome}`), ["1 notify ran"]);
});

Deno.test("a run-as decision that throws is logged and the queue moves on", async () => {
  const t = setup(() => ({ runMs: 10 }), {
    runAs: (c) => {
      if (c.argv[0] === "/bad.sh") throw new Error("passwd unreadable");
      return {};
    },
  });
  t.ex.submit({ ...inst("VI_1", "MASTER"), notify: { master: cmd("/bad.sh") } });
  t.ex.submit({ ...inst("VI_2", "MASTER"), notify: { master: cmd("/good.sh") } });
  await t.clock.advance(100);
  await t.ex.idle();
  assertEquals(argvs(t.spawner), ["/good.sh"]);
  assertOk(
    t.logger.lines.some((l) => /^error: .*notify_master failed: Error: passwd unreadable/.test(l)),
  );
});
