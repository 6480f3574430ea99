/**
 * Linux errno numbers, their names, and `SyscallError`: the one error type for a failed call
 * into the operating system, naming the operation that failed.
 *
 * @module
 */

/** Linux (x86-64 and arm64 share these) errno values by name. */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  ENOTDIR: 20,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOTTY: 25,
  ENOSPC: 28,
  EPIPE: 32,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOMSG: 42,
  ENODATA: 61,
  EPROTO: 71,
  EBADMSG: 74,
  EOVERFLOW: 75,
  ENOTSOCK: 88,
  EDESTADDRREQ: 89,
  EMSGSIZE: 90,
  EPROTOTYPE: 91,
  ENOPROTOOPT: 92,
  EPROTONOSUPPORT: 93,
  ESOCKTNOSUPPORT: 94,
  EOPNOTSUPP: 95,
  EPFNOSUPPORT: 96,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ENETRESET: 102,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ENOBUFS: 105,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTDOWN: 112,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
} as const;

/** The name of a known errno value, such as `"EBADF"`. */
export type ErrnoName = keyof typeof Errno;

const NAMES: ReadonlyMap<number, ErrnoName> = new Map(
  (Object.entries(Errno) as [ErrnoName, number][]).map(([name, n]) => [n, name]),
);

/**
 * The symbolic name of an errno value, or `"E<number>"` when it is not in the table.
 *
 * @example
 * ```ts
 * import { errnoName } from "./errno.ts";
 * console.assert(errnoName(9) === "EBADF");
 * console.assert(errnoName(4095) === "E4095");
 * ```
 */
export function errnoName(errno: number): string {
  return NAMES.get(errno) ?? `E${errno}`;
}

/**
 * A call into the operating system failed. `op` names the operation (`"bind"`,
 * `"setsockopt(IP_HDRINCL)"`, `"netlink RTM_NEWADDR"`), `errno` is the number and `code` its
 * name, so callers can test `err.code === "EEXIST"`.
 *
 * @example
 * ```ts
 * import { SyscallError } from "./errno.ts";
 * const err = new SyscallError("close", 9);
 * console.assert(err.code === "EBADF");
 * console.assert(err.message === "close failed: EBADF (errno 9)");
 * ```
 */
export class SyscallError extends Error {
  /** The operation that failed. */
  readonly op: string;
  /** The errno value. */
  readonly errno: number;
  /** The errno name, e.g. `"EPERM"`. */
  readonly code: string;

  /**
   * @param op The operation that failed.
   * @param errno The errno value reported for it.
   * @param detail Optional words appended to the message (an interface or address).
   */
  constructor(op: string, errno: number, detail?: string) {
    const code = errnoName(errno);
    super(`${op} failed: ${code} (errno ${errno})${detail ? `: ${detail}` : ""}`);
    this.name = "SyscallError";
    this.op = op;
    this.errno = errno;
    this.code = code;
  }
}
