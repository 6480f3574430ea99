import { assertEquals, assertMatch, assertOk, assertThrows } from "../assert.ts";
import { systemClock } from "../../lib/notify/clock.ts";
import { runWithTimeout } from "../../lib/notify/run.ts";
import { denoSpawner } from "../../lib/notify/spawner.ts";

/** True while `pid` exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms = 2_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !alive(pid);
}

function script(dir: string, name: string, body: string): string {
  const path = `${dir}/${name}`;
  Deno.writeTextFileSync(path, `#!/bin/sh\n${body}\n`);
  Deno.chmodSync(path, 0o755);
  return path;
}

Deno.test("a real script and its grandchild are killed as a group at the timeout", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = script(
      dir,
      "slow.sh",
      `trap '' TERM\nsleep 30 &\necho $! > ${dir}/grandchild\necho started\nsleep 30\necho never`,
    );
    const r = await runWithTimeout(denoSpawner, systemClock, { argv: [path] }, {
      timeoutMs: 300,
      graceMs: 200,
    });
    assertEquals(r.timedOut, true);
    assertEquals(r.status?.signal, "SIGKILL");
    assertOk(r.endedAt - r.startedAt >= 490, `ended after ${r.endedAt - r.startedAt} ms`);
    assertEquals(r.output, "started\n");
    const grandchild = Number(Deno.readTextFileSync(`${dir}/grandchild`).trim());
    assertOk(grandchild > 0);
    assertOk(await waitGone(grandchild), `grandchild ${grandchild} survived`);
    assertOk(await waitGone(r.pid), `child ${r.pid} survived`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a grandchild that ignores SIGTERM is killed after the grace even when the child left", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = script(
      dir,
      "spawner.sh",
      `(trap '' TERM; exec sleep 30) &\necho $! > ${dir}/grandchild\nsleep 30`,
    );
    const t0 = Date.now();
    const r = await runWithTimeout(denoSpawner, systemClock, { argv: [path] }, {
      timeoutMs: 300,
      graceMs: 700,
    });
    const took = Date.now() - t0;
    assertEquals([r.timedOut, r.status?.signal], [true, "SIGTERM"]);
    assertOk(took >= 950, `ended after ${took} ms`);
    const grandchild = Number(Deno.readTextFileSync(`${dir}/grandchild`).trim());
    assertOk(await waitGone(grandchild, 500), `grandchild ${grandchild} survived`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a group that leaves on SIGTERM ends the run without waiting for the grace", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = script(dir, "polite.sh", "sleep 30 &\nsleep 30");
    const t0 = Date.now();
    const r = await runWithTimeout(denoSpawner, systemClock, { argv: [path] }, {
      timeoutMs: 200,
      graceMs: 5_000,
    });
    assertEquals(r.timedOut, true);
    assertOk(Date.now() - t0 < 2_000, `took ${Date.now() - t0} ms`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a script that exits in time reports its exit code and output", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = script(dir, "ok.sh", `echo "args: $*"\necho oops >&2\nexit 3`);
    const r = await runWithTimeout(denoSpawner, systemClock, { argv: [path, "a b", "c"] }, {
      timeoutMs: 5_000,
      graceMs: 100,
    });
    assertEquals([r.timedOut, r.status?.code, r.status?.success], [false, 3, false]);
    assertMatch(r.output, /args: a b c\n/);
    assertMatch(r.output, /oops\n/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("captured output is capped and the rest counted", async () => {
  const child = denoSpawner.spawn({
    argv: ["sh", "-c", "head -c 10000 /dev/zero | tr '\\0' x"],
    outputLimit: 100,
  });
  await child.status;
  assertMatch(child.output(), /^x{100}\.\.\. \[9900 more bytes dropped\]$/);
});

Deno.test("the child runs in its own process group", async () => {
  const child = denoSpawner.spawn({ argv: ["sh", "-c", "cut -d' ' -f5 /proc/self/stat"] });
  await child.status;
  // /proc/self/stat of `cut` is a grandchild of ours; its process group is the shell's pid.
  assertEquals(child.output().trim(), String(child.pid));
});

Deno.test({
  name: "uid and gid are applied and supplementary groups dropped",
  ignore: Deno.uid() !== 0,
  async fn() {
    const child = denoSpawner.spawn({ argv: ["id"], uid: 65534, gid: 65534 });
    await child.status;
    assertMatch(child.output(), /^uid=65534\(\w+\) gid=65534\(\w+\) groups=65534\(\w+\)\n$/);
  },
});

Deno.test("a program that does not exist cannot be spawned and the run says why", async () => {
  assertThrows(() => denoSpawner.spawn({ argv: ["/nonexistent/vipkeeper-hook"] }));
  const r = await runWithTimeout(denoSpawner, systemClock, {
    argv: ["/nonexistent/vipkeeper-hook"],
  }, { timeoutMs: 100, graceMs: 0 });
  assertEquals(r.status, null);
  assertOk(r.error);
});
