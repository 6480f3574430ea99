/**
 * Test doubles at the message level. `fakeNetlink(handler)` is a `NetlinkTransport` whose
 * kernel is a function from one request message to its reply messages. `FakeKernel` is such a
 * function with state (links and addresses, EEXIST/EADDRNOTAVAIL like Linux) that also sends
 * RTM_NEW/DEL events to subscribed fakes, so the same contract suite can run against it and
 * against the real kernel.
 *
 * @module
 */

import { Errno, SyscallError } from "../errno.ts";
import { NL } from "./constants.ts";
import { decodeMessages, encodeMessage, type NetlinkMessage } from "./message.ts";
import {
  type AddressInfo,
  decodeAddress,
  encodeAddressRequest,
  encodeLink,
  type LinkInfo,
} from "./route.ts";
import type { NetlinkTransport } from "./socket.ts";

/** A kernel stand-in: the replies to one request. */
export type FakeHandler = (request: NetlinkMessage) => NetlinkMessage[];

/** A fake transport with hooks to push unsolicited messages and to simulate an overrun. */
export interface FakeNetlink extends NetlinkTransport {
  /** Queues messages as one datagram (events). */
  inject(messages: NetlinkMessage[]): void;
  /** Makes the next `receive` reject with ENOBUFS, as after a kernel overrun. */
  overrun(): void;
}

/**
 * A transport answering each request message with `handler`'s replies (one datagram each).
 *
 * @example
 * ```ts
 * import { fakeNetlink } from "./fake.ts";
 * import { encodeMessage } from "./message.ts";
 * const nl = fakeNetlink((req) => [{ type: 3, flags: 2, seq: req.seq, pid: 0, payload: new Uint8Array(4) }]);
 * nl.send(encodeMessage({ type: 18, flags: 0x301, seq: 5, pid: 0, payload: new Uint8Array(16) }));
 * const reply = await nl.receive();
 * console.assert(reply !== null && reply[4] === 3);
 * await nl.close();
 * ```
 */
