/**
 * Private to `raw_socket.ts`: VRRP messages behind the IPv4 header keepalived builds (TOS 0xC0,
 * no fragment bits, protocol 112, TTL and id given, header checksum), assembled in one kept
 * buffer so that a master sends its adverts without allocating.
 *
 * @module
 */

import { SOCK } from "./constants.ts";
import { parseIp } from "./_ip.ts";

/** Length of the IPv4 header built here (no options). */
const HEADER = 20;
/** Addresses whose 4 bytes are kept (sources, groups and unicast peers). */
const MAX_CACHED = 256;

/** The per-advert fields of the IPv4 header. */
export interface Ipv4SendHeader {
  /** Source address (the instance's own). */
  source: string;
  /** Destination: the group, or the unicast peer. */
  destination: string;
  /** Identification, 0..65535. */
  id: number;
  /** TTL: 255, or `unicast_ttl`. */
  ttl: number;
}

/** Builds datagrams in a buffer it keeps; each result is valid until the next `build`. */
export class Ipv4Datagrams {
  /** Room for a v2 message with 255 addresses and its authentication data. */
  #buf = new Uint8Array(HEADER + 8 + 255 * 4 + 8);
  readonly #views = new Map<number, Uint8Array>();
  readonly #addresses = new Map<string, Uint8Array>();

  /**
   * The datagram: the header for `header` then `message` (a view of the kept buffer).
   * Throws `RangeError` for a field out of range or an address that is not IPv4.
   */
  build(message: Uint8Array, header: Ipv4SendHeader): Uint8Array {
    const total = HEADER + message.length;
    if (total > 0xffff) {
      throw new RangeError(`Payload length must be 0..${0xffff - HEADER}, got ${message.length}`);
    }
    checkField("IP id", header.id, 0xffff);
    checkField("TTL", header.ttl, 0xff);
    const source = this.#bytes(header.source);
    const destination = this.#bytes(header.destination);
    let buf = this.#buf;
    if (buf.length < total) buf = this.#buf = new Uint8Array(total);
    buf[0] = 0x45;
    buf[1] = 0xc0;
    buf[2] = total >> 8;
    buf[3] = total & 0xff;
    buf[4] = header.id >> 8;
    buf[5] = header.id & 0xff;
    buf[6] = 0;
    buf[7] = 0;
    buf[8] = header.ttl;
    buf[9] = SOCK.IPPROTO_VRRP;
    buf[10] = 0;
    buf[11] = 0;
    buf.set(source, 12);
    buf.set(destination, 16);
    let sum = 0;
    for (let i = 0; i < HEADER; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    const checksum = ~sum & 0xffff;
    buf[10] = checksum >> 8;
    buf[11] = checksum & 0xff;
    buf.set(message, HEADER);
    let view = this.#views.get(total);
    if (view === undefined || view.buffer !== buf.buffer) {
      view = buf.subarray(0, total);
      this.#views.set(total, view);
    }
    return view;
  }

  /** Forget a cached address (one used only for warming up). */
  forget(address: string): void {
    this.#addresses.delete(address);
  }

  #bytes(address: string): Uint8Array {
    let bytes = this.#addresses.get(address);
    if (bytes === undefined) {
      bytes = parseIp(address);
      if (bytes.length !== 4) throw new RangeError(`"${address}" is not an IPv4 address`);
      if (this.#addresses.size < MAX_CACHED) this.#addresses.set(address, bytes);
    }
    return bytes;
  }
}

function checkField(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be 0..${max}, got ${value}`);
  }
}
