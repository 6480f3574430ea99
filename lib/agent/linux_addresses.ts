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
const PRIME_FLAGS = NL.NLM_F_REQUEST | NL.NLM_F_ACK | NL.NLM_F_CREATE | NL.NLM_F_EXCL;

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
  /**
   * Links by name as the kernel last reported them (a dump, then link events), kept while the
   * event socket is open: a takeover takes interface indexes and MACs from here rather than
   * asking the kernel on its way to the first GARP.
   */
  readonly #links = new Map<string, LinkInfo>();
  readonly #linkNames = new Map<number, string>();

  /** Opens the request socket (needs CAP_NET_ADMIN to change addresses). */
  constructor(libc: Libc) {
    this.#libc = libc;
    this.#nl = new Rtnetlink(openNetlinkSocket(libc));
  }

  async add(spec: AddressSpec): Promise<void> {
    try {
      await this.#withIndex(spec, (r) => this.#nl.addAddress(r));
    } catch (e) {
      if (!(e instanceof SyscallError && e.code === "EEXIST")) throw e;
    }
  }

  immediate(): number {
    return this.#nl.room();
  }

  prime(spec: AddressSpec): void {
    const known = this.#links.get(spec.interface)?.index;
    if (known === undefined) return; // asking the kernel is not priming
    try {
      const payload = encodeAddressRequest(this.#request(spec, known));
      encodeMessage({ type: NL.RTM_NEWADDR, flags: PRIME_FLAGS, seq: 0, pid: 0, payload });
    } catch {
      // add reports it
    }
  }

  async remove(spec: AddressSpec): Promise<void> {
    try {
      await this.#withIndex(spec, (r) => this.#nl.deleteAddress(r));
    } catch (e) {
      if (e instanceof NoInterface) return; // the interface is gone, and the address with it
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
    const links = await this.#nl.dumpLinks();
    for (const l of links) last.set(l.name, l.up && l.running);
    return this.#subscribe((e) => {
      if (e.kind === "link") report(e.link, e.action === "del");
      else if (e.kind === "resync") { for (const l of e.links) report(l); }
    }, links);
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
   * closes when the last subscriber leaves. `dumped`: the links a caller has just dumped, which
   * the links known from events start from (otherwise a dump of its own).
   */
  #subscribe(listener: (e: NetlinkEvent) => void, dumped?: LinkInfo[]): () => void {
    this.#listeners.add(listener);
    if (this.#events === undefined) {
      const events = openNetlinkSocket(this.#libc, { groups: MONITOR_GROUPS });
      this.#events = events;
      void (async () => {
        for await (const e of watchNetlink(events, this.#nl)) {
          if (this.#events !== events) break;
          this.#learn(e);
          for (const l of [...this.#listeners]) l(e);
        }
      })().catch(() => undefined);
      // Links already there: those that no event has told of meanwhile.
      const start = (links: LinkInfo[]) => {
        if (this.#events !== events) return;
        for (const l of links) {
          if (!this.#links.has(l.name) && !this.#linkNames.has(l.index)) this.#know(l);
        }
      };
      if (dumped !== undefined) start(dumped);
      else void this.#nl.dumpLinks().then(start).catch(() => undefined);
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size > 0) return;
      void this.#events?.close();
      this.#events = undefined;
      this.#links.clear();
      this.#linkNames.clear();
    };
  }

  /**
   * The link called `name` as the kernel last reported it, while link events are followed (any
   * `watchLinks` / `watchAddresses` subscriber); undefined otherwise, or for an unknown name.
   */
  knownLink(name: string): LinkInfo | undefined {
    return this.#links.get(name);
  }

  /**
   * Runs `change` with the request for `spec`. The interface index comes from the links known
   * from events when it is there; a change the kernel refuses with ENODEV is tried once more with
   * the index asked of the kernel (the interface was replaced before its events were read).
   */
  async #withIndex(
    spec: AddressSpec,
    change: (r: AddressRequest) => Promise<void>,
  ): Promise<void> {
    const known = this.#links.get(spec.interface)?.index;
    try {
      await change(this.#request(spec, known));
    } catch (e) {
      if (known === undefined || !(e instanceof SyscallError && e.code === "ENODEV")) throw e;
      await change(this.#request(spec));
    }
  }

  #learn(e: NetlinkEvent): void {
    if (e.kind === "resync") {
      this.#links.clear();
      this.#linkNames.clear();
      for (const l of e.links) this.#know(l);
    } else if (e.kind === "link") {
      if (e.action === "new") this.#know(e.link);
      else this.#forget(e.link.index);
    }
  }

  #know(link: LinkInfo): void {
    this.#forget(link.index); // a rename leaves no entry under the old name
    this.#links.set(link.name, link);
    this.#linkNames.set(link.index, link.name);
  }

  #forget(index: number): void {
    const name = this.#linkNames.get(index);
    if (name === undefined) return;
    this.#linkNames.delete(index);
    if (this.#links.get(name)?.index === index) this.#links.delete(name);
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

  #request(spec: AddressSpec, known?: number): AddressRequest {
    // The known index, else if_nametoindex rather than a dump of every link: this sits on the
    // takeover path between the first advert and the first GARP.
    let index: number;
    try {
      index = known ?? this.#libc.ifNameToIndex(spec.interface);
    } catch {
      throw new NoInterface(spec.interface);
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

/** An address change names an interface that does not exist. */
class NoInterface extends Error {
  constructor(name: string) {
    super(`interface ${name} does not exist`);
  }
}
