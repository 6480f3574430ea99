/**
 * Gratuitous ARP in the form keepalived sends (spec §4.9): an Ethernet broadcast from the
 * interface's MAC carrying an ARP **request** whose sender and target IP are both the VIP and
 * whose target hardware address is the broadcast address. `buildGarpFrame` is pure; a
 * `GarpSender` puts frames on the wire through an AF_PACKET socket.
 *
 * @module
 */

import { SOCK } from "./constants.ts";
import type { Libc } from "./ffi.ts";
import { interfaceMac } from "./_ifreq.ts";
import { parseIp, parseMac } from "./_ip.ts";
import { sockaddrLl } from "./_sockaddr.ts";

const BROADCAST = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
/** Frames `sendKnown` keeps (one per interface, MAC and VIP). */
const KEPT_FRAMES = 256;

/**
 * The 42-byte Ethernet + ARP frame announcing `vip` at `mac` (the NIC pads it to 60 bytes).
 *
 * @example
 * ```ts
 * import { buildGarpFrame } from "./garp.ts";
 * const f = buildGarpFrame("02:00:5e:00:00:01", "192.0.2.100");
 * console.assert(f.length === 42 && f[12] === 0x08 && f[13] === 0x06 && f[21] === 1);
 * ```
 */
export function buildGarpFrame(mac: string | Uint8Array, vip: string): Uint8Array {
  const hw = typeof mac === "string" ? parseMac(mac) : mac;
  const ip = parseIp(vip);
  if (hw.length !== 6) throw new Error(`a MAC address has 6 bytes, not ${hw.length}`);
  if (ip.length !== 4) throw new Error(`gratuitous ARP is for IPv4 addresses, not "${vip}"`);
  const f = new Uint8Array(42);
  f.set(BROADCAST, 0); // Ethernet destination
  f.set(hw, 6); // Ethernet source
  f.set([0x08, 0x06], 12); // EtherType ARP
  f.set([0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01], 14); // Ethernet, IPv4, 6, 4, request
  f.set(hw, 22); // sender hardware address
  f.set(ip, 28); // sender protocol address
  f.set(BROADCAST, 32); // target hardware address
  f.set(ip, 38); // target protocol address
  return f;
}

/**
 * Sends gratuitous ARPs on any interface through one AF_PACKET socket (it receives nothing).
 * Create with `openGarpSender`.
 */
export class GarpSender implements Disposable {
  readonly #libc: Libc;
  readonly #fd: number;
  #closed = false;
  readonly #kept = new Map<string, { frame: Uint8Array; to: Uint8Array }>();

  /** Use `openGarpSender`. */
  constructor(libc: Libc, fd: number) {
    this.#libc = libc;
    this.#fd = fd;
  }

  /** The MAC of `iface` as the kernel reports it now. */
  macOf(iface: string): Uint8Array {
    return interfaceMac(this.#libc, this.#fd, iface);
  }

  /**
   * Sends one gratuitous ARP for `vip` on `iface`, from `mac` (default: the interface's own
   * MAC; pass the VMAC's when it sits on a macvlan). Throws `SyscallError` on failure.
   */
  send(iface: string, vip: string, mac?: string): void {
    const hw = mac === undefined ? this.macOf(iface) : parseMac(mac);
    const index = this.#libc.ifNameToIndex(iface);
    this.#libc.sendto(
      this.#fd,
      buildGarpFrame(hw, vip),
      sockaddrLl(index, SOCK.ETH_P_ARP, BROADCAST),
    );
  }

  /**
   * Sends one gratuitous ARP for `vip` from `mac` on the interface with index `index`, without
   * asking the kernel anything: the frame and address are built once and kept for the next time
   * (`prepare` builds them ahead). Throws `SyscallError` on failure.
   */
  sendKnown(index: number, mac: string, vip: string): void {
    const { frame, to } = this.prepare(index, mac, vip);
    this.#libc.sendto(this.#fd, frame, to);
  }

  /** Builds (or finds) what `sendKnown` sends, without sending it. */
  prepare(index: number, mac: string, vip: string): { frame: Uint8Array; to: Uint8Array } {
    const key = `${index} ${mac} ${vip}`;
    let kept = this.#kept.get(key);
    if (kept === undefined) {
      if (this.#kept.size >= KEPT_FRAMES) this.#kept.clear();
      kept = { frame: buildGarpFrame(mac, vip), to: sockaddrLl(index, SOCK.ETH_P_ARP, BROADCAST) };
      this.#kept.set(key, kept);
    }
    return kept;
  }

  /**
   * Runs the frame and address building of `send` without sending, so that V8 has compiled it
   * before a takeover needs it.
   */
  warm(rounds = 200): void {
    const mac = Uint8Array.of(2, 0, 0, 0, 0, 1);
    for (let i = 0; i < rounds; i++) {
      buildGarpFrame(mac, "192.0.2.1");
      sockaddrLl(1, SOCK.ETH_P_ARP, BROADCAST);
      if (i % 10 !== 0) continue;
      try {
        // The two lookups of `send`, on the loopback interface (read only).
        this.macOf("lo");
        this.#libc.ifNameToIndex("lo");
      } catch {
        // no loopback: nothing to warm with
      }
    }
  }

  /** Closes the socket (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#libc.close(this.#fd);
  }

  /** `using` support. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Opens the AF_PACKET socket used for gratuitous ARP. Needs root (CAP_NET_RAW).
 *
 * @example
 * ```ts ignore
 * import { loadLibc } from "./ffi.ts";
 * import { openGarpSender } from "./garp.ts";
 * using garp = openGarpSender(await loadLibc());
 * garp.send("eth0", "192.0.2.100");
 * ```
 */
export function openGarpSender(libc: Libc): GarpSender {
  // Protocol 0: a send-only packet socket that is handed no incoming frames.
  const fd = libc.socket(SOCK.AF_PACKET, SOCK.SOCK_RAW | SOCK.SOCK_CLOEXEC, 0);
  return new GarpSender(libc, fd);
}
