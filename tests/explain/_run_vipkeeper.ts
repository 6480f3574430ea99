/**
 * Helpers for the netns tests that compare explain (and the spec) with what `vipkeeper run`
 * really does: start vipkeeper on a configuration text inside a namespace, hook scripts that log
 * their argv, and an advert capture (tshark) in a neighbour namespace.
 *
 * @module
 */

import { installed, signal, spawnVipkeeper, waitOrKill } from "../netns/_process.ts";

/** A process a test started; ended by its own PID. */
export interface Started {
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Everything it wrote on stderr so far. */
  log(): Promise<string>;
}

/** Start `vipkeeper run -f dir/vipkeeper.conf` (the given text) in `netns`. */
export async function runVipkeeper(netns: string, dir: string, conf: string): Promise<Started> {
  await Deno.writeTextFile(`${dir}/vipkeeper.conf`, conf);
  const logPath = `${dir}/vipkeeper.log`;
  const { child, pumped } = await spawnVipkeeper(netns, `${dir}/vipkeeper.conf`, logPath);
  return {
    async stop(graceMs = 8000) {
      signal(child.pid, "SIGTERM");
      await waitOrKill(child, graceMs);
      await pumped;
    },
    log: () => Deno.readTextFile(logPath).catch(() => ""),
  };
}

/**
 * Write an executable hook script `dir/name` that appends its argv (`$0` first, tab-separated)
 * as one line to `dir/hooks.log`, in a single write, so that hooks run concurrently (keepalived)
 * do not mix their lines; returns its path.
 */
export async function hookScript(dir: string, name: string): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(
    path,
    "#!/bin/sh\nIFS='\t'\n" +
      `if [ $# -eq 0 ]; then l="$0"; else l="$0\t$*"; fi\n` +
      `printf '%s\\n' "$l" >> ${dir}/hooks.log\n`,
  );
  await Deno.chmod(path, 0o755);
  return path;
}

/** The argv of every hook run so far, in the order their lines were written. */
export async function readHooks(dir: string): Promise<string[][]> {
  const text = await Deno.readTextFile(`${dir}/hooks.log`).catch(() => "");
  return text.split("\n").filter((l) => l !== "").map((l) => l.split("\t"));
}

/** A script for a `vrrp_script`: exits with the number in `dir/name.rc` (0 when absent). */
export async function checkScript(dir: string, name: string): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, `#!/bin/sh\nexit $(cat ${path}.rc 2>/dev/null || echo 0)\n`);
  await Deno.chmod(path, 0o755);
  return path;
}

/** Make the check script `path` exit with `code` from its next run on. */
export function setExit(path: string, code: number): Promise<void> {
  return Deno.writeTextFile(`${path}.rc`, `${code}\n`);
}

/** One advert seen on the wire. */
export interface Seen {
  /** Capture time, seconds (epoch). */
  time: number;
  /** VRID. */
  vrid: number;
  /** The priority byte. */
  priority: number;
}

/**
 * The advert priorities of `vrid` (of every VRID when absent) in the order they changed, the
 * priority-0 adverts of a stopping master left out.
 */
export function priorityChanges(seen: Seen[], vrid?: number): number[] {
  const out: number[] = [];
  for (const x of seen) {
    if (vrid !== undefined && x.vrid !== vrid) continue;
    if (x.priority !== 0 && out.at(-1) !== x.priority) out.push(x.priority);
  }
  return out;
}

/** A running capture of VRRP adverts. */
export interface Capture {
  /** Adverts seen so far. */
  seen(): Seen[];
  /** Stop capturing. */
  stop(): Promise<void>;
}

/** A running tshark capture of chosen fields. */
export interface FieldCapture {
  /** Rows seen so far: one array of field values (in the order asked) per frame. */
  rows(): string[][];
  /** Stop capturing (tshark flushes what it has). */
  stop(): Promise<void>;
}

/**
 * tshark on `iface` in `netns` with capture filter `filter`, printing `fields` for each frame;
 * resolves once it listens.
 */
export async function captureFields(
  netns: string,
  iface: string,
  filter: string,
  fields: string[],
): Promise<FieldCapture> {
  const child = new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      netns,
      "tshark",
      "-i",
      iface,
      "-l",
      "-n",
      "-f",
      filter,
      "-T",
      "fields",
      "-E",
      "separator=|",
      ...fields.flatMap((f) => ["-e", f]),
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn(); // deno-fmt-ignore
  const rows: string[][] = [];
  const ready = Promise.withResolvers<void>();
  const lines = async (s: ReadableStream<Uint8Array>, each: (line: string) => void) => {
    let rest = "";
    for await (const chunk of s.pipeThrough(new TextDecoderStream())) {
      rest += chunk;
      const parts = rest.split("\n");
      rest = parts.pop() ?? "";
      parts.forEach(each);
    }
  };
  const out = lines(child.stdout, (l) => {
    if (l.includes("|")) rows.push(l.split("|"));
  });
  const err = lines(child.stderr, (l) => {
    if (l.includes("Capturing on")) ready.resolve();
  });
  const timer = setTimeout(() => ready.reject(new Error("tshark did not start in 10 s")), 10_000);
  try {
    await ready.promise;
  } finally {
    clearTimeout(timer);
  }
  return {
    rows: () => [...rows],
    async stop() {
      signal(child.pid, "SIGTERM");
      await waitOrKill(child, 3000);
      await Promise.all([out, err]).catch(() => undefined);
    },
  };
}

/** Capture VRRP (IP protocol 112) on `iface` in `netns` with tshark; resolves once it listens. */
export async function captureAdverts(netns: string, iface: string): Promise<Capture> {
  const cap = await captureFields(netns, iface, "ip proto 112", [
    "frame.time_epoch",
    "vrrp.virt_rtr_id",
    "vrrp.prio",
  ]);
  return {
    seen: () =>
      cap.rows().filter((r) => r[2] !== undefined && r[2] !== "").map(([t, vrid, prio]) => ({
        time: Number(t),
        vrid: Number(vrid),
        priority: Number(prio),
      })),
    stop: () => cap.stop(),
  };
}

/** Poll `probe` every 50 ms until it returns a value other than undefined, or throw. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: () => string | Promise<string>,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms: ${await what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** True when tshark is installed. */
export const HAVE_TSHARK: boolean = installed("/usr/bin/tshark");
