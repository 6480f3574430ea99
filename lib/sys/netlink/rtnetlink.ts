/**
 * Requests to the kernel over a `NetlinkTransport`: sequence numbers, ACKs (an NLMSG_ERROR
 * with errno becomes a `SyscallError` naming the request), multipart dumps up to NLMSG_DONE,
 * and the address, link, route and rule operations vipkeeper needs. Change requests are
 * pipelined: each is sent at once (so the kernel has made the change before `request` returns)
 * and its answer is matched by sequence number; a dump goes alone.
 *
 * @module
 */

import { Errno, SyscallError } from "../errno.ts";
import { NL } from "./constants.ts";
import { decodeMessages, encodeMessage, errorOf, type NetlinkMessage } from "./message.ts";
import {
  type AddressInfo,
  type AddressRequest,
  decodeAddress,
  decodeLink,
  encodeAddressRequest,
  encodeLinkRequest,
  type Family,
  type LinkInfo,
} from "./route.ts";
import {
  encodeRouteRequest,
  encodeRuleRequest,
  routeAddFlags,
  type RouteRequest,
  type RuleRequest,
} from "./route_msg.ts";
import type { NetlinkTransport } from "./socket.ts";

const DUMP_RETRIES = 3;
/**
 * Change requests outstanding at once. Their acknowledgements wait in the socket's receive
 * buffer (the kernel's default holds a few hundred), so this stays well below an overrun.
 */
const MAX_IN_FLIGHT = 32;

/** A request, waiting or outstanding. */
interface Pending {
  seq: number;
  dump: boolean;
  op: string;
  bytes: Uint8Array;
  replies: NetlinkMessage[];
  interrupted: boolean;
  resolve(replies: NetlinkMessage[]): void;
  reject(e: unknown): void;
}

/**
 * An rtnetlink client.
 *
 * @example
 * ```ts
 * import { Rtnetlink } from "./rtnetlink.ts";
 * import { FakeKernel, fakeNetlink } from "./fake.ts";
 * const kernel = new FakeKernel([{ index: 2, name: "eth0" }]);
 * const nl = new Rtnetlink(fakeNetlink(kernel.handler));
 * await nl.addAddress({ index: 2, address: "192.0.2.10", prefix: 24 });
 * const addrs = await nl.dumpAddresses("inet");
 * console.assert(addrs[0]?.address === "192.0.2.10");
 * await nl.close();
 * ```
 */
export class Rtnetlink {
  readonly #transport: NetlinkTransport;
  #seq: number;
  /** Requests not sent yet, in order. */
  readonly #waiting: Pending[] = [];
  /** Requests sent and not answered, by sequence number. */
  readonly #inFlight = new Map<number, Pending>();
  #reading = false;
  /** The request in flight is a dump (which goes alone). */
  #dumping = false;

  /** Uses `transport` for requests only (do not subscribe it to groups). */
  constructor(transport: NetlinkTransport, firstSeq = Math.floor(Date.now() / 1000) & 0x7fffffff) {
    this.#transport = transport;
    this.#seq = firstSeq;
  }

