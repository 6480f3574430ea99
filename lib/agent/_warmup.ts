/**
 * Warm-up of the takeover path. V8 compiles a function only when it is first called, and a
 * backup runs its MASTER transition (the engine's Master_Down handling, the advert encoding and
 * checksum) for the first time at the very moment it should be fast: measured on the wire that
 * costs a few hundred microseconds on the first advert. `warmUp` runs that path beforehand on a
 * throwaway engine built from the same model: start, Master_Down → MASTER, adverts, a higher
 * priority advert → BACKUP, MASTER again, stop with its priority-0 adverts; every advert is
 * encoded as the agent would encode it (`InstanceIo.outgoing`, and the IPv4 header) and thrown
 * away. Nothing is sent, logged or notified, and no clock is read.
 *
 * @module
 */

import type { Model, VrrpInstance } from "../config/model.ts";
import type { Action } from "../vrrp/actions.ts";
import { checkViewFromInstance } from "../vrrp/checks.ts";
import { createEngine, type Engine } from "../vrrp/engine.ts";
import { engineConfigFromModel } from "../vrrp/engine_config.ts";
import { encodeIpv4Header } from "../vrrp/ipv4.ts";
import { InstanceIo } from "./_instance_io.ts";
import { setTimerPrimer } from "./clock.ts";

/** How many throwaway engines run the whole cycle (enough for V8's baseline compiler). */
const ROUNDS = 30;
/** Timer steps per round and instance. */
const STEPS = 10;
/** Timer steps of one prime at most. */
const PRIME_STEPS = 4;

/** A source address for an instance's own adverts (TEST-NET when it has none configured). */
function sourceOf(inst: VrrpInstance): string {
  return inst.unicastSrcIp ?? inst.mcastSrcIp ??
    (inst.family === "inet6" ? "fe80::db8:1" : "192.0.2.1");
}

/**
 * The instances that warm up: the first of each kind (family, version, unicast or not, sync
 * group or not; the code path, not the count, is what warms), and the sync groups made only of
 * them.
 */
function warmModel(model: Model): Model {
  const grouped = new Set(model.syncGroups.flatMap((g) => g.group));
  const kinds = new Set<string>();
  const instances = model.instances.filter((i) => {
    const kind = [i.family, i.version, i.unicastPeers.length > 0, grouped.has(i.name)].join();
    if (kinds.has(kind)) return false;
    kinds.add(kind);
    return true;
  });
  const names = new Set(instances.map((i) => i.name));
  const syncGroups = model.syncGroups.filter((g) => g.group.every((n) => names.has(n)));
  return { ...model, instances, syncGroups };
}

/** Encodes the adverts among `actions` as the agent would, and throws the bytes away. */
function encodeAll(actions: Action[], io: ReadonlyMap<string, InstanceIo>): number {
  let bytes = 0;
  for (const a of actions) {
    if (a.type !== "advert") continue;
    for (const p of io.get(a.instance)?.outgoing(a.advert) ?? []) {
      bytes += p.message.length;
      if (p.family === "inet") {
        const header = encodeIpv4Header({
          source: p.source,
          destination: p.destination,
          id: 1 + (bytes & 0x7fff),
          payloadLength: p.message.length,
          ttl: p.ttl,
        });
        bytes += header.length;
      }
    }
  }
  return bytes;
}

/** A higher-priority advert from a peer that sends `inst` back to BACKUP. */
function peerAdvert(inst: VrrpInstance, io: InstanceIo) {
  const v6 = inst.family === "inet6";
  return {
    type: "advert" as const,
    instance: inst.name,
    received: {
      advert: {
        version: inst.version,
        vrid: inst.vrid,
        priority: 255,
        intervalCs: Math.round(inst.advertInt * 100),
        family: inst.family,
        addresses: inst.vips.filter((v) => v.family === inst.family).map((v) => v.address),
      },
      source: v6 ? "fe80::db8:ff" : "192.0.2.254",
      destination: io.multicastGroup ?? io.source ?? "",
      ttl: 255,
      interface: inst.interface ?? "",
    },
  };
}