export function fakeNetlink(handler: FakeHandler): FakeNetlink {
  const queue: (Uint8Array | "ENOBUFS")[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const push = (item: Uint8Array | "ENOBUFS") => {
    queue.push(item);
    wake?.();
  };
  const join = (ms: NetlinkMessage[]) => new Uint8Array(ms.flatMap((m) => [...encodeMessage(m)]));
  return {
    send(datagram) {
      if (closed) throw new SyscallError("sendto", Errno.EBADF);
      for (const req of decodeMessages(datagram)) {
        const replies = handler(req);
        if (replies.length) push(join(replies));
      }
    },
    async receive() {
      while (!closed) {
        const item = queue.shift();
        if (item === "ENOBUFS") throw new SyscallError("recvmsg", Errno.ENOBUFS);
        if (item) return item;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      return null;
    },
    close() {
      closed = true;
      wake?.();
      return Promise.resolve();
    },
    inject: (messages) => push(join(messages)),
    overrun: () => push("ENOBUFS"),
  };
}

const ack = (req: NetlinkMessage, errno = 0): NetlinkMessage => {
  const payload = new Uint8Array(4 + 16);
  new DataView(payload.buffer).setInt32(0, -errno, true);
  payload.set(encodeMessage({ ...req, payload: new Uint8Array(0) }).subarray(0, 16), 4);
  return { type: NL.NLMSG_ERROR, flags: 0, seq: req.seq, pid: 0, payload };
};

/**
 * An in-memory kernel: links you declare, addresses added and deleted through requests, dumps,
 * and events to every transport from `subscribe()`.
 *
 * @example
 * ```ts
 * import { FakeKernel, fakeNetlink } from "./fake.ts";
 * const kernel = new FakeKernel([{ index: 2, name: "eth0", mac: "02:00:00:00:00:01" }]);
 * const nl = fakeNetlink(kernel.handler);
 * console.assert(kernel.links.get(2)?.running === true);
 * await nl.close();
 * ```
 */
export class FakeKernel {
  /** Links by index. */
  readonly links: Map<number, LinkInfo> = new Map();
  /** Addresses, in insertion order. */
  readonly addresses: AddressInfo[] = [];
  readonly #subscribers: { groups: number; nl: FakeNetlink }[] = [];

  /** Declares links (up and running unless said otherwise). */
  constructor(links: { index: number; name: string; mac?: string; up?: boolean }[] = []) {
    for (const l of links) {
      const up = l.up ?? true;
      const flags = up ? NL.IFF_UP | NL.IFF_LOWER_UP | NL.IFF_RUNNING : 0;
      this.links.set(l.index, {
        index: l.index,
        name: l.name,
        flags,
        up,
        running: up,
        ...(l.mac ? { mac: l.mac } : {}),
      });
    }
  }

  /** A transport that receives the events of `groups` (RTMGRP_*). */
  subscribe(groups: number): FakeNetlink {
    const nl = fakeNetlink(() => []);
    this.#subscribers.push({ groups, nl });
    return nl;
  }

  /** Sets a link up or down (admin and carrier together) and announces it. */
  setLink(index: number, up: boolean): void {
    const l = this.links.get(index);
    if (!l) throw new Error(`no fake link ${index}`);
    const flags = up
      ? l.flags | NL.IFF_UP | NL.IFF_LOWER_UP
      : l.flags & ~(NL.IFF_UP | NL.IFF_LOWER_UP);
    const next = { ...l, flags, up, running: up };
    this.links.set(index, next);
    this.#announce(NL.RTMGRP_LINK, {
      type: NL.RTM_NEWLINK,
      flags: 0,
      seq: 0,
      pid: 0,
      payload: encodeLink(next),
    });
  }

  /** Answers one request like Linux would. */
  readonly handler: FakeHandler = (req) => {
    switch (req.type) {
      case NL.RTM_GETLINK:
        return this.#dump(
          req,
          [...this.links.values()].map((l) => ({ type: NL.RTM_NEWLINK, payload: encodeLink(l) })),
        );
      case NL.RTM_GETADDR: {
        const family = req.payload[0] ?? 0;
        const wanted = this.addresses.filter((a) =>
          family === 0 || (a.family === "inet" ? NL.AF_INET : NL.AF_INET6) === family
        );
        return this.#dump(
          req,
          wanted.map((a) => ({ type: NL.RTM_NEWADDR, payload: encodeAddressRequest(a) })),
        );
      }
      case NL.RTM_NEWADDR:
      case NL.RTM_DELADDR:
        return this.#changeAddress(req);
      default:
        return [ack(req, Errno.EOPNOTSUPP)];
    }
  };

  #dump(req: NetlinkMessage, items: { type: number; payload: Uint8Array }[]): NetlinkMessage[] {
    const multi = items.map((i) => ({ ...i, flags: NL.NLM_F_MULTI, seq: req.seq, pid: 0 }));
    return [...multi, {
      type: NL.NLMSG_DONE,
      flags: NL.NLM_F_MULTI,
      seq: req.seq,
      pid: 0,
      payload: new Uint8Array(4),
    }];
  }

  #changeAddress(req: NetlinkMessage): NetlinkMessage[] {
    const a = decodeAddress(req.payload);
    if (!a) return [ack(req, Errno.EINVAL)];
    if (!this.links.has(a.index)) return [ack(req, Errno.ENODEV)];
    const at = this.addresses.findIndex((b) =>
      b.index === a.index && b.address === a.address &&
      (b.family === "inet6" || b.prefix === a.prefix)
    );
    if (req.type === NL.RTM_NEWADDR) {
      if (at >= 0 && req.flags & NL.NLM_F_EXCL) return [ack(req, Errno.EEXIST)];
      if (at >= 0) this.addresses[at] = a;
      else this.addresses.push(a);
    } else {
      if (at < 0) return [ack(req, Errno.EADDRNOTAVAIL)];
      this.addresses.splice(at, 1);
    }
    const group = a.family === "inet" ? NL.RTMGRP_IPV4_IFADDR : NL.RTMGRP_IPV6_IFADDR;
    this.#announce(group, {
      type: req.type,
      flags: 0,
      seq: 0,
      pid: 0,
      payload: encodeAddressRequest(a),
    });
    return req.flags & NL.NLM_F_ACK ? [ack(req)] : [];
  }

  #announce(group: number, m: NetlinkMessage): void {
    for (const s of this.#subscribers) if (s.groups & group) s.nl.inject([m]);
  }
}
