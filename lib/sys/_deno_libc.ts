/**
 * Private: the `Deno.dlopen` backend. errno is read through `__errno_location()` right after
 * each synchronous call (on the same thread).
 *
 * @module
 */

import { type LibcLibrary, openDenoLibc } from "./libc.ts";
import { MSGHDR, type RawArg, type RawLibc, type RawResult, type SyncSymbol } from "./_raw_libc.ts";

function address(buf: Uint8Array | null): bigint {
  if (buf === null || buf.length === 0) return 0n;
  return BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buf as Uint8Array<ArrayBuffer>)));
}

/** A `struct msghdr` + `struct iovec` pointing at one set of buffers, kept for reuse. */
interface Msghdr {
  msg: Uint8Array<ArrayBuffer>;
  view: DataView;
  name: Uint8Array | null;
  control: Uint8Array | null;
  controlLength: bigint;
}

function msghdrFor(data: Uint8Array, name: Uint8Array | null, control: Uint8Array | null): Msghdr {
  const msg = new Uint8Array(MSGHDR.size + MSGHDR.iovecSize);
  const view = new DataView(msg.buffer);
  const iovAt = MSGHDR.size;
  view.setBigUint64(iovAt, address(data), true);
  view.setBigUint64(iovAt + 8, BigInt(data.length), true);
  view.setBigUint64(MSGHDR.name, address(name), true);
  view.setBigUint64(MSGHDR.iov, address(msg.subarray(iovAt)), true);
  view.setBigUint64(MSGHDR.iovlen, 1n, true);
  view.setBigUint64(MSGHDR.control, address(control), true);
  return { msg, view, name, control, controlLength: BigInt(control?.length ?? 0) };
}

/** The raw primitives over `Deno.dlopen`. */
export function denoRawLibc(): RawLibc {
  // recvmsg is called again and again with the same buffers: build each msghdr once.
  const headers = new WeakMap<Uint8Array, Msghdr>();
  const lib: LibcLibrary = openDenoLibc();
  const s = lib.symbols;
  const errnoPtr = s.__errno_location();
  const errnoView = errnoPtr === null ? null : new Deno.UnsafePointerView(errnoPtr);
  const errno = (): number => errnoView?.getInt32() ?? 0;
  const done = (value: number | bigint): RawResult => {
    const v = Number(value);
    return { value: v, errno: v < 0 ? errno() : 0 };
  };
  // Deno's typings want exact parameter tuples; the table in libc.ts is the contract.
  // deno-lint-ignore no-explicit-any
  const fns = s as unknown as Record<SyncSymbol, (...args: any[]) => number | bigint>;
  return {
    backend: "deno",
    call(symbol, args: readonly RawArg[]) {
      const value = fns[symbol](...args);
      const v = Number(value);
      // if_nametoindex reports failure as 0, everything else as -1.
      const failed = symbol === "if_nametoindex" ? v === 0 : v < 0;
      return { value: v, errno: failed ? errno() : 0 };
    },
    async poll(fds, count, timeoutMs) {
      const value = await s.poll(fds as Uint8Array<ArrayBuffer>, BigInt(count), timeoutMs);
      return { value, errno: 0 };
    },
    recvmsg(fd, data, name, control, flags) {
      let m = headers.get(data);
      if (!m || m.name !== name || m.control !== control) {
        m = msghdrFor(data, name, control);
        headers.set(data, m);
      }
      // The kernel overwrites the lengths: reset them on every call.
      m.view.setUint32(MSGHDR.namelen, name?.length ?? 0, true);
      m.view.setBigUint64(MSGHDR.controllen, m.controlLength, true);
      const r = done(s.recvmsg(fd, m.msg, flags));
      return {
        ...r,
        nameLength: m.view.getUint32(MSGHDR.namelen, true),
        controlLength: Number(m.view.getBigUint64(MSGHDR.controllen, true)),
        flags: m.view.getInt32(MSGHDR.flags, true),
      };
    },
    ifIndexToName(index, out) {
      const p = s.if_indextoname(index, out as Uint8Array<ArrayBuffer>);
      return { value: p === null ? -1 : 0, errno: p === null ? errno() : 0, ok: p !== null };
    },
  };
}
