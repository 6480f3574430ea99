/**
 * Starting hook and track-script processes. A `Spawner` starts a process from an argv (no shell),
 * as a given uid/gid, in its own process group, with stdin from `/dev/null` and stdout/stderr
 * captured up to a limit; the caller waits for its exit and can signal its whole group.
 * `denoSpawner` is the real one; tests use `FakeSpawner` (`./fake_spawner.ts`).
 *
 * @module
 */

/** What to start. */
export interface SpawnRequest {
  /** Program and arguments; `argv[0]` is an absolute path or a name searched in `PATH`. */
  argv: string[];
  /** Run as this user id (needs root). */
  uid?: number;
  /** Run as this group id (needs root); supplementary groups are dropped when set. */
  gid?: number;
  /** Extra environment variables; the rest is inherited, as keepalived does. */
  env?: Record<string, string>;
  /** Bytes of combined stdout and stderr to keep (default 4096); the rest is counted, dropped. */
  outputLimit?: number;
}

/** How a process ended. */
export interface ExitStatus {
  /** True for exit code 0. */
  success: boolean;
  /** Exit code (128 + signal number when killed by a signal). */
  code: number;
  /** The signal that killed it, if any. */
  signal: Deno.Signal | null;
}

/** A started process. */
export interface ChildProcess {
  /** Process id, which is also its process group id. */
  readonly pid: number;
  /**
   * Resolves when the process itself (not its descendants) has exited and its output has been
   * read (waiting at most 100 ms for pipes a descendant still holds open).
   */
  readonly status: Promise<ExitStatus>;
  /** Captured stdout and stderr so far, truncated to the limit with a note. */
  output(): string;
  /** Send `signal` to the whole process group; a group already gone is ignored. */
  killGroup(signal: "SIGTERM" | "SIGKILL"): void;
  /** True while any process of the group (the process or a descendant) is still alive. */
  groupAlive(): boolean;
}

/** Starts processes. `spawn` throws when the program cannot be started (e.g. not found). */
export interface Spawner {
  /** Start a process as described. */
  spawn(request: SpawnRequest): ChildProcess;
}

const DEFAULT_LIMIT = 4096;
const DRAIN_MS = 100;

/**
 * The real spawner: `Deno.Command` with `detached: true` (a new process group), `uid`/`gid`, stdin
 * `null`, and both output pipes drained into one capped buffer.
 *
 * @example
 * ```ts
 * import { denoSpawner } from "./spawner.ts";
 * const child = denoSpawner.spawn({ argv: ["true"] });
 * const status = await child.status;
 * if (!status.success) throw new Error();
 * ```
 */
export const denoSpawner: Spawner = {
  spawn(request) {
    const [program, ...args] = request.argv;
    if (program === undefined) throw new Error("Cannot start an empty command");
    const options: Deno.CommandOptions = {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      detached: true,
    };
    if (request.uid !== undefined) options.uid = request.uid;
    if (request.gid !== undefined) options.gid = request.gid;
    if (request.env) options.env = request.env;
    const child = new Deno.Command(program, options).spawn();
    const capture = new OutputCapture(request.outputLimit ?? DEFAULT_LIMIT);
    const drained = Promise.all([capture.drain(child.stdout), capture.drain(child.stderr)]);
    const pid = child.pid;
    return {
      pid,
      status: child.status.then(async (s) => {
        // Let the pipes finish, unless a descendant keeps them open.
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([drained, new Promise((r) => (timer = setTimeout(r, DRAIN_MS)))]);
        clearTimeout(timer);
        return { success: s.success, code: s.code, signal: s.signal };
      }),
      output: () => capture.text(),
      groupAlive: () => groupHasMembers(pid),
      killGroup(signal) {
        try {
          Deno.kill(-pid, signal);
        } catch {
          // ESRCH: the whole group has already exited.
        }
      },
    };
  },
};

/** Whether some live (non-zombie) process in `/proc` has process group `pgid`. */
function groupHasMembers(pgid: number): boolean {
  try {
    for (const e of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      try {
        const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
        // pid (comm) state ppid pgrp ...: comm may contain spaces, so split after the last ')'.
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(pgrp) === pgid && state !== "Z") return true;
      } catch {
        // exited meanwhile
      }
    }
  } catch {
    return true; // no /proc: assume the worst, the caller then waits the full grace
  }
  return false;
}

/** Collects up to `limit` bytes from several streams, counting what it drops. */
class OutputCapture {
  #chunks: Uint8Array[] = [];
  #kept = 0;
  #dropped = 0;
  constructor(readonly limit: number) {}

  async drain(stream: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const chunk of stream) {
        const room = this.limit - this.#kept;
        if (room > 0) {
          const part = chunk.subarray(0, room);
          this.#chunks.push(part.slice());
          this.#kept += part.length;
        }
        this.#dropped += Math.max(0, chunk.length - Math.max(0, room));
      }
    } catch {
      // The pipe broke; keep what was read.
    }
  }

  text(): string {
    const all = new Uint8Array(this.#kept);
    let at = 0;
    for (const c of this.#chunks) {
      all.set(c, at);
      at += c.length;
    }
    const s = new TextDecoder().decode(all);
    return this.#dropped > 0 ? `${s}... [${this.#dropped} more bytes dropped]` : s;
  }
}
