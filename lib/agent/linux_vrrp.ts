/**
 * The agent's `VrrpNet` on Linux: raw VRRP sockets from `lib/sys/raw_socket.ts`. On IPv4 the
 * agent builds the IP header itself, as keepalived does (TOS 0xC0, TTL 255 or `unicast_ttl`,
 * an id incremented per advert that skips 0).
 *
 * @module
 */

import type { Family } from "../config/model.ts";
import type { Libc } from "../sys/ffi.ts";
import { openVrrpSocket } from "../sys/raw_socket.ts";
import type { OutgoingVrrp, RawVrrpPacket, VrrpNet, VrrpSocket } from "./ports.ts";

/**
 * Receive buffer of each VRRP socket: large enough that a burst of junk (a flood of hostile
 * packets) does not push a master's adverts out of the queue before they are read.
 */
const RECEIVE_BUFFER = 4 << 20;

/**
 * VRRP sockets through FFI.
 *
 * @example
 * ```ts ignore
 * import { loadLibc } from "../sys/ffi.ts";
 * import { LinuxVrrpNet } from "./linux_vrrp.ts";
 * const net = new LinuxVrrpNet(await loadLibc());
 * const s = await net.open("eth0", "inet", ["224.0.0.18"], (p) => console.log(p.bytes.length));
 * await s.close();
 * ```
 */
export class LinuxVrrpNet implements VrrpNet {
  readonly #libc: Libc;
  #ipId = 0;

  /** Uses `libc` for every socket. */
  constructor(libc: Libc) {
    this.#libc = libc;
  }

  open(
    iface: string,
    family: Family,
    groups: string[],
    onPacket: (packet: RawVrrpPacket) => void,
  ): Promise<VrrpSocket> {
    const socket = openVrrpSocket(this.#libc, {
      family,
      interface: iface,
      groups,
      receiveBuffer: RECEIVE_BUFFER,
    });
    const loop = (async () => {
      for await (const p of socket.packets()) {
        const at = Number.isFinite(p.receivedAtMs) ? { receivedAtMs: p.receivedAtMs } : {};
        onPacket(
          family === "inet" ? { family, interface: p.interface || iface, bytes: p.data, ...at } : {
            family,
            interface: p.interface || iface,
            bytes: p.data,
            source: p.source,
            destination: p.destination,
            hopLimit: p.ttl,
            ...at,
          },
        );
      }
    })();
    return Promise.resolve({
      send: (packet: OutgoingVrrp) => {
        if (packet.family === "inet6") {
          socket.send(packet.message, packet.destination);
          return;
        }
        this.#ipId = this.#ipId >= 0xffff ? 1 : this.#ipId + 1;
        socket.sendIpv4(packet.message, {
          source: packet.source,
          destination: packet.destination,
          id: this.#ipId,
          ttl: packet.ttl,
        });
      },
      close: async () => {
        await socket.close();
        await loop.catch(() => undefined);
      },
    });
  }
}
