/**
 * Every system benchmark in one run, vipkeeper and keepalived 2.2.7 side by side: takeover,
 * jitter, 200-master CPU and memory, hostile flood, start-up. Prints the machine (`nproc`, CPU
 * model, kernel, load average, Deno and keepalived versions) and one Markdown table per
 * benchmark; `--json FILE` writes everything. Needs root, tshark and keepalived; takes about
 * seven minutes. Options: `--reps N` (takeover rounds, 10), `--starts N` (5), `--seconds S`
 * (jitter, 20), `--cpu-seconds S` (20), `--rate PPS` (20000), `--flood-seconds S` (5).
 *
 * `deno run -A bench/system/all.ts [--json FILE]`
 *
 * @module
 */

import { benchCpu } from "./cpu.ts";
import { benchFlood } from "./flood.ts";
import { benchJitter } from "./jitter.ts";
import { numberArg, report, type Result } from "./_report.ts";
import { sh } from "./_lab.ts";
import { benchStartup } from "./startup.ts";
import { benchTakeover } from "./takeover.ts";

/** The machine the figures come from. */
export async function machine(): Promise<Record<string, string>> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo");
  const version = await new Deno.Command("keepalived", { args: ["--version"] }).output();
  const keepalived = new TextDecoder().decode(version.stderr) +
    new TextDecoder().decode(version.stdout);
  const [load] = Deno.loadavg();
  return {
    date: new Date().toISOString(),
    nproc: (await sh(["nproc"])).trim(),
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? "?",
    kernel: (await sh(["uname", "-r"])).trim(),
    load1: load?.toFixed(1) ?? "?",
    deno: Deno.version.deno,
    keepalived: keepalived.split("\n").find((l) => l.startsWith("Keepalived"))?.trim() ?? "?",
  };
}

if (import.meta.main) {
  const before = await machine();
  console.log(JSON.stringify(before));
  const results: Result[] = [];
  const step = async (f: () => Promise<Result>) => {
    const r = await f();
    results.push(r);
    await report([r], []);
  };
  await step(() => benchTakeover(numberArg("reps", 10)));
  await step(() => benchJitter(numberArg("seconds", 20)));
  await step(() => benchCpu(200, numberArg("cpu-seconds", 20)));
  await step(() => benchFlood(numberArg("rate", 20_000), numberArg("flood-seconds", 5)));
  await step(() => benchStartup(numberArg("starts", 5)));
  console.log(`machine at the end: load average ${Deno.loadavg()[0]?.toFixed(1)}`);
  const file = Deno.args[Deno.args.indexOf("--json") + 1];
  if (Deno.args.includes("--json") && file) {
    await Deno.writeTextFile(file, JSON.stringify({ machine: before, results }, null, 1));
  }
}
