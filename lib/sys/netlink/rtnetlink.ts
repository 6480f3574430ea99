/**
 * Requests to the kernel over a `NetlinkTransport`: sequence numbers, ACKs (an NLMSG_ERROR
 * with errno becomes a `SyscallError` naming the request), multipart dumps up to NLMSG_DONE,
 * and the address, link, route and rule operations vipkeeper needs. Requests are serialised:
 * one in flight.
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
  #queue: Promise<unknown> = Promise.resolve();

  /** Uses `transport` for requests only (do not subscribe it to groups). */
  constructor(transport: NetlinkTransport, firstSeq = Math.floor(Date.now() / 1000) & 0x7fffffff) {
    this.#transport = transport;
    this.#seq = firstSeq;
  }

  /**
   * Sends one request and returns its reply messages: for a dump every message up to
   * NLMSG_DONE; for other requests (sent with NLM_F_ACK) nothing, once acknowledged.
   * Throws `SyscallError` with `op` when the kernel answers with an error.
   */
  request(type: number, flags: number, payload: Uint8Array, op: string): Promise<NetlinkMessage[]> {
    const run = this.#queue.then(() => this.#exchange(type, flags, payload, op));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #exchange(
    type: number,
    flags: number,
    payload: Uint8Array,
    op: string,
  ): Promise<NetlinkMessage[]> {
    const seq = this.#seq = (this.#seq + 1) >>> 0 || 1;
    const dump = (flags & NL.NLM_F_DUMP) === NL.NLM_F_DUMP &&
      (type === NL.RTM_GETLINK || type === NL.RTM_GETADDR);
    this.#transport.send(
      encodeMessage({ type, flags: flags | NL.NLM_F_REQUEST, seq, pid: 0, payload }),
    );
    const replies: NetlinkMessage[] = [];
    let interrupted = false;
    for (;;) {
      const datagram = await this.#transport.receive();
      if (datagram === null) throw new SyscallError(op, Errno.EBADF, "netlink socket closed");
      for (const m of decodeMessages(datagram)) {
        if (m.seq !== seq) continue; // a late reply to an earlier request, or an event
        if (m.flags & NL.NLM_F_DUMP_INTR) interrupted = true;
        const errno = errorOf(m);
        if (errno !== undefined) {
          if (errno !== 0) throw new SyscallError(op, errno);
          return replies;
        }
        if (m.type === NL.NLMSG_DONE) {
          const p = m.payload;
          const e = p.length >= 4 ? -new DataView(p.buffer, p.byteOffset, 4).getInt32(0, true) : 0;
          if (e > 0) throw new SyscallError(op, e);
          if (interrupted) throw new DumpInterrupted();
          return replies;
        }
        replies.push(m);
        if (!dump && !(m.flags & NL.NLM_F_MULTI)) return replies;
      }
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
