/**
 * Output of the system benchmarks: a Markdown table on stdout (ready for docs/bench.md) and,
 * with `--json FILE`, the rows and raw samples as JSON.
 *
 * @module
 */

/** One line of a result table. */
export interface Row {
  measure: string;
  vipkeeper: string;
  keepalived: string;
  /** The target and whether it is met, or "" when there is none. */
  target: string;
}

/** A benchmark's result: its table and raw figures. */
export interface Result {
  name: string;
  rows: Row[];
  raw: unknown;
}

/** The table as Markdown. */
export function markdown(rows: Row[]): string {
  const head = ["measurement", "vipkeeper", "keepalived 2.2.7", "target"];
  const body = rows.map((r) => [r.measure, r.vipkeeper, r.keepalived, r.target]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...body.map(line)]
    .join("\n");
}

/** Milliseconds with `digits` decimals. */
export function ms(seconds: number, digits = 1): string {
  return Number.isFinite(seconds) ? `${(seconds * 1000).toFixed(digits)} ms` : "n/a";
}

/** Print the result, and write `{ results }` JSON when `--json FILE` is among the arguments. */
export async function report(results: Result[], args: string[] = Deno.args): Promise<void> {
  for (const r of results) console.log(`\n### ${r.name}\n\n${markdown(r.rows)}\n`);
  const i = args.indexOf("--json");
  const file = i >= 0 ? args[i + 1] : undefined;
  if (file) {
    await Deno.writeTextFile(
      file,
      JSON.stringify({ date: new Date().toISOString(), results }, null, 1),
    );
    console.log(`JSON written to ${file}`);
  }
}

/** A numeric option `--NAME N` from the arguments, or `fallback`. */
export function numberArg(name: string, fallback: number, args: string[] = Deno.args): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}
