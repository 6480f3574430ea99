/**
 * The agent's `AddressNet` on Linux: rtnetlink requests for addresses and links, and a second
 * netlink socket subscribed to link and address events (re-dumped after an ENOBUFS overrun).
 *
 * @module
 */

import type { Family } from "../config/model.ts";
import { SyscallError } from "../sys/errno.ts";
import type { Libc } from "../sys/ffi.ts";
import { MONITOR_GROUPS, type NetlinkEvent, watchNetlink } from "../sys/netlink/monitor.ts";
import {
  type AddressInfo,
  type AddressRequest,
  encodeAddressRequest,
  type LinkInfo,
} from "../sys/netlink/route.ts";
import { NL } from "../sys/netlink/constants.ts";
import { decodeMessages, encodeMessage, errorOf } from "../sys/netlink/message.ts";
import { Rtnetlink } from "../sys/netlink/rtnetlink.ts";
import { type NetlinkTransport, openNetlinkSocket } from "../sys/netlink/socket.ts";
import type { AddressChange, AddressNet, AddressSpec, LinkChange } from "./ports.ts";

const SCOPES: Record<string, number> = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 };
const IFA_F_SECONDARY = 0x01;
const IFA_F_NOPREFIXROUTE = 0x200;

/**
 * Addresses and links through rtnetlink.
 *
 * @example
 * ```ts ignore
 * import { loadLibc } from "../sys/ffi.ts";
 * import { NetlinkAddresses } from "./linux_addresses.ts";
 * const net = new NetlinkAddresses(await loadLibc());
 * console.log(await net.primaryAddress("eth0", "inet"));
 * await net.close();
 * ```
 */
export class NetlinkAddresses implements AddressNet {
  readonly #libc: Libc;
  readonly #nl: Rtnetlink;
  #events: NetlinkTransport | undefined;
  #listeners = new Set<(e: NetlinkEvent) => void>();

  /** Opens the request socket (needs CAP_NET_ADMIN to change addresses). */
  constructor(libc: Libc) {
    this.#libc = libc;
    this.#nl = new Rtnetlink(openNetlinkSocket(libc));
  }

  async add(spec: AddressSpec): Promise<void> {
    try {
      await this.#nl.addAddress(this.#request(spec));
    } catch (e) {
      if (!(e instanceof SyscallError && e.code === "EEXIST")) throw e;
    }
  }

  async remove(spec: AddressSpec): Promise<void> {
    let request: AddressRequest;
    try {
      request = this.#request(spec);
    } catch {
      return; // the interface is gone, and the address with it
    }
    try {
      await this.#nl.deleteAddress(request);
    } catch (e) {
      if (!(e instanceof SyscallError && ["EADDRNOTAVAIL", "ENODEV"].includes(e.code))) throw e;
    }
  }

  async primaryAddress(
    iface: string,
    family: Family,
    exclude?: ReadonlySet<string>,
  ): Promise<string | undefined> {
    const all = (await this.#addressesOn(iface, family)).filter((a) => !exclude?.has(a.address));
    if (family === "inet6") return all.find((a) => a.scope === SCOPES.link)?.address;
    return all.find((a) => (a.flags & IFA_F_SECONDARY) === 0)?.address ?? all[0]?.address;
  }

  async hasAddress(iface: string | undefined, family: Family, address: string): Promise<boolean> {
    const all = iface === undefined
      ? await this.#nl.dumpAddresses(family)
      : await this.#addressesOn(iface, family);
    return all.some((a) => a.address === address);
  }

  async linkUp(iface: string): Promise<boolean | undefined> {
    const link = await this.#link(iface);
    return link === undefined ? undefined : link.up && link.running;
  }

  async watchLinks(onChange: (change: LinkChange) => void): Promise<() => void> {
    const last = new Map<string, boolean>();
    const report = (l: LinkInfo, gone = false) => {
      const up = !gone && l.up && l.running;
      if (last.get(l.name) === up) return;
      last.set(l.name, up);
      onChange({ interface: l.name, up });
    };
    for (const l of await this.#nl.dumpLinks()) last.set(l.name, l.up && l.running);
    return this.#subscribe((e) => {
      if (e.kind === "link") report(e.link, e.action === "del");
      else if (e.kind === "resync") { for (const l of e.links) report(l); }
    });
  }

