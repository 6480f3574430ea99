/**
 * The one table of C functions vipkeeper calls, with their prototypes, in the form
 * `Deno.dlopen` takes. The ffi-rs backend derives its own declarations from the same table, so
 * a symbol is described exactly once. Nothing is opened at import: `openDenoLibc()` opens the
 * library on first use.
 *
 * @module
 */

/** The shared object both backends open. */
export const LIBC_PATH = "libc.so.6";

/**
 * Every libc symbol used by `lib/sys/`, keyed by its C name.
 *
 * @example
 * ```ts
 * import { LIBC_SYMBOLS } from "./libc.ts";
 * console.assert(LIBC_SYMBOLS.socket.parameters.length === 3);
 * ```
 */
export const LIBC_SYMBOLS = {
  /** int socket(int domain, int type, int protocol); */
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  /** int socketpair(int domain, int type, int protocol, int sv[2]); */
  socketpair: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
  /** int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen); */
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  /** int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen); */
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  /** int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen); */
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  /**
   * ssize_t sendto(int fd, const void *buf, size_t len, int flags,
   *                const struct sockaddr *dest_addr, socklen_t addrlen);
   */
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
  /** ssize_t recvmsg(int fd, struct msghdr *msg, int flags); */
  recvmsg: { parameters: ["i32", "buffer", "i32"], result: "isize" },
  /** ssize_t read(int fd, void *buf, size_t count); */
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  /** ssize_t write(int fd, const void *buf, size_t count); */
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  /**
   * int poll(struct pollfd *fds, nfds_t nfds, int timeout);
   * Declared non-blocking: it runs on another thread and returns a Promise.
   */
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
  /** int eventfd(unsigned int initval, int flags); */
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  /** int close(int fd); */
  close: { parameters: ["i32"], result: "i32" },
  /** unsigned int if_nametoindex(const char *ifname); */
  if_nametoindex: { parameters: ["buffer"], result: "u32" },
  /** char *if_indextoname(unsigned int ifindex, char *ifname); */
  if_indextoname: { parameters: ["u32", "buffer"], result: "pointer" },
  /** int ioctl(int fd, unsigned long request, void *argp); */
  ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
  /** pid_t getpid(void); */
  getpid: { parameters: [], result: "i32" },
  /** int malloc_trim(size_t pad); — hand freed C heap back to the kernel (glibc). */
  malloc_trim: { parameters: ["usize"], result: "i32" },
  /** int *__errno_location(void); — the calling thread's errno. */
  __errno_location: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The type of the opened library. */
export type LibcLibrary = Deno.DynamicLibrary<typeof LIBC_SYMBOLS>;

let opened: LibcLibrary | undefined;

/**
 * Opens libc through `Deno.dlopen` the first time it is called and returns the same handle
 * afterwards. Needs `--allow-ffi`.
 *
 * @example
 * ```ts ignore
 * import { openDenoLibc } from "./libc.ts";
 * const pid = openDenoLibc().symbols.getpid();
 * ```
 */
export function openDenoLibc(): LibcLibrary {
  opened ??= Deno.dlopen(LIBC_PATH, LIBC_SYMBOLS);
  return opened;
}