  /**
   * Sends one request and returns its reply messages: for a dump every message up to
   * NLMSG_DONE; for other requests (sent with NLM_F_ACK) nothing, once acknowledged.
   * Throws `SyscallError` with `op` when the kernel answers with an error.
   *
   * The request is sent before this returns when it can be (the kernel has then carried out a
   * change request already; only its acknowledgement is read later): up to
   * `MAX_IN_FLIGHT` change requests are outstanding at once, and a dump goes alone (the kernel
   * runs one dump per socket). Others wait their turn, in order.
   */
  request(type: number, flags: number, payload: Uint8Array, op: string): Promise<NetlinkMessage[]> {
    const seq = this.#seq = (this.#seq + 1) >>> 0 || 1;
    const dump = (flags & NL.NLM_F_DUMP) === NL.NLM_F_DUMP &&
      (type === NL.RTM_GETLINK || type === NL.RTM_GETADDR);
    const bytes = encodeMessage({ type, flags: flags | NL.NLM_F_REQUEST, seq, pid: 0, payload });
    return new Promise((resolve, reject) => {
      this.#waiting.push({
        seq,
        dump,
        op,
        bytes,
        replies: [],
        interrupted: false,
        resolve,
        reject,
      });
      this.#pump();
    });
  }

  /**
   * How many change requests made now would be sent before `request` returns: none while a dump
   * runs or requests wait for room.
   */
  room(): number {
    return this.#waiting.length > 0 || this.#dumping ? 0 : MAX_IN_FLIGHT - this.#inFlight.size;
  }

  /** Sends what may go now, and reads the answers while any are outstanding. */
  #pump(): void {
    for (;;) {
      const next = this.#waiting[0];
      if (next === undefined) break;
      const busy = this.#inFlight.size;
      if (next.dump ? busy > 0 : this.#dumping || busy >= MAX_IN_FLIGHT) break;
      this.#waiting.shift();
      try {
        this.#transport.send(next.bytes);
      } catch (e) {
        next.reject(e);
        continue;
      }
      this.#inFlight.set(next.seq, next);
      this.#dumping = next.dump;
    }
    if (this.#inFlight.size > 0 && !this.#reading) {
      // The answers are read after the caller's synchronous work: a takeover's GARP, sent right
      // behind its VIPs, does not wait for the acknowledgements to be read.
      this.#reading = true;
      queueMicrotask(() => void this.#read());
    }
  }

  async #read(): Promise<void> {
    this.#reading = true;
    try {
      while (this.#inFlight.size > 0) {
        let datagram: Uint8Array | null;
        try {
          datagram = await this.#transport.receive();
        } catch (e) {
          // An overrun: answers may be lost, so every outstanding request fails with it.
          const errno = e instanceof SyscallError ? e.errno : undefined;
          this.#fail(
            [...this.#inFlight.values()],
            (p) => errno === undefined ? e : new SyscallError(p.op, errno),
          );
          this.#pump(); // the ones that waited for room go now
          continue;
        }
        if (datagram === null) {
          this.#fail(
            [...this.#inFlight.values(), ...this.#waiting.splice(0)],
            (p) => new SyscallError(p.op, Errno.EBADF, "netlink socket closed"),
          );
          break;
        }
        for (const m of decodeMessages(datagram)) {
          const p = this.#inFlight.get(m.seq); // none: a late reply to a failed request
          if (p !== undefined) this.#deliver(p, m);
        }
        this.#pump(); // requests that waited for room (this reader goes on reading for them)
      }
    } finally {
      this.#reading = false;
    }
  }

  #deliver(p: Pending, m: NetlinkMessage): void {
    if (m.flags & NL.NLM_F_DUMP_INTR) p.interrupted = true;
    const errno = errorOf(m);
    if (errno !== undefined) {
      this.#done(p);
      if (errno !== 0) p.reject(new SyscallError(p.op, errno));
      else p.resolve(p.replies);
      return;
    }
    if (m.type === NL.NLMSG_DONE) {
      this.#done(p);
      const d = m.payload;
      const e = d.length >= 4 ? -new DataView(d.buffer, d.byteOffset, 4).getInt32(0, true) : 0;
      if (e > 0) p.reject(new SyscallError(p.op, e));
      else if (p.interrupted) p.reject(new DumpInterrupted());
      else p.resolve(p.replies);
      return;
    }
    p.replies.push(m);
    if (!p.dump && !(m.flags & NL.NLM_F_MULTI)) {
      this.#done(p);
      p.resolve(p.replies);
    }
  }

  #done(p: Pending): void {
    this.#inFlight.delete(p.seq);
    if (p.dump) this.#dumping = false;
  }

  #fail(requests: Pending[], error: (p: Pending) => unknown): void {
    for (const p of requests) {
      this.#done(p);
      p.reject(error(p));
    }
  }

  async #dump(type: number, payload: Uint8Array, op: string): Promise<NetlinkMessage[]> {
    for (let attempt = 1;; attempt++) {
      try {
        return await this.request(type, NL.NLM_F_DUMP, payload, op);
      } catch (e) {
        if (!(e instanceof DumpInterrupted) || attempt >= DUMP_RETRIES) throw e;
      }
    }
  }

  /** Every link (interface). */
  async dumpLinks(): Promise<LinkInfo[]> {
    const ms = await this.#dump(NL.RTM_GETLINK, encodeLinkRequest(), "netlink dump links");
    return ms.filter((m) => m.type === NL.RTM_NEWLINK).map((m) => decodeLink(m.payload))
      .filter((l): l is LinkInfo => l !== undefined);
  }

  /** Every IPv4 and/or IPv6 address. */
  async dumpAddresses(family?: Family): Promise<AddressInfo[]> {
    const req = new Uint8Array(8);
    req[0] = family === "inet" ? NL.AF_INET : family === "inet6" ? NL.AF_INET6 : NL.AF_UNSPEC;
    const ms = await this.#dump(NL.RTM_GETADDR, req, "netlink dump addresses");
    return ms.filter((m) => m.type === NL.RTM_NEWADDR).map((m) => decodeAddress(m.payload))
      .filter((a): a is AddressInfo => a !== undefined && (!family || a.family === family));
  }

  /**
   * Adds an address. With `exclusive` (the default) an existing one fails with EEXIST;
   * without it the address is replaced.
   */
  async addAddress(r: AddressRequest, options: { exclusive?: boolean } = {}): Promise<void> {
    const flags = NL.NLM_F_ACK | NL.NLM_F_CREATE |
      (options.exclusive === false ? NL.NLM_F_REPLACE : NL.NLM_F_EXCL);
    await this.request(
      NL.RTM_NEWADDR,
      flags,
      encodeAddressRequest(r),
      `netlink add address ${r.address}`,
    );
  }

  /** Deletes an address; a missing one fails with EADDRNOTAVAIL. */
  async deleteAddress(r: AddressRequest): Promise<void> {
    await this.request(
      NL.RTM_DELADDR,
      NL.NLM_F_ACK,
      encodeAddressRequest(r),
      `netlink delete address ${r.address}`,
    );
  }

  /**
   * Adds a route (`r.mode`, default `prepend`: keepalived's way). An identical route fails
   * with EEXIST; with mode `add` any route to the same destination and metric does.
   */
  async addRoute(r: RouteRequest): Promise<void> {
    await this.request(
      NL.RTM_NEWROUTE,
      routeAddFlags(r.mode),
      encodeRouteRequest(r, "add"),
      `netlink add route ${describeRoute(r)}`,
    );
  }

  /** Deletes a route; a missing one fails with ESRCH. */
  async deleteRoute(r: RouteRequest): Promise<void> {
    await this.request(
      NL.RTM_DELROUTE,
      NL.NLM_F_ACK,
      encodeRouteRequest(r, "delete"),
      `netlink delete route ${describeRoute(r)}`,
    );
  }

  /** Adds a policy rule; an identical one fails with EEXIST. */
  async addRule(r: RuleRequest): Promise<void> {
    await this.request(
      NL.RTM_NEWRULE,
      NL.NLM_F_ACK | NL.NLM_F_CREATE | NL.NLM_F_EXCL,
      encodeRuleRequest(r),
      `netlink add rule ${describeRule(r)}`,
    );
  }

  /** Deletes a policy rule; a missing one fails with ENOENT. */
  async deleteRule(r: RuleRequest): Promise<void> {
    await this.request(
      NL.RTM_DELRULE,
      NL.NLM_F_ACK,
      encodeRuleRequest(r),
      `netlink delete rule ${describeRule(r)}`,
    );
  }

  /** Closes the transport. */
  close(): Promise<void> {
    return this.#transport.close();
  }
}

function describeRoute(r: RouteRequest): string {
  const dst = r.dst && r.dst.length > 0 ? `${r.dst.address}/${r.dst.length}` : "default";
  return `${dst} table ${r.table ?? NL.RT_TABLE_MAIN}`;
}

function describeRule(r: RuleRequest): string {
  const from = r.src && r.src.length > 0 ? `${r.src.address}/${r.src.length}` : "all";
  return `from ${from}${r.priority === undefined ? "" : ` priority ${r.priority}`}`;
}

/** A dump was interrupted by a concurrent change (NLM_F_DUMP_INTR): it is retried. */
class DumpInterrupted extends Error {
  constructor() {
    super("netlink dump interrupted");
  }
}
