/**
 * Private: interface facts through `ioctl` on an open socket.
 *
 * @module
 */

import { SOCK } from "./constants.ts";
import type { Libc } from "./ffi.ts";

/** The hardware (MAC) address of `name`, via SIOCGIFHWADDR (`struct ifreq`, 40 bytes). */
export function interfaceMac(libc: Libc, fd: number, name: string): Uint8Array {
  const ifreq = new Uint8Array(40);
  const bytes = new TextEncoder().encode(name);
  if (bytes.length > 15) throw new Error(`interface name too long: "${name}"`);
  ifreq.set(bytes);
  libc.ioctl(fd, SOCK.SIOCGIFHWADDR, ifreq, `SIOCGIFHWADDR ${name}`);
  return ifreq.slice(18, 24); // ifr_hwaddr.sa_data
}
