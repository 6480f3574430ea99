/**
 * The ordered notify executor. The engine's notifications go in (`submit`, synchronous, never
 * blocks the protocol); each is written at once to the FIFOs and the event stream, and its hooks
 * (state script, then generic `notify`, spec §5.1) join one queue that runs **one process at a
 * time**, in submission order. A hook ends by itself or is killed at its timeout (SIGTERM to its
 * process group, SIGKILL after a grace period) before the next one starts.
 *
 * Pile-up policy (default `"coalesce"`): a new state notification for an instance or group
 * replaces that object's notification still waiting in the queue (its hooks never run; the FIFO
 * and events still carried it). The running hook is never interrupted. So after a burst of
 * flapping, each object's hooks run once more, for the state it ended in, in the order of the
 * latest transitions, instead of replaying a backlog of stale MASTER/BACKUP scripts behind a slow
 * one. `"all"` runs every notification in order.
 *
 * @module
 */

import type { ScriptCommand } from "../config/model.ts";
import type { Clock } from "./clock.ts";
import { type NotifyEvent, NotifyEvents } from "./events.ts";
import type { Logger } from "./logger.ts";
import { type NotifyPlan, type NotifyRequest, type PlannedHook, planNotify } from "./plan.ts";
import { type RunResult, runWithTimeout } from "./run.ts";
import type { Spawner, SpawnRequest } from "./spawner.ts";

/** Where FIFO lines go (see `./fifo.ts`); writes must not block. */
export interface LineSink {
  /** Write one line (newline included). */
  write(line: string): void;
}

/** How to run a command: as a uid/gid, as vipkeeper itself (`{}`), or refused with a reason. */
export type RunAsDecision = { uid?: number; gid?: number } | { refused: string };

/** Default milliseconds a notify hook may run before its process group is killed. */
export const DEFAULT_HOOK_TIMEOUT_MS = 30_000;
/** Default milliseconds a STOP hook may run at shutdown (keepalived's 1 s). */
export const DEFAULT_STOP_TIMEOUT_MS = 1_000;
/** Default milliseconds between SIGTERM and SIGKILL for a timed-out hook. */
export const DEFAULT_KILL_GRACE_MS = 2_000;

/** Settings and collaborators of the executor. */
export interface ExecutorOptions {
  /** Starts processes. */
  spawner: Spawner;
  /** Time and timers. */
  clock: Clock;
  /** Log lines. */
  logger: Logger;
  /** Event hub to publish to (default: a new one, exposed as `executor.events`). */
  events?: NotifyEvents;
  /** FIFOs (`notify_fifo`, `vrrp_notify_fifo`) that get every line. */
  fifos?: LineSink[];
  /** Decide the identity of each command (default: run as vipkeeper). */
  runAs?: (command: ScriptCommand) => RunAsDecision;
  /** Hook timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** STOP hook timeout in ms (default 1 000). */
  stopTimeoutMs?: number;
  /** SIGTERM→SIGKILL grace in ms (default 2 000). */
  graceMs?: number;
  /** SIGTERM→SIGKILL grace for STOP hooks in ms (default 0: SIGKILL at once, as keepalived). */
  stopGraceMs?: number;
  /** What happens when notifications pile up behind a slow hook (default `"coalesce"`). */
  pileUp?: "coalesce" | "all";
  /** Bytes of hook output logged (default 4096). */
  outputLimit?: number;
}

/**
 * A notification whose hooks are already planned, as the engine's `notify` action carries it
 * (`lib/vrrp/actions.ts`): the state word (DELETED already rewritten to FAULT where keepalived
 * does), the hooks in order with their full argv, and the FIFO line.
 */
export interface PlannedNotify {
  /** Instance or sync group. */
  scope: NotifyRequest["kind"];
  /** Object name. */
  name: string;
  /** State word. */
  state: NotifyPlan["word"];
  /** Priority reported (0 for groups). */
  priority: number;
  /** Hooks in order. */
  hooks: { hook: PlannedHook["role"]; argv: string[]; user?: string; group?: string }[];
  /** FIFO line (a missing trailing newline is added). */
  fifo: string;
}

/** A finished (or refused, or superseded) hook. */
export interface HookRun {
  /** The notification's sequence number. */
  seq: number;
  /** The notification's object and state word. */
  kind: NotifyRequest["kind"];
  /** Object name. */
  name: string;
  /** State word. */
  state: NotifyPlan["word"];
  /** Hook keyword and argv. */
  hook: PlannedHook;
  /** What happened: ran (with its result), refused, or superseded before it started. */
  outcome: "ran" | "refused" | "superseded" | "cancelled";
  /** Run result when `outcome` is `"ran"`. */
  result?: RunResult;
}

interface Entry {
  seq: number;
  request: NotifyRequest;
  plan: NotifyPlan;
  key: string;
  stop: boolean;
  abort: AbortController;
  /** The identity rule in force when the notification was accepted. */
  runAs: ExecutorOptions["runAs"];
}

