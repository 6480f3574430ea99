/**
 * `use_vmac` on Linux: one private-mode macvlan per instance on its interface, with the RFC 5798
 * §7.3 virtual MAC (00:00:5E:00:01:VRID), named as keepalived names it (`vrrp.VRID`, or the
 * name given to `use_vmac`; when the name is taken by something else, `vrrp1.VRID`,
 * `vrrp2.VRID`, ...; the prefix is `vmac_prefix`). One left behind by a crashed run (same name,
 * parent and MAC) is taken over. The kernel settings keepalived makes are made too, and the
 * changed ones on the parent and `all` are put back when the VMACs go:
 *
 * - on the VMAC: `arp_ignore=1`, `accept_local=1`, `rp_filter=0`, `promote_secondaries=1`, and
 *   IPv6 off (an IPv4 instance wants no link-local address there, RFC 5798 §7.4);
 * - on the parent: `arp_ignore=1`, `arp_filter=1` (only the VMAC answers ARP for the VIPs);
 * - `net.ipv4.conf.all.rp_filter=0` (the strictest of `all` and the interface wins).
 *
 * An IPv6 instance's VMAC (MAC 00:00:5E:00:02:VRID) gets no address generated from its MAC; it
 * gets the instance's link-local source address instead (keepalived's choice: `mcast_src_ip`,
 * else the parent's link-local address, else the EUI-64 one of the parent's MAC), so adverts
 * leave from a non-VIP address with the virtual MAC.
 *
 * @module
 */

import type { VrrpInstance } from "../config/model.ts";
import { SyscallError } from "../sys/errno.ts";
import type { Libc } from "../sys/ffi.ts";
import { NL } from "../sys/netlink/constants.ts";
import {
  decodeLinkDetail,
  encodeLinkUp,
  encodeMacvlanCreate,
  formatMac,
  type LinkDetail,
  virtualMac,
} from "../sys/netlink/link_msg.ts";
import { encodeLinkRequest } from "../sys/netlink/route.ts";
import { Rtnetlink } from "../sys/netlink/rtnetlink.ts";
import { openNetlinkSocket } from "../sys/netlink/socket.ts";
import type { Logger } from "../notify/logger.ts";
import type { VmacNet } from "./ports.ts";

const IFNAMSIZ = 15;

/**
 * The names keepalived tries for an instance's VMAC, in order.
 *
 * @example
 * ```ts
 * import { vmacNames } from "./linux_vmac.ts";
 * const names = vmacNames({ vrid: 51, useVmac: [] });
 * console.assert(names[0] === "vrrp.51" && names[1] === "vrrp1.51");
 * ```
 */
export function vmacNames(
  inst: Pick<VrrpInstance, "vrid" | "useVmac">,
  prefix = "vrrp",
): string[] {
  const given = inst.useVmac?.find((w) => !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(w));
  if (given !== undefined) return [given.slice(0, IFNAMSIZ)];
  const tail = `.${inst.vrid}`;
  const fit = (p: string) => `${p.slice(0, IFNAMSIZ - tail.length)}${tail}`;
  // keepalived 2.2.7 names an IPv6 instance's VMAC the same way (`vrrp.VRID`, seen on the wire in
  // the interop test); later versions try `vrrp6.VRID` first.
  return [fit(prefix), ...Array.from({ length: 9 }, (_, i) => fit(`${prefix}${i + 1}`))];
}

/**
 * The EUI-64 link-local address of a MAC (RFC 4291 appendix A).
 *
 * @example
 * ```ts
 * import { eui64LinkLocal } from "./linux_vmac.ts";
 * console.assert(eui64LinkLocal("52:54:00:12:34:56") === "fe80::5054:ff:fe12:3456");
 * ```
 */
