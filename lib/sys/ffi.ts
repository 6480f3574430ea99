/**
 * The small interface through which `lib/sys/` calls the C library, and the choice of backend:
 * `Deno.dlopen` (the default; it works inside `deno compile` binaries) or the npm package
 * `ffi-rs`. Choose with `loadLibc({ backend })` or the environment variable
 * `VIPKEEPER_FFI=deno|ffi-rs`. Every failure is a `SyscallError` naming the operation.
 *
 * @module
 */

import { wrapLibc } from "./_raw_libc.ts";
import { denoRawLibc } from "./_deno_libc.ts";
import { ffiRsRawLibc } from "./_ffi_rs_libc.ts";

/** The FFI backends. */
export type FfiBackend = "deno" | "ffi-rs";

/** One `struct pollfd` request: a descriptor and the events wanted (`SOCK.POLLIN`). */
export interface PollFd {
  fd: number;
  events: number;
}

/** What `recvmsg` filled in: bytes of data, of the source address and of control messages. */
export interface RecvResult {
  /** Bytes received (may exceed the buffer when `flags` has MSG_TRUNC). */
  length: number;
  /** Bytes of the source `sockaddr` written into `name`. */
  nameLength: number;
  /** Bytes of control messages written into `control`. */
  controlLength: number;
  /** `msg_flags` (MSG_TRUNC, MSG_CTRUNC). */
  flags: number;
}

/**
 * A handful of system calls on byte buffers. File descriptors are plain numbers; every method
 * throws `SyscallError` on failure except where it says it returns `null`.
 */
export interface Libc {
  /** Which backend serves the calls. */
  readonly backend: FfiBackend;
  /** socket(2); returns the descriptor. */
  socket(domain: number, type: number, protocol: number): number;
  /** socketpair(2); returns both descriptors. */
  socketpair(domain: number, type: number, protocol: number): [number, number];
  /** bind(2) to an encoded `sockaddr`. */
  bind(fd: number, address: Uint8Array): void;
  /** setsockopt(2); `label` names the option in errors (`"IP_HDRINCL"`). */
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, label?: string): void;
  /** getsockopt(2) reading at most `size` bytes. */
  getsockopt(fd: number, level: number, name: number, size: number, label?: string): Uint8Array;
  /** sendto(2); `address` null sends on a connected socket. Returns the bytes sent. */
  sendto(fd: number, data: Uint8Array, address: Uint8Array | null, flags?: number): number;
  /** recvmsg(2) into the given buffers; `null` when nothing is waiting (EAGAIN) or EINTR. */
  recvmsg(
    fd: number,
    data: Uint8Array,
    name: Uint8Array | null,
    control: Uint8Array | null,
    flags?: number,
  ): RecvResult | null;
  /** read(2); `null` when nothing is waiting (EAGAIN) or EINTR. */
  read(fd: number, buf: Uint8Array): number | null;
  /** write(2); returns the bytes written. */
  write(fd: number, buf: Uint8Array): number;
  /**
   * poll(2) on another thread, so the event loop and timers keep running; resolves to the
   * `revents` of each request (all 0 on timeout).
   */
  poll(fds: readonly PollFd[], timeoutMs: number): Promise<number[]>;
  /** eventfd(2) with initial value 0; used to wake a poll. */
  eventfd(flags: number): number;
  /** close(2). */
  close(fd: number): void;
  /** if_nametoindex(3); throws ENODEV for an unknown name. */
  ifNameToIndex(name: string): number;
  /** if_indextoname(3); throws ENXIO for an unknown index. */
  ifIndexToName(index: number): string;
  /** ioctl(2) with a pointer argument. */
  ioctl(fd: number, request: number, arg: Uint8Array, label?: string): void;
  /** getpid(2). */
  getpid(): number;
  /** malloc_trim(3) with no padding: true when memory went back to the kernel. */
  mallocTrim(): boolean;
}

/** Options for `loadLibc`. */
export interface LoadLibcOptions {
  /** The backend; default: `VIPKEEPER_FFI` from the environment, else `"deno"`. */
  backend?: FfiBackend;
}

/**
 * The backend named by `VIPKEEPER_FFI`, or `"deno"` when it is unset (or not readable).
 * Throws on a value that is neither `deno` nor `ffi-rs`.
 *
 * @example
 * ```ts
 * import { ffiBackendFromEnv } from "./ffi.ts";
 * const b = ffiBackendFromEnv({ get: () => "ffi-rs" });
 * console.assert(b === "ffi-rs");
 * ```
 */
export function ffiBackendFromEnv(
  env: { get(name: string): string | undefined } = Deno.env,
): FfiBackend {
  let value: string | undefined;
  try {
    value = env.get("VIPKEEPER_FFI");
  } catch {
    value = undefined; // no --allow-env: the default
  }
  if (value === undefined || value === "" || value === "deno") return "deno";
  if (value === "ffi-rs") return "ffi-rs";
  throw new Error(`VIPKEEPER_FFI must be "deno" or "ffi-rs", not "${value}"`);
}

const loaded = new Map<FfiBackend, Promise<Libc>>();

/**
 * Opens the C library through the chosen backend on first use (and returns the same `Libc`
 * afterwards). Needs `--allow-ffi`.
 *
 * @example
 * ```ts ignore
 * import { loadLibc } from "./ffi.ts";
 * const libc = await loadLibc({ backend: "deno" });
 * console.log(libc.getpid());
 * ```
 */
export function loadLibc(options: LoadLibcOptions = {}): Promise<Libc> {
  const backend = options.backend ?? ffiBackendFromEnv();
  let libc = loaded.get(backend);
  if (!libc) {
    libc = backend === "deno"
      ? Promise.resolve(wrapLibc(denoRawLibc()))
      : ffiRsRawLibc().then(wrapLibc);
    loaded.set(backend, libc);
  }
  return libc;
}
