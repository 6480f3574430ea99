/**
 * Private: what a backend provides (each C call returns its result and errno, nothing thrown)
 * and `wrapLibc`, which turns that into the public `Libc` with `SyscallError`s.
 *
 * @module
 */

import { Errno, SyscallError } from "./errno.ts";
import type { FfiBackend, Libc, PollFd, RecvResult } from "./ffi.ts";

/** An argument to a C call: an integer, or a byte buffer passed by pointer. */
export type RawArg = number | bigint | Uint8Array;

/** The result of one C call: its return value and the errno right after it. */
export interface RawResult {
  value: number;
  errno: number;
}

/** The symbols callable synchronously through `RawLibc.call`. */
export type SyncSymbol =
  | "socket"
  | "socketpair"
  | "bind"
  | "setsockopt"
  | "getsockopt"
  | "sendto"
  | "read"
  | "write"
  | "eventfd"
  | "close"
  | "if_nametoindex"
  | "ioctl"
  | "getpid"
  | "malloc_trim";

/** The few primitives a backend implements. */
export interface RawLibc {
  readonly backend: FfiBackend;
  /** A synchronous call; pointer results are not supported here. */
  call(symbol: SyncSymbol, args: readonly RawArg[]): RawResult;
  /** poll(2) on another thread; `fds` is an array of `struct pollfd` written back in place. */
  poll(fds: Uint8Array, count: number, timeoutMs: number): Promise<RawResult>;
  /** recvmsg(2) filling the caller's buffers; lengths are copied out of the msghdr. */
  recvmsg(
    fd: number,
    data: Uint8Array,
    name: Uint8Array | null,
    control: Uint8Array | null,
    flags: number,
  ): RawResult & { nameLength: number; controlLength: number; flags: number };
  /** if_indextoname(3) into a 16-byte buffer; returns false when it fails. */
  ifIndexToName(index: number, out: Uint8Array): RawResult & { ok: boolean };
}

/** Byte offsets in the 64-bit `struct msghdr` (56 bytes) and `struct iovec` (16 bytes). */
export const MSGHDR = {
  size: 56,
  name: 0,
  namelen: 8,
  iov: 16,
  iovlen: 24,
  control: 32,
  controllen: 40,
  flags: 48,
  iovecSize: 16,
} as const;

const EMPTY = new Uint8Array(0);

function check(op: string, r: RawResult): number {
  if (r.value < 0) throw new SyscallError(op, r.errno);
  return r.value;
}

function nulTerminated(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** Builds the public `Libc` over a backend's raw primitives. */
export function wrapLibc(raw: RawLibc): Libc {
  return {
    backend: raw.backend,
    socket: (domain, type, protocol) =>
      check("socket", raw.call("socket", [domain, type, protocol])),
    socketpair(domain, type, protocol) {
      const sv = new Uint8Array(8);
      check("socketpair", raw.call("socketpair", [domain, type, protocol, sv]));
      const view = new DataView(sv.buffer);
      return [view.getInt32(0, true), view.getInt32(4, true)];
    },
    bind(fd, address) {
      check("bind", raw.call("bind", [fd, address, address.length]));
    },
    setsockopt(fd, level, name, value, label) {
      const op = `setsockopt(${label ?? `${level}/${name}`})`;
      check(op, raw.call("setsockopt", [fd, level, name, value, value.length]));
    },
    getsockopt(fd, level, name, size, label) {
      const value = new Uint8Array(size);
      const len = new Uint8Array(4);
      new DataView(len.buffer).setUint32(0, size, true);
      const op = `getsockopt(${label ?? `${level}/${name}`})`;
      check(op, raw.call("getsockopt", [fd, level, name, value, len]));
      return value.subarray(0, new DataView(len.buffer).getUint32(0, true));
    },
    sendto(fd, data, address, flags = 0) {
      const addr = address ?? EMPTY;
      return check("sendto", raw.call("sendto", [fd, data, data.length, flags, addr, addr.length]));
    },
    recvmsg(fd, data, name, control, flags = 0): RecvResult | null {
      const r = raw.recvmsg(fd, data, name, control, flags);
      if (r.value < 0 && (r.errno === Errno.EAGAIN || r.errno === Errno.EINTR)) return null;
      const length = check("recvmsg", r);
      return { length, nameLength: r.nameLength, controlLength: r.controlLength, flags: r.flags };
    },
    read(fd, buf) {
      const r = raw.call("read", [fd, buf, buf.length]);
      if (r.value < 0 && (r.errno === Errno.EAGAIN || r.errno === Errno.EINTR)) return null;
      return check("read", r);
    },
    write: (fd, buf) => check("write", raw.call("write", [fd, buf, buf.length])),
    async poll(fds: readonly PollFd[], timeoutMs: number): Promise<number[]> {
      const buf = new Uint8Array(Math.max(8, fds.length * 8));
      const view = new DataView(buf.buffer);
      fds.forEach((p, i) => {
        view.setInt32(i * 8, p.fd, true);
        view.setInt16(i * 8 + 4, p.events, true);
      });
      const r = await raw.poll(buf, fds.length, Math.trunc(timeoutMs));
      // errno is not reliable after a call on another thread; a failure (EINTR) is a wake-up
      // with nothing ready. A bad descriptor shows up as POLLNVAL in its revents.
      if (r.value < 0) return fds.map(() => 0);
      return fds.map((_, i) => view.getInt16(i * 8 + 6, true) & 0xffff);
    },
    eventfd: (flags) => check("eventfd", raw.call("eventfd", [0, flags])),
    close(fd) {
      check("close", raw.call("close", [fd]));
    },
    ifNameToIndex(name) {
      const r = raw.call("if_nametoindex", [nulTerminated(name)]);
      if (r.value === 0) throw new SyscallError("if_nametoindex", r.errno || Errno.ENODEV, name);
      return r.value;
    },
    ifIndexToName(index) {
      const out = new Uint8Array(16);
      const r = raw.ifIndexToName(index, out);
      if (!r.ok) throw new SyscallError("if_indextoname", r.errno || Errno.ENXIO, String(index));
      const end = out.indexOf(0);
      return new TextDecoder().decode(out.subarray(0, end < 0 ? out.length : end));
    },
    ioctl(fd, request, arg, label) {
      check(`ioctl(${label ?? request})`, raw.call("ioctl", [fd, request, arg]));
    },
    getpid: () => raw.call("getpid", []).value,
    mallocTrim: () => raw.call("malloc_trim", [0]).value === 1,
  };
}
