/**
 * Wire captures for the agent's netns tests with Wireshark's tools (independent of vipkeeper's
 * own code): `startCapture` runs `dumpcap -i IF -f FILTER -w FILE` inside a namespace and
 * resolves once it is capturing; `stop()` ends it and decodes the file with
 * `tshark -r FILE -T fields -e ...`, one record per frame (kernel timestamps via
 * `frame.time_epoch`).
 *
 * @module
 */

import { installed, waitOrKill } from "../_process.ts";

/**
 * True when dumpcap or tshark is missing (Debian package `tshark`), so tests that capture must
 * be skipped; the reason has then been printed once.
 */
export const CAPTURE_IGNORE: boolean = !installed("/usr/bin/dumpcap") ||
  !installed("/usr/bin/tshark");
if (CAPTURE_IGNORE) {
  console.error(
    "\n*** SKIPPED: wire-capture tests need dumpcap and tshark (apt-get install tshark) ***\n",
  );
}

/** How long `stop()` keeps capturing before ending dumpcap. */
const LINGER_MS = 1000;

/** One captured frame: field name → value ("" when the frame has no such field). */
export type Frame = Record<string, string>;

/** A running capture. */
export interface Capture {
  /** Stop the capture (our own child, by PID) and return the frames; idempotent. */
  stop(): Promise<Frame[]>;
}

/**
 * Start capturing on `iface` in `netns` with capture filter `filter`; `stop()` returns the
 * `fields` of every frame. dumpcap writes a private pcapng file (so nothing is lost when it is
 * stopped, unlike a live tshark), which tshark then decodes. Resolves once dumpcap says it is
 * capturing, or throws after 10 s.
 */
export async function startCapture(
  netns: string,
  iface: string,
  filter: string,
  fields: string[],
): Promise<Capture> {
  const dir = await Deno.makeTempDir({ prefix: "vk-capture-" });
  const file = `${dir}/capture.pcapng`;
  const child = new Deno.Command("ip", {
    args: ["netns", "exec", netns, "dumpcap", "-q", "-i", iface, "-f", filter, "-w", file],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const errText: string[] = [];
  const capturing = Promise.withResolvers<void>();
  const errPump = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      errText.push(chunk);
      if (errText.join("").includes("Capturing on")) capturing.resolve();
    }
  })();
  const timer = setTimeout(
    () => capturing.reject(new Error(`dumpcap did not start: ${errText.join("")}`)),
    10_000,
  );
  child.status.then(() => capturing.reject(new Error(`dumpcap exited early: ${errText.join("")}`)));
  try {
    await capturing.promise;
  } catch (e) {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
    await Deno.remove(dir, { recursive: true }).catch(() => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  let frames: Promise<Frame[]> | undefined;
  return {
    stop() {
      frames ??= (async () => {
        // libpcap hands frames over a block at a time (TPACKET_V3) and drops the last,
        // partly filled block on SIGINT; waiting past the block timeout lets it go out.
        await new Promise((r) => setTimeout(r, LINGER_MS));
        try {
          child.kill("SIGINT"); // our own child (ip netns exec execs dumpcap), by its handle
        } catch { /* gone */ }
        await waitOrKill(child, 5000);
        await errPump;
        try {
          const out = await new Deno.Command("tshark", {
            args: [
              "-n",
              "-r",
              file,
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
          }).output(); // deno-fmt-ignore
          const text = new TextDecoder().decode(out.stdout);
          return text.split("\n").filter((l) => l.trim() !== "").map((line) => {
            const values = line.split("\t");
            return Object.fromEntries(fields.map((f, i) => [f, values[i] ?? ""]));
          });
        } finally {
          await Deno.remove(dir, { recursive: true }).catch(() => undefined);
        }
      })();
      return frames;
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