/** What `reconfigure` replaces; a field left out keeps its current value. */
export interface ExecutorSettings {
  /** The FIFOs that get every line from now on. */
  fifos?: LineSink[];
  /** The identity rule for hooks of notifications accepted from now on (`() => ({})`: self). */
  runAs?: (command: ScriptCommand) => RunAsDecision;
}

/**
 * The executor. Create one per agent; feed it the engine's notifications in order.
 *
 * @example
 * ```ts
 * import { FakeClock } from "./fake_clock.ts";
 * import { FakeSpawner } from "./fake_spawner.ts";
 * import { NotifyExecutor } from "./executor.ts";
 * import { silentLogger } from "./logger.ts";
 * const clock = new FakeClock();
 * const spawner = new FakeSpawner(clock, () => ({ runMs: 10 }));
 * const ex = new NotifyExecutor({ spawner, clock, logger: silentLogger });
 * const notify = { master: { command: "/m", argv: ["/m"] }, generic: { command: "/n", argv: ["/n"] } };
 * ex.submit({ kind: "instance", name: "VI_1", state: "MASTER", priority: 150, notify });
 * await clock.advance(20);
 * await ex.idle();
 * const started = spawner.started().map((a) => a.join(" "));
 * if (started.join("|") !== "/m|/n INSTANCE VI_1 MASTER 150") throw new Error(started.join("|"));
 * ```
 */
export class NotifyExecutor {
  /** The ordered event stream (every accepted notification, hooks or not). */
  readonly events: NotifyEvents;
  #o: Required<Omit<ExecutorOptions, "events" | "fifos" | "runAs">> & ExecutorOptions;
  #fifos: LineSink[];
  #runAs: ExecutorOptions["runAs"];
  #queue: Entry[] = [];
  #current: Entry | null = null;
  #running = false;
  #closing = false;
  #idleWaiters: (() => void)[] = [];
  #hookListeners = new Set<(run: HookRun) => void>();

