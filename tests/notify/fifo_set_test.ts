import { assertEquals, assertOk } from "../assert.ts";
import type { ScriptCommand } from "../../lib/config/model.ts";
import { systemClock } from "../../lib/notify/clock.ts";
import type { RunAsDecision } from "../../lib/notify/executor.ts";
import { type ConfiguredFifoDeps, NotifyFifoSet } from "../../lib/notify/fifo_set.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { denoSpawner } from "../../lib/notify/spawner.ts";
import { readerHasOpened, until } from "./_fifo_reader.ts";

/** A FIFO script that copies the FIFO to `out` (it exits at end-of-file). */
const copier = (out: string): ScriptCommand => ({
  command: "",
  argv: ["/bin/sh", "-c", `exec cat "$0" >> ${out}`],
});

function deps(runAs?: (c: ScriptCommand) => RunAsDecision) {
  const logger = memoryLogger();
  const d: ConfiguredFifoDeps = {
    spawner: denoSpawner,
    clock: systemClock,
    logger,
    graceMs: 200,
    ...(runAs ? { runAs } : {}),
  };
  return { d, logger };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "vk-fifoset-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a reload keeps an unchanged FIFO open with its script still running", () =>
  withDir(async (dir) => {
    const { d } = deps();
    const globals = { notifyFifo: { path: `${dir}/g` }, notifyFifoScript: copier(`${dir}/out`) };
    const set = await NotifyFifoSet.open(globals, d);
    const before = set.fifos[0]!;
    const pid = before.scriptPid;
    assertOk(pid !== null);
    const r = await set.reload(structuredClone(globals), d);
    assertEquals(r, { kept: [`${dir}/g`], closed: [], opened: [], failed: [] });
    assertOk(set.fifos[0] === before, "the same FIFO object");
    assertEquals(set.fifos[0]!.scriptPid, pid);
    await set.close();
  }));

Deno.test("a reload closes a removed FIFO, opens an added one, and reopens one whose script changed", () =>
  withDir(async (dir) => {
    const { d } = deps();
    const set = await NotifyFifoSet.open({
      notifyFifo: { path: `${dir}/g` },
      vrrpNotifyFifo: { path: `${dir}/v` },
      vrrpNotifyFifoScript: copier(`${dir}/v1.out`),
    }, d);
    const oldVrrp = set.fifos[1]!;
    const oldPid = oldVrrp.scriptPid;
    const r = await set.reload({
      vrrpNotifyFifo: { path: `${dir}/v` },
      vrrpNotifyFifoScript: copier(`${dir}/v2.out`),
    }, d);
    assertEquals(r, {
      kept: [],
      closed: [`${dir}/g`, `${dir}/v`],
      opened: [`${dir}/v`],
      failed: [],
    });
    assertEquals(set.fifos.map((f) => f.path), [`${dir}/v`]);
    assertOk(set.fifos[0] !== oldVrrp);
    assertEquals(oldVrrp.scriptPid, null, "the old script has exited");
    assertOk(set.fifos[0]!.scriptPid !== null && set.fifos[0]!.scriptPid !== oldPid);
    // Lines now reach the new script only.
    await until(() => readerHasOpened(set.fifos[0]!.scriptPid ?? 0, `${dir}/v`));
    set.fifos[0]!.write('INSTANCE "VI_1" MASTER 150\n');
    await set.close();
    assertEquals(await Deno.readTextFile(`${dir}/v2.out`), 'INSTANCE "VI_1" MASTER 150\n');
    assertEquals(await Deno.readTextFile(`${dir}/v1.out`).catch(() => ""), "");
  }));

Deno.test("a changed identity for the FIFO script reopens the FIFO", () =>
  withDir(async (dir) => {
    const globals = { notifyFifo: { path: `${dir}/g` }, notifyFifoScript: copier(`${dir}/out`) };
    const set = await NotifyFifoSet.open(globals, deps(() => ({})).d);
    const first = set.fifos[0]!;
    const { d, logger } = deps(() => ({ refused: "no script_user set" }));
    const r = await set.reload(globals, d);
    assertEquals([r.closed, r.opened], [[`${dir}/g`], [`${dir}/g`]]);
    assertOk(set.fifos[0] !== first);
    assertEquals(set.fifos[0]!.scriptPid, null, "the refused script was not started");
    assertOk(logger.lines.some((l) => l.includes("not started: no script_user set")));
    await set.close();
  }));

Deno.test("a FIFO that cannot be opened at reload is logged and reported, the others open", () =>
  withDir(async (dir) => {
    const { d, logger } = deps();
    const set = await NotifyFifoSet.open({ notifyFifo: { path: `${dir}/g` } }, d);
    const r = await set.reload({
      notifyFifo: { path: `${dir}/missing/g` },
      vrrpNotifyFifo: { path: `${dir}/v` },
    }, d);
    assertEquals(r, {
      kept: [],
      closed: [`${dir}/g`],
      opened: [`${dir}/v`],
      failed: [`${dir}/missing/g`],
    });
    assertEquals(set.fifos.map((f) => f.path), [`${dir}/v`]);
    assertOk(
      logger.lines.some((l) => l.startsWith(`error: Notify FIFO ${dir}/missing/g (notify_fifo)`)),
      logger.lines.join("\n"),
    );
    // The next reload with the same settings tries the failed one again.
    await Deno.mkdir(`${dir}/missing`);
    const again = await set.reload({
      notifyFifo: { path: `${dir}/missing/g` },
      vrrpNotifyFifo: { path: `${dir}/v` },
    }, d);
    assertEquals([again.kept, again.opened], [[`${dir}/v`], [`${dir}/missing/g`]]);
    await set.close();
  }));