/** One throwaway engine through start, MASTER, BACKUP, MASTER and stop. */
function cycle(model: Model, io: ReadonlyMap<string, InstanceIo>): number {
  const engine: Engine = createEngine(engineConfigFromModel(model));
  let now = 1_000_000;
  let bytes = encodeAll(engine.handle({ type: "start" }, now), io);
  for (const inst of model.instances) {
    const address = io.get(inst.name)?.source;
    if (address === undefined) continue;
    const event = { type: "source-address" as const, instance: inst.name, address };
    bytes += encodeAll(engine.handle(event, now), io);
  }
  const run = (steps: number) => {
    for (let i = 0; i < steps; i++) {
      const at = engine.nextDeadline();
      if (at === undefined) return;
      now = Math.max(now, at);
      bytes += encodeAll(engine.handle({ type: "timer" }, now), io);
    }
  };
  const steps = STEPS * model.instances.length;
  run(steps);
  for (const inst of model.instances) {
    const i = io.get(inst.name);
    if (i !== undefined) bytes += encodeAll(engine.handle(peerAdvert(inst, i), now), io);
  }
  run(steps);
  bytes += encodeAll(engine.handle({ type: "stop" }, now), io);
  return bytes;
}

/**
 * A throwaway engine kept between primes: each `prime()` fires its timers until an instance
 * takes over (or a few steps passed), encodes the adverts, and sends it back to BACKUP with a
 * higher-priority advert, so the next prime takes over again.
 */
class Primer {
  readonly #engine: Engine;
  readonly #model: Model;
  readonly #io: ReadonlyMap<string, InstanceIo>;
  #now = 1_000_000;

  constructor(model: Model, io: ReadonlyMap<string, InstanceIo>) {
    this.#model = model;
    this.#io = io;
    this.#engine = createEngine(engineConfigFromModel(model));
    this.#engine.handle({ type: "start" }, this.#now);
    for (const inst of model.instances) {
      const address = io.get(inst.name)?.source;
      if (address === undefined) continue;
      this.#engine.handle({ type: "source-address", instance: inst.name, address }, this.#now);
    }
  }

  prime(): number {
    let bytes = 0;
    for (let i = 0; i < PRIME_STEPS; i++) {
      const at = this.#engine.nextDeadline();
      if (at === undefined) break;
      this.#now = Math.max(this.#now, at);
      const actions = this.#engine.handle({ type: "timer" }, this.#now);
      bytes += encodeAll(actions, this.#io);
      if (actions.some((a) => a.type === "state" && a.to === "MASTER")) break;
    }
    for (const inst of this.#model.instances) {
      const i = this.#io.get(inst.name);
      if (i !== undefined) {
        bytes += encodeAll(this.#engine.handle(peerAdvert(inst, i), this.#now), this.#io);
      }
    }
    return bytes;
  }
}

/**
 * Runs the takeover path of `model`'s instances (the first of each kind) on throwaway engines so
 * that V8 has compiled it before a real takeover needs it, and registers a short run of it as the
 * system clock's timer primer (`setTimerPrimer`: ≈ 1.5 ms before a rare timer such as a backup's
 * Master_Down, so that the code is in the CPU caches too). Nothing is sent, logged or notified. Never throws (a configuration the warm-up cannot drive is skipped). Takes
 * a few tens of milliseconds; returns the number of bytes encoded (for tests).
 *
 * @example
 * ```ts
 * import { warmUp } from "./_warmup.ts";
 * import type { Model } from "../config/model.ts";
 * function atStart(model: Model): void {
 *   warmUp(model);
 * }
 * ```
 */
export function warmUp(model: Model): number {
  try {
    const small = warmModel(model);
    if (small.instances.length === 0) return 0;
    const group4 = model.globalDefs.mcastGroup4;
    const io = new Map<string, InstanceIo>();
    for (const inst of small.instances) {
      const i = new InstanceIo(inst, model.globalDefs, checkViewFromInstance(inst, group4));
      i.source = sourceOf(inst);
      io.set(inst.name, i);
    }
    let bytes = 0;
    for (let r = 0; r < ROUNDS; r++) bytes += cycle(small, io);
    const primer = new Primer(small, io);
    for (let r = 0; r < ROUNDS; r++) bytes += primer.prime();
    setTimerPrimer(() => primer.prime());
    return bytes;
  } catch {
    return 0;
  }
}