export function eui64LinkLocal(mac: string): string {
  const b = mac.split(":").map((h) => parseInt(h, 16));
  const g = (x: number, y: number) => (((x & 0xff) << 8) | (y & 0xff)).toString(16);
  return `fe80::${g(b[0]! ^ 2, b[1]!)}:${g(b[2]!, 0xff)}:${g(0xfe, b[3]!)}:${g(b[4]!, b[5]!)}`;
}

/** Reads and writes `/proc/sys` (a seam for tests). */
export interface Sysctl {
  /** The value, or undefined when the key does not exist. */
  get(path: string): string | undefined;
  /** Writes the value. */
  set(path: string, value: string): void;
}

/** The real `/proc/sys`. */
export const procSysctl: Sysctl = {
  get(path) {
    try {
      return Deno.readTextFileSync(`/proc/sys/${path}`).trim();
    } catch {
      return undefined;
    }
  },
  set(path, value) {
    Deno.writeTextFileSync(`/proc/sys/${path}`, `${value}\n`);
  },
};

/**
 * VMAC interfaces through rtnetlink (needs CAP_NET_ADMIN).
 *
 * @example
 * ```ts ignore
 * import { loadLibc } from "../sys/ffi.ts";
 * import { LinuxVmacs } from "./linux_vmac.ts";
 * import { consoleLogger } from "./console_logger.ts";
 * const vmacs = new LinuxVmacs(await loadLibc(), consoleLogger());
 * const name = await vmacs.ensure(instance, "vrrp"); // "vrrp.51"
 * await vmacs.close(); // deletes it and restores the sysctls
 * ```
 */
export class LinuxVmacs implements VmacNet {
  readonly #libc: Libc;
  readonly #logger: Logger;
  readonly #sysctl: Sysctl;
  #nl: Rtnetlink | undefined;
  /** VMACs this process created or took over. */
  #ours = new Set<string>();
  /** Settings changed, with their values before (restored in reverse order). */
  #saved = new Map<string, string>();

  /** VMACs through `libc`'s netlink; settings through `sysctl`. */
  constructor(libc: Libc, logger: Logger, sysctl: Sysctl = procSysctl) {
    this.#libc = libc;
    this.#logger = logger;
    this.#sysctl = sysctl;
  }

