/**
 * Per-instance plumbing of the agent: which socket and groups an instance uses, its own source
 * address, the receive checks with their counters, and the copies of each advert to send.
 *
 * @module
 */

import type { GlobalDefs, VrrpInstance } from "../config/model.ts";
import type { Advert } from "../vrrp/advert.ts";
import { type AcceptedAdvert, checkAdvert, type CheckView } from "../vrrp/checks.ts";
import {
  type DropReason,
  type InstanceCounters,
  newCounters,
  recordCheck,
} from "../vrrp/counters.ts";
import type { Engine } from "../vrrp/engine.ts";
import { encodeAdvert } from "../vrrp/packet.ts";
import type { OutgoingVrrp, RawVrrpPacket, VrrpSocket } from "./ports.ts";

/** The outcome of checking one packet for one instance. */
export type IoCheck = { dropped: DropReason } | { accepted: AcceptedAdvert | undefined };

/** The I/O state of one instance. */
export class InstanceIo {
  /** The socket it sends on (set once opened). */
  socket: VrrpSocket | undefined;
  /** Own source address once known. */
  source: string | undefined;
  /** Receive and drop counters. */
  readonly counters: InstanceCounters = newCounters();
  readonly #unicast: boolean;
  readonly #destination: string | undefined;
  #last: Encoded | undefined;

  /** Plumbing for `inst` under `globals`, checking with `view`. */
  constructor(
    readonly inst: VrrpInstance,
    readonly globals: GlobalDefs,
    readonly view: CheckView,
  ) {
    this.#unicast = inst.unicastPeers.length > 0;
    this.#destination = this.#unicast
      ? undefined
      : inst.mcastDstIp ?? (inst.family === "inet6" ? globals.mcastGroup6 : globals.mcastGroup4);
  }

  /** The multicast group to join, or undefined in unicast mode. */
  get multicastGroup(): string | undefined {
    return this.#destination;
  }

  /**
   * Run the receive checks on a packet for this instance. A packet for another VRID is neither
   * counted nor dropped here (it belongs to another instance on the same socket).
   */
  check(packet: RawVrrpPacket, engine: Engine): IoCheck {
    if (vridOf(packet) !== this.inst.vrid) return { accepted: undefined };
    const context = this.inst.skipCheckAdvAddr
      ? {
        currentMaster: engine.status().instances.find((i) => i.name === this.inst.name)
          ?.masterAddress,
      }
      : {};
    const input = packet.family === "inet"
      ? { family: "inet" as const, datagram: packet.bytes, interface: packet.interface }
      : {
        family: "inet6" as const,
        message: packet.bytes,
        source: packet.source ?? "",
        destination: packet.destination ?? "",
        ttl: packet.hopLimit ?? -1,
        interface: packet.interface,
      };
    const result = checkAdvert(
      input,
      this.view,
      context.currentMaster !== undefined ? { currentMaster: context.currentMaster } : {},
    );
    recordCheck(this.counters, result);
    if ("dropped" in result) return { dropped: result.dropped };
    if (this.source !== undefined && result.accepted.source === this.source) {
      return { accepted: undefined }; // our own advert looped back
    }
    return { accepted: result.accepted };
  }

  /**
   * The packets that carry one advert: one to the group, or one per unicast peer. A master
   * sends the same advert every interval, so the packets of the last one are kept and handed out
   * again while the advert, the source and the interface are unchanged: callers must not modify
   * them.
   */
  outgoing(advert: Advert): readonly OutgoingVrrp[] {
    const source = this.source;
    const iface = this.inst.interface;
    if (source === undefined || iface === undefined) return [];
    const last = this.#last;
    if (
      last !== undefined && last.source === source && last.iface === iface &&
      sameAdvert(last.advert, advert)
    ) {
      return last.packets;
    }
    const destinations = this.#unicast
      ? this.inst.unicastPeers.map((p) => p.address)
      : [this.#destination ?? ""];
    const ttl = this.#unicast ? this.inst.unicastTtl : 255;
    const packets = destinations.map((destination) => ({
      family: this.inst.family,
      interface: iface,
      source,
      destination,
      ttl,
      message: encodeAdvert(advert, {
        source,
        destination,
        v3ChecksumAsV2: this.inst.v3ChecksumAsV2,
        kernelChecksum: this.inst.family === "inet6",
      }),
    }));
    this.#last = { advert: copyAdvert(advert), source, iface, packets };
    return packets;
  }
}

/** The last advert encoded by an `InstanceIo`, and its packets. */
interface Encoded {
  advert: Advert;
  source: string;
  iface: string;
  packets: readonly OutgoingVrrp[];
}

/** A copy of an advert that later changes to the original (or its arrays) do not reach. */
function copyAdvert(a: Advert): Advert {
  const copy: Advert = { ...a, addresses: [...a.addresses] };
  if (a.auth !== undefined) copy.auth = { type: a.auth.type, data: a.auth.data.slice() };
  return copy;
}

/** True when two adverts encode to the same bytes (every field compared by value). */
function sameAdvert(a: Advert, b: Advert): boolean {
  if (
    a.priority !== b.priority || a.vrid !== b.vrid || a.version !== b.version ||
    a.intervalCs !== b.intervalCs || a.family !== b.family ||
    a.addresses.length !== b.addresses.length
  ) {
    return false;
  }
  for (let i = 0; i < a.addresses.length; i++) {
    if (a.addresses[i] !== b.addresses[i]) return false;
  }
  if (a.auth === undefined || b.auth === undefined) return a.auth === b.auth;
  if (a.auth.type !== b.auth.type || a.auth.data.length !== b.auth.data.length) return false;
  for (let i = 0; i < a.auth.data.length; i++) {
    if (a.auth.data[i] !== b.auth.data[i]) return false;
  }
  return true;
}

/** The VRID byte of a packet (IPv4: after the IP header), or -1. */
function vridOf(packet: RawVrrpPacket): number {
  const b = packet.bytes;
  if (packet.family === "inet6") return b[1] ?? -1;
  const ihl = ((b[0] ?? 0) & 0x0f) * 4;
  const ah = b[9] === 51 ? 24 : 0;
  return b[ihl + ah + 1] ?? -1;
}
