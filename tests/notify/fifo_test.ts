import { assertEquals, assertOk, assertRejects } from "../assert.ts";
import { systemClock } from "../../lib/notify/clock.ts";
import { NotifyExecutor } from "../../lib/notify/executor.ts";
import { NotifyFifo } from "../../lib/notify/fifo.ts";
import { openConfiguredFifos } from "../../lib/notify/fifo_set.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { denoSpawner } from "../../lib/notify/spawner.ts";
import { readerHasOpened, until } from "./_fifo_reader.ts";

Deno.test("the FIFO is created 0644, its script gets the path last, and STOP lines reach it", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/vrrp.fifo`;
  const out = `${dir}/out`;
  const logger = memoryLogger();
  try {
    const fifo = await NotifyFifo.open({
      path,
      script: {
        command: "",
        argv: ["/bin/sh", "-c", `echo "args: $*" > ${out}.args; exec cat "$2" > ${out}`, "sh", "x"],
      },
      spawner: denoSpawner,
      clock: systemClock,
      logger,
      graceMs: 2_000,
    });
    const st = Deno.statSync(path);
    assertEquals([st.isFifo, (st.mode ?? 0) & 0o777], [true, 0o644]);
    await until(() => readerHasOpened(fifo.scriptPid ?? 0, path));
    const ex = new NotifyExecutor({
      spawner: denoSpawner,
      clock: systemClock,
      logger,
      fifos: [fifo],
    });
    ex.submit({ kind: "group", name: "G", state: "BACKUP", priority: 100, notify: {} });
    ex.submit({ kind: "instance", name: "VI_1", state: "BACKUP", priority: 150, notify: {} });
    ex.submit({
      kind: "instance",
      name: "VI_1",
      state: "MASTER_PRIORITY",
      priority: 140,
      notify: {},
    });
    ex.submit({ kind: "instance", name: "VI_1", state: "STOP", priority: 140, notify: {} });
    ex.submit({ kind: "group", name: "G", state: "STOP", priority: 0, notify: {} });
    await ex.shutdown();
    await fifo.close();
    assertEquals(
      Deno.readTextFileSync(out),
      [
        'GROUP "G" BACKUP 0',
        'INSTANCE "VI_1" BACKUP 150',
        'INSTANCE "VI_1" MASTER_PRIORITY 140',
        'INSTANCE "VI_1" STOP 140',
        'GROUP "G" STOP 0',
        "",
      ].join("\n"),
    );
    assertEquals(Deno.readTextFileSync(`${out}.args`), `args: x ${path}\n`);
    assertEquals(fifo.dropped, 0);
    assertOk(logger.lines.some((l) => l.startsWith("info: Created notify FIFO")));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("writes never block: with nobody reading, a full pipe drops lines and counts them", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const logger = memoryLogger();
    const fifo = await NotifyFifo.open({
      path: `${dir}/f`,
      spawner: denoSpawner,
      clock: systemClock,
      logger,
    });
    const line = 'INSTANCE "VI_1" BACKUP 150\n';
    for (let i = 0; i < 10_000; i++) fifo.write(line);
    const kept = 10_000 - fifo.dropped;
    assertOk(fifo.dropped > 0 && kept * line.length <= 1024 * 1024, `dropped ${fifo.dropped}`);
    assertEquals(logger.lines.filter((l) => l.includes("is full")).length, 1);
    await fifo.close();
    fifo.write(line);
    assertEquals(10_000 - fifo.dropped, kept - 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("an existing FIFO is reused and a regular file in its place is an error", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const opts = { spawner: denoSpawner, clock: systemClock, logger: memoryLogger() };
    const first = await NotifyFifo.open({ path: `${dir}/f`, ...opts });
    await first.close();
    const again = await NotifyFifo.open({ path: `${dir}/f`, ...opts });
    await again.close();
    assertEquals(opts.logger.lines.filter((l) => l.includes("Created")).length, 1);
    Deno.writeTextFileSync(`${dir}/plain`, "");
    await assertRejects(() => NotifyFifo.open({ path: `${dir}/plain`, ...opts }), /not a FIFO/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a FIFO script that ignores end-of-file and SIGTERM is killed with its group", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const fifo = await NotifyFifo.open({
      path: `${dir}/f`,
      script: { command: "", argv: ["/bin/sh", "-c", "trap '' TERM; sleep 30; :"] },
      spawner: denoSpawner,
      clock: systemClock,
      logger: memoryLogger(),
      graceMs: 100,
    });
    const pid = fifo.scriptPid;
    assertOk(pid);
    const t0 = Date.now();
    await fifo.close();
    assertOk(Date.now() - t0 >= 200);
    assertEquals(fifo.scriptPid, null);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("both configured FIFOs open with their owners, and a bad one is logged and skipped", async () => {
  const dir = Deno.makeTempDirSync();
  const logger = memoryLogger();
  try {
    const fifos = await openConfiguredFifos({
      notifyFifo: { path: `${dir}/global`, user: "nobody" },
      vrrpNotifyFifo: { path: `${dir}/missing-dir/vrrp` },
    }, {
      spawner: denoSpawner,
      clock: systemClock,
      logger,
      owner: (user) => user === "nobody" ? { uid: 65534, gid: 65534 } : { error: "unknown" },
    });
    assertEquals(fifos.map((f) => f.path), [`${dir}/global`]);
    if (Deno.uid() === 0) assertEquals(Deno.statSync(`${dir}/global`).uid, 65534);
    assertOk(logger.lines.some((l) => l.startsWith(`error: Notify FIFO ${dir}/missing-dir/vrrp`)));
    for (const f of fifos) await f.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
