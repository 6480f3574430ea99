/**
 * The seam between rtnetlink logic and the kernel: a `NetlinkTransport` moves whole datagrams.
 * `openNetlinkSocket` is the real one (an AF_NETLINK/NETLINK_ROUTE socket, non-blocking, read
 * through a poll on another thread); `fake.ts` has the test double.
 *
 * @module
 */

import { SOCK } from "../constants.ts";
import type { Libc } from "../ffi.ts";
import { FdWaiter } from "../_fd_waiter.ts";
import { NL } from "./constants.ts";

/** Datagrams to and from the kernel. */
export interface NetlinkTransport {
  /** Sends one datagram (one or more encoded messages) to the kernel. */
  send(datagram: Uint8Array): void;
  /**
   * The next datagram from the kernel, or `null` once closed. Rejects with a `SyscallError`
   * whose code is `"ENOBUFS"` when the kernel dropped messages (the socket stays usable).
   */
  receive(): Promise<Uint8Array | null>;
  /** Stops a pending `receive` (it resolves `null`) and releases the socket. */
  close(): Promise<void>;
}

/** Options for `openNetlinkSocket`. */
export interface NetlinkSocketOptions {
  /** RTMGRP_* multicast groups to join (events); 0 for a request socket. */
  groups?: number;
  /** Receive buffer size in bytes (SO_RCVBUF); default: the kernel's. */
  receiveBuffer?: number;
}

const RECEIVE_SIZE = 1 << 16;

/**
 * Opens a NETLINK_ROUTE socket bound to the given groups. Needs `--allow-ffi`.
 *
 * @example
 * ```ts ignore
 * import { loadLibc } from "../ffi.ts";
 * import { openNetlinkSocket } from "./socket.ts";
 * const nl = openNetlinkSocket(await loadLibc(), { groups: 0x1 });
 * await nl.close();
 * ```
 */
export function openNetlinkSocket(
  libc: Libc,
  options: NetlinkSocketOptions = {},
): NetlinkTransport {
  const fd = libc.socket(
    SOCK.AF_NETLINK,
    SOCK.SOCK_RAW | SOCK.SOCK_NONBLOCK | SOCK.SOCK_CLOEXEC,
    NL.NETLINK_ROUTE,
  );
  let waiter: FdWaiter;
  try {
    if (options.receiveBuffer) {
      const size = new Uint8Array(4);
      new DataView(size.buffer).setInt32(0, options.receiveBuffer, true);
      libc.setsockopt(fd, SOCK.SOL_SOCKET, SOCK.SO_RCVBUF, size, "SO_RCVBUF");
    }
    libc.bind(fd, sockaddrNl(options.groups ?? 0));
    waiter = new FdWaiter(libc, fd);
  } catch (e) {
    libc.close(fd);
    throw e;
  }
  const kernel = sockaddrNl(0);
  const buf = new Uint8Array(RECEIVE_SIZE);
  return {
    send(datagram) {
      libc.sendto(fd, datagram, kernel);
    },
    async receive() {
      while (!waiter.closed) {
        // recvmsg reports ENOBUFS (an overrun) as a SyscallError: let it propagate.
        const got = libc.recvmsg(fd, buf, null, null);
        if (got) return buf.slice(0, Math.min(got.length, buf.length));
        if (!(await waiter.readable())) break;
      }
      return null;
    },
    close: () => waiter.close(),
  };
}

/** `struct sockaddr_nl` { family, pad, pid 0 (kernel assigns / the kernel), groups }. */
function sockaddrNl(groups: number): Uint8Array {
  const out = new Uint8Array(12);
  const v = new DataView(out.buffer);
  v.setUint16(0, SOCK.AF_NETLINK, true);
  v.setUint32(8, groups, true);
  return out;
}
