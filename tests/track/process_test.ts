import { assertEquals, assertOk } from "../assert.ts";
import type { TrackProcess } from "../../lib/config/model.ts";
import { FakeClock } from "../../lib/notify/fake_clock.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import {
  hasQuorum,
  processMatches,
  ProcessTracker,
  type ProcInfo,
  scanProc,
} from "../../lib/track/process.ts";
import { trackProcess } from "../_fixtures/model.ts";

const tp = (p: Partial<TrackProcess> = {}): TrackProcess => trackProcess("tp", ["haproxy"], p);

const hap: ProcInfo = {
  pid: 10,
  comm: "haproxy",
  argv: ["/usr/sbin/haproxy", "-Ws", "-f", "/etc/haproxy/haproxy.cfg"],
};

Deno.test("the name matches comm, or argv[0] with full_command", () => {
  assertEquals(processMatches(hap, tp()), true);
  assertEquals(processMatches(hap, tp({ process: ["/usr/sbin/haproxy"] })), false);
  assertEquals(
    processMatches(hap, tp({ process: ["/usr/sbin/haproxy"], fullCommand: true })),
    true,
  );
  const long = { pid: 11, comm: "very-long-daemo", argv: ["/opt/very-long-daemon-name"] };
  assertEquals(processMatches(long, tp({ process: ["very-long-daemon-name"] })), true);
  assertEquals(processMatches({ ...hap, argv: [] }, tp()), false);
});

Deno.test("parameters match exactly, as a prefix, or consecutively anywhere", () => {
  const params = (words: string[], paramMatch: TrackProcess["paramMatch"]) =>
    processMatches(hap, tp({ process: ["haproxy", ...words], paramMatch }));
  assertEquals(params(["-Ws", "-f", "/etc/haproxy/haproxy.cfg"], "exact"), true);
  assertEquals(params(["-Ws", "-f"], "exact"), false);
  assertEquals(params(["-Ws", "-f"], "initial"), true);
  assertEquals(params(["-f"], "initial"), false);
  assertEquals(params(["-f", "/etc/haproxy/haproxy.cfg"], "partial"), true);
  assertEquals(params(["-Ws", "/etc/haproxy/haproxy.cfg"], "partial"), false);
});

Deno.test("quorum holds between quorum and quorum_max inclusive", () => {
  assertEquals([0, 1, 2, 3].map((n) => hasQuorum(n, { quorum: 1, quorumMax: 2 })), [
    false,
    true,
    true,
    false,
  ]);
  assertEquals(hasQuorum(0, { quorum: 0, quorumMax: 0 }), true);
  assertEquals(hasQuorum(1000, { quorum: 2 }), true);
});

Deno.test("quorum changes are reported after terminate_delay and fork_delay, flaps are not", async () => {
  const clock = new FakeClock();
  let count = 1;
  const seen: string[] = [];
  const t = new ProcessTracker({
    process: tp({ terminateDelay: 3, forkDelay: 2 }),
    clock,
    logger: memoryLogger(),
    scan: () => Array.from({ length: count }, (_, i) => ({ ...hap, pid: i + 1 })),
    onChange: (e) => void (e.kind === "process" && seen.push(`${clock.now()} ${e.ok}`)),
  });
  t.start();
  await clock.advance(1_000);
  count = 0; // lost at 2 s
  await clock.advance(1_500);
  count = 1; // back at 3 s, before the 3 s terminate delay ran out: nothing reported
  await clock.advance(2_000);
  count = 0; // lost at 5 s, reported at 8 s
  await clock.advance(4_000);
  count = 2; // regained at 9 s, reported at 11 s
  await clock.advance(3_000);
  await t.stop();
  assertEquals(seen, ["0 true", "8000 false", "11000 true"]);
  assertEquals(clock.pendingTimers(), 0);
});

Deno.test("the real /proc scan finds a process started with distinctive arguments", async () => {
  const child = new Deno.Command("sleep", { args: ["31.4159"] }).spawn();
  try {
    const found = scanProc().filter((p) =>
      processMatches(p, tp({ process: ["sleep", "31.4159"] }))
    );
    assertEquals(found.map((p) => p.pid), [child.pid]);
    assertOk(scanProc().some((p) => p.pid === Deno.pid));
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
});

Deno.test("a listener that throws is logged and scanning goes on", async () => {
  const clock = new FakeClock();
  const logger = memoryLogger();
  let count = 1;
  let calls = 0;
  const t = new ProcessTracker({
    process: tp(),
    clock,
    logger,
    scan: () => Array.from({ length: count }, () => hap),
    onChange: () => {
      calls++;
      throw new Error("listener broke");
    },
  });
  t.start();
  count = 0;
  await clock.advance(1_000);
  await t.stop();
  assertEquals(calls, 2);
  assertEquals(
    logger.lines.filter((l) => l.startsWith("error: Tracker listener failed on process tp")).length,
    2,
  );
});
