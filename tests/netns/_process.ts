/**
 * Processes the namespace tests start (vipkeeper, keepalived, FRR): spawned inside a namespace
 * with their output appended to a log file as it comes, signalled and ended by their own PID
 * only, PID files read.
 *
 * - `spawnLogged(netns, argv, logPath, { stdout })`: `ip netns exec NETNS ARGV...`, stderr (and
 *   stdout when asked) written to `logPath` as it comes; `pumped` settles when both are drained.
 * - `spawnVipkeeper(netns, confPath, logPath, extraArgs)`: `vipkeeper run -f CONF` that way.
 * - `signal(pid, sig)`, `waitOrKill(child, graceMs)`, `readPid(path, timeoutMs)`, `installed(path)`.
 *
 * @module
 */

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** True when `path` (a program the tests need, e.g. `/usr/bin/tshark`) is an installed file. */
export function installed(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** A child process and the promise that settles once its logged output is drained. */
export interface Logged {
  /** The child (`ip netns exec` execs the program, so its PID is the program's). */
  child: Deno.ChildProcess;
  /** Settles when the logged streams have ended and the log file is closed; never rejects. */
  pumped: Promise<void>;
}

/** Sends `sig` to `pid`, a process the test started; nothing when it is unknown or gone. */
export function signal(pid: number | undefined, sig: Deno.Signal): void {
  if (pid === undefined) return;
  try {
    Deno.kill(pid, sig);
  } catch { /* already gone */ }
}

/** Waits for `child` to exit, sending it SIGKILL if it is still running after `graceMs`. */
export async function waitOrKill(child: Deno.ChildProcess, graceMs: number): Promise<void> {
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL"); // by its handle: our own child
    } catch { /* already gone */ }
  }, graceMs);
  try {
    await child.status;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The PID in the file at `path`: read once, then every 50 ms until `timeoutMs` has passed;
 * undefined when it never holds a positive number.
 */
export async function readPid(path: string, timeoutMs = 0): Promise<number | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const pid = Number((await Deno.readTextFile(path).catch(() => "")).trim());
    if (pid > 0) return pid;
    if (Date.now() >= end) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts `argv` inside `netns` (stdin closed); its stderr, and its stdout when `stdout` is true
 * (else discarded), are appended to `logPath` chunk by chunk as they come.
 */
export async function spawnLogged(
  netns: string,
  argv: string[],
  logPath: string,
  options: { stdout?: boolean } = {},
): Promise<Logged> {
  const log = await Deno.open(logPath, { create: true, append: true, write: true });
  const child = new Deno.Command("ip", {
    args: ["netns", "exec", netns, ...argv],
    stdin: "null",
    stdout: options.stdout ? "piped" : "null",
    stderr: "piped",
  }).spawn();
  const streams = options.stdout ? [child.stdout, child.stderr] : [child.stderr];
  // Written as it comes (pipeTo would hold everything back until the process exits).
  const pumped = Promise.all(streams.map(async (s) => {
    for await (const chunk of s) log.writeSync(chunk);
  })).then(() => undefined, () => undefined).finally(() => log.close());
  return { child, pumped };
}

/** Starts `vipkeeper run -f CONF EXTRA...` (this checkout's main.ts) in `netns`, stderr logged. */
export function spawnVipkeeper(
  netns: string,
  confPath: string,
  logPath: string,
  extraArgs: string[] = [],
): Promise<Logged> {
  const argv = [Deno.execPath(), "run", "-A", MAIN, "run", "-f", confPath, ...extraArgs];
  return spawnLogged(netns, argv, logPath);
}