  watchAddresses(onChange: (change: AddressChange) => void): Promise<() => void> {
    return Promise.resolve(this.#subscribe((e) => {
      if (e.kind === "resync") onChange({ kind: "resync" });
      if (e.kind !== "address") return;
      let iface: string;
      try {
        iface = this.#libc.ifIndexToName(e.address.index);
      } catch {
        return; // the interface went away: its link event tells the rest
      }
      onChange({
        kind: "address",
        interface: iface,
        family: e.address.family,
        address: e.address.address,
        present: e.action === "new",
      });
    }));
  }

  /**
   * One event socket (link and address groups) for every subscriber, opened on first use; it
   * closes when the last subscriber leaves.
   */
  #subscribe(listener: (e: NetlinkEvent) => void): () => void {
    this.#listeners.add(listener);
    if (this.#events === undefined) {
      const events = openNetlinkSocket(this.#libc, { groups: MONITOR_GROUPS });
      this.#events = events;
      void (async () => {
        for await (const e of watchNetlink(events, this.#nl)) {
          for (const l of [...this.#listeners]) l(e);
        }
      })().catch(() => undefined);
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size > 0) return;
      void this.#events?.close();
      this.#events = undefined;
    };
  }

  async #addressesOn(iface: string, family: Family): Promise<AddressInfo[]> {
    const link = await this.#link(iface);
    if (link === undefined) return [];
    return (await this.#nl.dumpAddresses(family)).filter((a) => a.index === link.index);
  }

  /**
   * Runs the encoding and decoding of an address request and its acknowledgement without
   * sending, so that V8 has compiled them before a takeover's first VIP needs them.
   */
  warm(rounds = 200): void {
    for (let i = 0; i < rounds; i++) {
      for (const address of ["192.0.2.1", "2001:db8::1"]) {
        const payload = encodeAddressRequest({ index: 1, address, prefix: 32, nodad: true });
        const bytes = encodeMessage({ type: NL.RTM_NEWADDR, flags: 5, seq: i, pid: 0, payload });
        const ack = encodeMessage({
          type: NL.NLMSG_ERROR,
          flags: 0,
          seq: i,
          pid: 0,
          payload: new Uint8Array(4 + bytes.length),
        });
        for (const m of decodeMessages(ack)) errorOf(m);
      }
    }
  }

  /**
   * Runs the request path on the kernel `rounds` times with requests it refuses (an address
   * deletion on an interface index that does not exist: ENODEV), which change nothing, so that
   * the first VIP of a takeover does not pay for cold code (≈ 1 ms, against ≈ 0.1 ms warm).
   */
  async warmRequests(rounds = 30): Promise<void> {
    const nowhere = { index: 0x7ffffff0, address: "192.0.2.254", prefix: 32 };
    for (let i = 0; i < rounds; i++) {
      for (
        const step of [() => this.#nl.addAddress(nowhere), () => this.#nl.deleteAddress(nowhere)]
      ) {
        try {
          await step();
        } catch {
          // refused, as intended
        }
      }
      try {
        this.#libc.ifNameToIndex("lo");
      } catch {
        // no loopback: nothing to warm with
      }
    }
  }

  /** Close both netlink sockets. */
  async close(): Promise<void> {
    await this.#events?.close();
    await this.#nl.close();
  }

  async #link(name: string): Promise<LinkInfo | undefined> {
    return (await this.#nl.dumpLinks()).find((l) => l.name === name);
  }

  #request(spec: AddressSpec): AddressRequest {
    // if_nametoindex (one ioctl) rather than a dump of every link: this sits on the takeover
    // path between the first advert and the first GARP.
    let index: number;
    try {
      index = this.#libc.ifNameToIndex(spec.interface);
    } catch {
      throw new Error(`interface ${spec.interface} does not exist`);
    }
    const r: AddressRequest = { index, address: spec.address, prefix: spec.prefix };
    if (spec.label !== undefined) r.label = spec.label;
    if (spec.scope !== undefined) r.scope = SCOPES[spec.scope] ?? Number(spec.scope);
    if (spec.broadcast !== undefined) r.broadcast = spec.broadcast;
    if (spec.nodad) r.nodad = true;
    if (spec.noprefixroute) r.flags = IFA_F_NOPREFIXROUTE;
    return r;
  }
}