  async ensure(inst: VrrpInstance, prefix?: string): Promise<string> {
    if (inst.interface === undefined) throw new Error("use_vmac needs an interface");
    const parent = this.#libc.ifNameToIndex(inst.interface);
    const mac = virtualMac(inst.vrid, inst.family);
    const links = await this.#links();
    let name: string | undefined;
    for (const candidate of vmacNames(inst, prefix)) {
      const there = links.find((l) => l.name === candidate);
      if (there === undefined) {
        await this.#netlink().request(
          NL.RTM_NEWLINK,
          NL.NLM_F_ACK | NL.NLM_F_CREATE | NL.NLM_F_EXCL,
          encodeMacvlanCreate({ name: candidate, parent, mac }),
          `netlink create VMAC ${candidate}`,
        );
        name = candidate;
        break;
      }
      if (there.kind === "macvlan" && there.parent === parent && there.mac === formatMac(mac)) {
        this.#logger.info(`(${inst.name}) taking over VMAC ${candidate} left by an earlier run`);
        name = candidate;
        break;
      }
    }
    if (name === undefined) {
      throw new Error(`no free VMAC name (tried ${vmacNames(inst, prefix).join(", ")})`);
    }
    this.#ours.add(name);
    if (inst.family === "inet") this.#configure(name, inst.interface);
    else this.#configure6(name);
    const index = this.#libc.ifNameToIndex(name);
    await this.#netlink().request(
      NL.RTM_NEWLINK,
      NL.NLM_F_ACK,
      encodeLinkUp(index, true),
      `netlink set ${name} up`,
    );
    if (inst.family === "inet6") await this.#linkLocal(inst, parent, index);
    return name;
  }

  async remove(name: string): Promise<void> {
    if (!this.#ours.delete(name)) return;
    let index: number;
    try {
      index = this.#libc.ifNameToIndex(name);
    } catch {
      return; // already gone
    }
    try {
      await this.#netlink().request(
        NL.RTM_DELLINK,
        NL.NLM_F_ACK,
        encodeLinkRequest(index),
        `netlink delete VMAC ${name}`,
      );
    } catch (e) {
      if (!(e instanceof SyscallError && e.code === "ENODEV")) throw e;
    }
  }

  async close(): Promise<void> {
    for (const name of [...this.#ours]) {
      try {
        await this.remove(name);
      } catch (e) {
        this.#logger.warn(`could not delete VMAC ${name}: ${e instanceof Error ? e.message : e}`);
      }
    }
    for (const [path, value] of [...this.#saved].reverse()) {
      try {
        this.#sysctl.set(path, value);
      } catch {
        // the interface may be gone: nothing to restore
      }
    }
    this.#saved.clear();
    await this.#nl?.close();
    this.#nl = undefined;
  }

  #configure(vmac: string, parent: string): void {
    const set = (path: string, value: string, restore: boolean) => {
      const before = this.#sysctl.get(path);
      if (before === undefined || before === value) return;
      if (restore && !this.#saved.has(path)) this.#saved.set(path, before);
      this.#sysctl.set(path, value);
    };
    set(`net/ipv6/conf/${vmac}/disable_ipv6`, "1", false);
    set(`net/ipv4/conf/${vmac}/arp_ignore`, "1", false);
    set(`net/ipv4/conf/${vmac}/accept_local`, "1", false);
    set(`net/ipv4/conf/${vmac}/rp_filter`, "0", false);
    set(`net/ipv4/conf/${vmac}/promote_secondaries`, "1", false);
    set(`net/ipv4/conf/${parent}/arp_ignore`, "1", true);
    set(`net/ipv4/conf/${parent}/arp_filter`, "1", true);
    set("net/ipv4/conf/all/rp_filter", "0", true);
  }

  /** IPv6: no address generated from the VMAC's MAC (RFC 5798 §7.4); ARP settings as IPv4. */
  #configure6(vmac: string): void {
    this.#sysctl.set(`net/ipv6/conf/${vmac}/addr_gen_mode`, "1");
    if (this.#sysctl.get(`net/ipv4/conf/${vmac}/arp_ignore`) !== undefined) {
      this.#sysctl.set(`net/ipv4/conf/${vmac}/arp_ignore`, "1");
    }
  }

  /**
   * IPv6: the VMAC gets the instance's link-local source address, as keepalived gives it: the
   * configured `mcast_src_ip`, else the parent's link-local address, else the EUI-64 one of the
   * parent's MAC. Adverts then leave from a non-VIP address with the virtual MAC.
   */
  async #linkLocal(inst: VrrpInstance, parent: number, index: number): Promise<void> {
    let address = inst.mcastSrcIp;
    if (address === undefined) {
      const mine = (await this.#netlink().dumpAddresses("inet6"))
        .filter((a) => a.index === parent && a.scope === NL.RT_SCOPE_LINK);
      address = mine[0]?.address;
    }
    if (address === undefined) {
      const link = (await this.#links()).find((l) => l.index === parent);
      if (link?.mac === undefined) throw new Error("the parent has no link-local address or MAC");
      address = eui64LinkLocal(link.mac);
    }
    try {
      await this.#netlink().addAddress({ index, address, prefix: 64, nodad: true });
    } catch (e) {
      if (!(e instanceof SyscallError && e.code === "EEXIST")) throw e;
    }
  }

  async #links(): Promise<LinkDetail[]> {
    const replies = await this.#netlink().request(
      NL.RTM_GETLINK,
      NL.NLM_F_DUMP,
      encodeLinkRequest(),
      "netlink dump links",
    );
    return replies.flatMap((m) => decodeLinkDetail(m.payload) ?? []);
  }

  #netlink(): Rtnetlink {
    this.#nl ??= new Rtnetlink(openNetlinkSocket(this.#libc));
    return this.#nl;
  }
}
