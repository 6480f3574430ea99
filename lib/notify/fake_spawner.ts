/**
 * A scripted `Spawner` for tests, driven by a `FakeClock`: each started process runs for a given
 * time and exits with a given code, may ignore SIGTERM, and every start, signal and exit is logged
 * with its virtual time.
 *
 * @module
 */

import type { FakeClock } from "./fake_clock.ts";
import type { ChildProcess, ExitStatus, Spawner, SpawnRequest } from "./spawner.ts";

/** How a fake process behaves. */
export interface FakeBehaviour {
  /** Milliseconds until it exits by itself (default 0; `Infinity` = never). */
  runMs?: number;
  /** Exit code when it exits by itself (default 0). */
  code?: number;
  /** Ignore SIGTERM (only SIGKILL ends it). */
  ignoreTerm?: boolean;
  /** Captured output. */
  output?: string;
  /** Make `spawn` throw this message (e.g. program not found). */
  startError?: string;
  /** A descendant survives the process until SIGKILL (so `groupAlive` stays true). */
  lingers?: boolean;
}

/** One entry of the fake's log. */
export interface FakeLogEntry {
  /** Virtual time. */
  at: number;
  /** Process id. */
  pid: number;
  /** What happened. */
  what: "spawn" | "exit" | "SIGTERM" | "SIGKILL";
  /** The process's argv. */
  argv: string[];
  /** The spawn request (on `spawn` entries). */
  request?: SpawnRequest;
  /** Exit code (on `exit` entries). */
  code?: number;
}

/**
 * A fake spawner. `behave` decides per request how the process acts.
 *
 * @example
 * ```ts
 * import { FakeClock } from "./fake_clock.ts";
 * import { FakeSpawner } from "./fake_spawner.ts";
 * const clock = new FakeClock();
 * const spawner = new FakeSpawner(clock, () => ({ runMs: 50, code: 3 }));
 * const child = spawner.spawn({ argv: ["/bin/check"] });
 * await clock.advance(50);
 * const status = await child.status;
 * if (status.code !== 3) throw new Error();
 * ```
 */
export class FakeSpawner implements Spawner {
  /** Everything that happened, in order. */
  readonly log: FakeLogEntry[] = [];
  #nextPid = 1000;
  #live = 0;
  #maxLive = 0;

  /** Create a fake that asks `behave` how each started process acts. */
  constructor(
    readonly clock: FakeClock,
    readonly behave: (request: SpawnRequest) => FakeBehaviour = () => ({}),
  ) {}

  /** Number of processes started and not yet exited. */
  get live(): number {
    return this.#live;
  }

  /** Most processes alive at the same time so far. */
  get maxLive(): number {
    return this.#maxLive;
  }

  /** The argv of each started process, in start order. */
  started(): string[][] {
    return this.log.filter((e) => e.what === "spawn").map((e) => e.argv);
  }

  /** Start a fake process. */
  spawn(request: SpawnRequest): ChildProcess {
    const b = this.behave(request);
    if (b.startError !== undefined) throw new Error(b.startError);
    const pid = this.#nextPid++;
    const argv = request.argv;
    this.log.push({ at: this.clock.now(), pid, what: "spawn", argv, request });
    this.#live++;
    this.#maxLive = Math.max(this.#maxLive, this.#live);
    let exited = false;
    let killed = false;
    let resolve!: (s: ExitStatus) => void;
    const status = new Promise<ExitStatus>((r) => (resolve = r));
    let cancel = () => {};
    const exit = (code: number, signal: Deno.Signal | null) => {
      if (exited) return;
      exited = true;
      cancel();
      this.#live--;
      this.log.push({ at: this.clock.now(), pid, what: "exit", argv, code });
      resolve({ success: code === 0 && signal === null, code, signal });
    };
    const runMs = b.runMs ?? 0;
    if (Number.isFinite(runMs)) cancel = this.clock.setTimer(runMs, () => exit(b.code ?? 0, null));
    return {
      pid,
      status,
      output: () => b.output ?? "",
      groupAlive: () => !exited || (b.lingers === true && !killed),
      killGroup: (signal) => {
        if (signal === "SIGKILL" && b.lingers && exited && !killed) {
          this.log.push({ at: this.clock.now(), pid, what: signal, argv });
        }
        if (signal === "SIGKILL") killed = true;
        if (exited) return;
        this.log.push({ at: this.clock.now(), pid, what: signal, argv });
        if (signal === "SIGKILL") exit(137, "SIGKILL");
        else if (!b.ignoreTerm) exit(143, "SIGTERM");
      },
    };
  }
}
