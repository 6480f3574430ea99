/**
 * The agent's VRRP sockets: one per interface (an instance's VMAC, if any) and family, shared
 * by the instances on it, reused across reloads; a socket whose multicast groups changed (a
 * reload with another `mcast_dst_ip`) is replaced by one joined to the new groups, and the old
 * one closes only after the reload's release actions ran.
 *
 * @module
 */

import type { Logger } from "../notify/logger.ts";
import type { InstanceIo } from "./_instance_io.ts";
import type { RawVrrpPacket, VrrpNet, VrrpSocket } from "./ports.ts";

interface Entry {
  socket: VrrpSocket;
  list: InstanceIo[];
  groups: string;
}

/** Open VRRP sockets by key. */
export class SocketTable {
  #sockets = new Map<string, Entry>();
  #replaced: VrrpSocket[] = [];

  /**
   * Sockets over `net`; `onPacket` gets every packet with the instances of its socket (as they
   * are at the time it arrives).
   */
  constructor(
    readonly net: VrrpNet,
    readonly logger: Logger,
    readonly onPacket: (packet: RawVrrpPacket, ios: readonly InstanceIo[]) => void,
  ) {}

  /**
   * Give every instance its socket: `keyOf` groups them, `ifaceOf` names the interface of a
   * group's socket (undefined: no socket).
   */
  async open(
    ios: Iterable<InstanceIo>,
    keyOf: (io: InstanceIo) => string,
    ifaceOf: (io: InstanceIo) => string | undefined,
  ): Promise<void> {
    const byKey = new Map<string, InstanceIo[]>();
    for (const io of ios) {
      const list = byKey.get(keyOf(io)) ?? [];
      list.push(io);
      byKey.set(keyOf(io), list);
    }
    for (const [key, list] of byKey) {
      const first = list[0];
      const iface = first && ifaceOf(first);
      if (first === undefined || iface === undefined) continue;
      const groups = [...new Set(list.flatMap((io) => io.multicastGroup ?? []))].sort().join(" ");
      const open = this.#sockets.get(key);
      if (open && open.groups === groups) {
        open.list = list;
        for (const io of list) io.socket = open.socket;
        continue;
      }
      const socket = await this.net.open(
        iface,
        first.inst.family,
        groups === "" ? [] : groups.split(" "),
        (packet) => this.onPacket(packet, this.#sockets.get(key)?.list ?? []),
      );
      this.#sockets.set(key, { socket, list, groups });
      for (const io of list) io.socket = socket;
      if (open) {
        this.logger.info(
          `multicast groups on ${iface} changed from ${open.groups || "none"} to ${
            groups || "none"
          }: socket reopened`,
        );
        this.#replaced.push(open.socket); // closed once removed instances have used it
      }
    }
  }

  /** After a reload's release actions: close replaced sockets and those no key in `used` has. */
  async prune(used: ReadonlySet<string>): Promise<void> {
    await Promise.all(this.#replaced.splice(0).map((s) => s.close()));
    for (const [key, entry] of this.#sockets) {
      if (used.has(key)) continue;
      this.#sockets.delete(key);
      await entry.socket.close();
    }
  }

  /** Close every socket. */
  async close(): Promise<void> {
    await this.prune(new Set());
  }
}
