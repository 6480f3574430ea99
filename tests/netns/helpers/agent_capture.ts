/**
 * Wire captures for the agent's netns tests with tshark (independent of vipkeeper's own code):
 * `startCapture` runs `tshark -l -n -i IF -f FILTER -T fields -e ...` inside a namespace,
 * resolves once tshark says it is capturing, and `stop()` returns one record per frame with the
 * requested fields (kernel timestamps via `frame.time_epoch`).
 *
 * @module
 */

/** One captured frame: field name → value ("" when the frame has no such field). */
export type Frame = Record<string, string>;

/** A running capture. */
export interface Capture {
  /** Stop tshark (our own child, by PID) and return the frames it printed. */
  stop(): Promise<Frame[]>;
}

/**
 * Start tshark on `iface` in `netns` with capture filter `filter`, printing `fields`. Resolves
 * once the capture is running (tshark's "Capturing on" line), or throws after 10 s.
 */
export async function startCapture(
  netns: string,
  iface: string,
  filter: string,
  fields: string[],
): Promise<Capture> {
  const child = new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      netns,
      "tshark",
      "-l",
      "-n",
      "-q",
      "-i",
      iface,
      "-f",
      filter,
      "-T",
      "fields",
      "-E",
      "separator=/t",
      "-E",
      "occurrence=f",
      ...fields.flatMap((f) => ["-e", f]),
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn(); // deno-fmt-ignore
  const stdout = new Response(child.stdout).text();
  const errText: string[] = [];
  const capturing = Promise.withResolvers<void>();
  const errPump = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      errText.push(chunk);
      if (errText.join("").includes("Capturing on")) capturing.resolve();
    }
  })();
  const timer = setTimeout(
    () => capturing.reject(new Error(`tshark did not start: ${errText.join("")}`)),
    10_000,
  );
  child.status.then(() => capturing.reject(new Error(`tshark exited early: ${errText.join("")}`)));
  try {
    await capturing.promise;
  } catch (e) {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
    throw e;
  } finally {
    clearTimeout(timer);
  }
  // tshark needs a moment after "Capturing on" before its first frame is taken.
  await new Promise((r) => setTimeout(r, 200));
  return {
    async stop() {
      try {
        child.kill("SIGINT");
      } catch { /* gone */ }
      const done = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 5000);
      await child.status;
      clearTimeout(done);
      await errPump;
      const text = await stdout;
      return text.split("\n").filter((l) => l.trim() !== "").map((line) => {
        const values = line.split("\t");
        return Object.fromEntries(fields.map((f, i) => [f, values[i] ?? ""]));
      });
    },
  };
}

/** Percentile (0–100) of `values` by nearest rank; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
