import { assertEquals } from "../assert.ts";
import type { TrackFile } from "../../lib/config/model.ts";
import { systemClock } from "../../lib/notify/clock.ts";
import { FakeClock } from "../../lib/notify/fake_clock.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import {
  FileTracker,
  initTrackFile,
  parseTrackFileValue,
  readTrackFile,
} from "../../lib/track/file.ts";
import { fileContribution } from "../../lib/track/tracker.ts";

Deno.test("values are read like strtol with base 0", () => {
  const table: [string, number | null][] = [
    ["5", 5],
    ["  \t-12\n", -12],
    ["+7", 7],
    ["0x1f", 31],
    ["0X1F", 31],
    ["-0x10", -16],
    ["0x", 0],
    ["0xg", 0],
    ["017", 15],
    ["08", 0],
    ["12abc", 12],
    ["abc", 0],
    ["", 0],
    ["-", 0],
    ["2147483647", 2147483647],
    ["-2147483648", -2147483648],
    ["2147483648", null],
    ["-2147483649", null],
    ["99999999999999999999999", null],
  ];
  for (const [text, want] of table) {
    assertEquals(parseTrackFileValue(text), want, JSON.stringify(text));
  }
});

Deno.test("only the first 127 bytes count and a missing file reads 0", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/v`, `${" ".repeat(126)}42`);
    assertEquals(readTrackFile(`${dir}/v`), 4);
    Deno.writeTextFileSync(`${dir}/v`, "");
    assertEquals(readTrackFile(`${dir}/v`), 0);
    assertEquals(readTrackFile(`${dir}/missing`), 0);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("init_file writes when absent, and always with overwrite", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const p = `${dir}/v`;
    assertEquals(initTrackFile(p, { value: 0, overwrite: false }), true);
    assertEquals(Deno.readTextFileSync(p), "0\n");
    Deno.writeTextFileSync(p, "9\n");
    assertEquals(initTrackFile(p, { value: 3, overwrite: false }), false);
    assertEquals(Deno.readTextFileSync(p), "9\n");
    assertEquals(initTrackFile(p, { value: 3, overwrite: true }), true);
    assertEquals(Deno.readTextFileSync(p), "3\n");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

const spec = (file: string, p: Partial<TrackFile> = {}): TrackFile => ({
  name: "tf",
  file,
  weight: 10,
  reverse: false,
  ...p,
});

Deno.test("polling reports the first value, each change, and ignores out-of-range values", async () => {
  const clock = new FakeClock();
  const logger = memoryLogger();
  const values: (number | null)[] = [1, 1, 2, null, 2, -26];
  let i = 0;
  const seen: number[] = [];
  const t = new FileTracker({
    file: spec("/x"),
    clock,
    logger,
    poll: true,
    pollMs: 500,
    read: () => values[Math.min(i++, values.length - 1)]!,
    onChange: (e) => void (e.kind === "file" && seen.push(e.value)),
  });
  t.start();
  await clock.advance(2_500);
  await t.stop();
  assertEquals(seen, [1, 2, -26]);
  assertEquals(logger.lines.filter((l) => l.includes("out of range")).length, 1);
  // As an input to the weight rule: -26 × 10 reaches -254, which means FAULT.
  assertEquals(fileContribution(t.value!, 10, false).fault, true);
  assertEquals(clock.pendingTimers(), 0);
});

Deno.test("a real file is watched: writes and replacement are noticed without polling", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/prio`;
  const seen: number[] = [];
  let wake = () => {};
  const t = new FileTracker({
    file: spec(path, { initFile: { value: 0, overwrite: false } }),
    clock: systemClock,
    logger: memoryLogger(),
    firstStart: true,
    onChange: (e) => {
      if (e.kind === "file") seen.push(e.value);
      wake();
    },
  });
  const waitFor = async (n: number) => {
    const end = Date.now() + 3_000;
    while (seen.length < n && Date.now() < end) {
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 100);
      });
    }
  };
  try {
    t.start();
    assertEquals(seen, [0]);
    assertEquals(Deno.readTextFileSync(path), "0\n");
    Deno.writeTextFileSync(path, "5\n");
    await waitFor(2);
    Deno.writeTextFileSync(`${dir}/tmp`, "0x10\n");
    Deno.renameSync(`${dir}/tmp`, path);
    await waitFor(3);
    assertEquals(seen, [0, 5, 16]);
  } finally {
    await t.stop();
    Deno.removeSync(dir, { recursive: true });
  }
});