  /** Create an executor with the given collaborators and limits. */
  constructor(options: ExecutorOptions) {
    this.events = options.events ?? new NotifyEvents();
    this.#o = {
      timeoutMs: DEFAULT_HOOK_TIMEOUT_MS,
      stopTimeoutMs: DEFAULT_STOP_TIMEOUT_MS,
      graceMs: DEFAULT_KILL_GRACE_MS,
      stopGraceMs: 0,
      pileUp: "coalesce",
      outputLimit: 4096,
      ...options,
    };
    this.#fifos = [...(options.fifos ?? [])];
    this.#runAs = options.runAs;
  }

  /**
   * Take new FIFOs and a new identity rule (a reload's `notify_fifo`, `script_user`,
   * `enable_script_security`). Lines of later notifications go to the new FIFOs only; hooks of
   * notifications accepted from now on run with the new rule, while hooks already waiting or
   * running keep the rule they were accepted under. Closing the old FIFOs is the caller's job.
   */
  reconfigure(settings: ExecutorSettings): void {
    if (settings.fifos !== undefined) this.#fifos = [...settings.fifos];
    if (settings.runAs !== undefined) this.#runAs = settings.runAs;
  }

  /** Number of notifications whose hooks have not started yet. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Be told about every hook as it finishes (or is refused or superseded). */
  onHook(listener: (run: HookRun) => void): () => void {
    this.#hookListeners.add(listener);
    return () => void this.#hookListeners.delete(listener);
  }

  /**
   * Accept one notification: publish the event, write the FIFO line, queue the hooks. Returns
   * the event (with its sequence number). Never blocks and never throws for hook problems.
   */
  submit(request: NotifyRequest): NotifyEvent {
    return this.#accept(request, planNotify(request));
  }

  /**
   * Accept a notification the engine has already planned (its `notify` action); otherwise the
   * same as `submit`. The engine's hooks and FIFO line are used as they are.
   */
  submitPlanned(n: PlannedNotify): NotifyEvent {
    const request: NotifyRequest = {
      kind: n.scope,
      name: n.name,
      state: n.state,
      priority: n.priority,
      notify: {},
    };
    const hooks: PlannedHook[] = n.hooks.map((h) => {
      const command: ScriptCommand = { command: h.argv.join(" "), argv: h.argv };
      if (h.user !== undefined) command.user = h.user;
      if (h.group !== undefined) command.group = h.group;
      return { role: h.hook, argv: h.argv, command };
    });
    const fifoLine = n.fifo.endsWith("\n") ? n.fifo : `${n.fifo}\n`;
    return this.#accept(request, { word: n.state, priority: n.priority, hooks, fifoLine });
  }

  #accept(request: NotifyRequest, plan: NotifyPlan): NotifyEvent {
    const event = this.events.publish({
      kind: request.kind,
      name: request.name,
      state: plan.word,
      priority: plan.priority,
      time: this.#o.clock.now(),
      ...(request.state === "DELETED" ? { deleted: true as const } : {}),
    });
    for (const fifo of this.#fifos) fifo.write(plan.fifoLine);
    const isState = !["MASTER_RX_LOWER_PRI", "MASTER_PRIORITY", "BACKUP_PRIORITY"]
      .includes(request.state);
    const key = `${request.kind}\0${request.name}${isState ? "" : `\0${request.state}`}`;
    const stop = request.state === "STOP";
    if (this.#closing && !stop) {
      this.#report(event.seq, request, plan, "cancelled");
      return event;
    }
    if (this.#o.pileUp === "coalesce") {
      for (const old of this.#queue.filter((e) => e.key === key)) {
        this.#o.logger.info(
          `Notify ${label(old)} ${old.plan.word} superseded by ${plan.word} before its hooks ran`,
        );
        this.#report(old.seq, old.request, old.plan, "superseded");
      }
      this.#queue = this.#queue.filter((e) => e.key !== key);
    }
    if (plan.hooks.length > 0) {
      const abort = new AbortController();
      this.#queue.push({ seq: event.seq, request, plan, key, stop, abort, runAs: this.#runAs });
      this.#pump();
    }
    return event;
  }

  /**
   * Write one line to the FIFOs only (no event, no hook), e.g. the state lines of
   * `fifo_write_vrrp_states_on_reload` (`./reload_states.ts`). A missing newline is added.
   */
  writeFifos(line: string): void {
    const text = line.endsWith("\n") ? line : `${line}\n`;
    for (const fifo of this.#fifos) fifo.write(text);
  }

  /** Resolves when no hook is running or waiting. */
  idle(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    return new Promise((r) => this.#idleWaiters.push(r));
  }

  /**
   * Shut down as keepalived does (spec §7.4): the running hook, unless it is a STOP hook, is
   * killed now (SIGTERM, grace, SIGKILL); waiting non-STOP notifications are dropped; later
   * submissions other than STOP are refused. Submit the STOP notifications (before or after
   * calling this), then await the returned promise: it resolves when the queue is empty.
   */
  shutdown(): Promise<void> {
    this.#closing = true;
    const cur = this.#current;
    if (cur && !cur.stop) cur.abort.abort();
    for (const e of this.#queue.filter((x) => !x.stop)) {
      this.#report(e.seq, e.request, e.plan, "cancelled");
    }
    this.#queue = this.#queue.filter((e) => e.stop);
    return this.idle();
  }

  #pump(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#loop();
  }

  async #loop(): Promise<void> {
    try {
      for (let e = this.#queue.shift(); e; e = this.#queue.shift()) {
        this.#current = e;
        for (const hook of e.plan.hooks) {
          if (e.abort.signal.aborted) {
            this.#emit({ ...base(e), hook, outcome: "cancelled" });
            continue;
          }
          try {
            await this.#runHook(e, hook);
          } catch (err) {
            this.#o.logger.error(`Notify ${label(e)} ${hook.role} failed: ${err}`);
          }
        }
      }
    } finally {
      this.#current = null;
      this.#running = false;
      if (this.#queue.length > 0) this.#pump();
      else for (const w of this.#idleWaiters.splice(0)) w();
    }
  }

  async #runHook(e: Entry, hook: PlannedHook): Promise<void> {
    const o = this.#o;
    const who = e.runAs ? e.runAs(hook.command) : {};
    if ("refused" in who) {
      o.logger.warn(`Notify ${label(e)} ${hook.role} not run: ${who.refused}`);
      this.#emit({ ...base(e), hook, outcome: "refused" });
      return;
    }
    const request: SpawnRequest = { argv: hook.argv, outputLimit: o.outputLimit };
    if (who.uid !== undefined) request.uid = who.uid;
    if (who.gid !== undefined) request.gid = who.gid;
    const result = await runWithTimeout(o.spawner, o.clock, request, {
      timeoutMs: e.stop ? o.stopTimeoutMs : o.timeoutMs,
      graceMs: e.stop ? o.stopGraceMs : o.graceMs,
      signal: e.abort.signal,
    });
    const what = `Notify ${label(e)} ${hook.role} ${JSON.stringify(hook.argv.join(" "))}`;
    const took = `${Math.round(result.endedAt - result.startedAt)} ms`;
    if (result.status === null) o.logger.error(`${what} could not start: ${result.error}`);
    else if (result.timedOut) {
      const why = e.abort.signal.aborted ? "killed at shutdown" : "timed out";
      o.logger.warn(`${what} ${why}; process group killed after ${took}`);
    } else o.logger.info(`${what} exited with status ${result.status.code} after ${took}`);
    if (result.output !== "") o.logger.info(`${what} output: ${result.output.trimEnd()}`);
    this.#emit({ ...base(e), hook, outcome: "ran", result });
  }

  #report(seq: number, request: NotifyRequest, plan: NotifyPlan, outcome: HookRun["outcome"]) {
    for (const hook of plan.hooks) {
      this.#emit({ seq, kind: request.kind, name: request.name, state: plan.word, hook, outcome });
    }
  }

  #emit(run: HookRun): void {
    for (const l of [...this.#hookListeners]) {
      try {
        l(run);
      } catch (err) {
        this.#o.logger.error(`Notify hook listener failed: ${err}`);
      }
    }
  }
}

function base(e: Entry) {
  return { seq: e.seq, kind: e.request.kind, name: e.request.name, state: e.plan.word };
}

function label(e: Entry): string {
  return `(${e.request.name})`;
}
