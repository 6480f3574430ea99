/**
 * Private: waits for a non-blocking descriptor to become readable without blocking the event
 * loop — `poll` runs on another thread — and closes it safely: `close()` wakes the pending
 * poll through an eventfd, waits for it to return, and only then closes both descriptors, so
 * no thread is left polling a closed (or reused) descriptor.
 *
 * @module
 */

import { SOCK } from "./constants.ts";
import { Errno, SyscallError } from "./errno.ts";
import type { Libc } from "./ffi.ts";

const ONE = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0);

/** One reader per descriptor: `readable()` must not be called concurrently. */
export class FdWaiter {
  readonly #libc: Libc;
  readonly #fd: number;
  readonly #wake: number;
  readonly #sliceMs: number;
  #inflight: Promise<unknown> | null = null;
  #closing: Promise<void> | null = null;

  /** Takes ownership of `fd` (closed by `close()`). */
  constructor(libc: Libc, fd: number, sliceMs = 1000) {
    this.#libc = libc;
    this.#fd = fd;
    this.#sliceMs = sliceMs;
    this.#wake = libc.eventfd(SOCK.EFD_NONBLOCK | SOCK.EFD_CLOEXEC);
  }

  /** The descriptor being watched. */
  get fd(): number {
    return this.#fd;
  }

  /** True once `close()` has been called. */
  get closed(): boolean {
    return this.#closing !== null;
  }

  /** Resolves `true` when the descriptor is readable (or has an error), `false` once closed. */
  async readable(): Promise<boolean> {
    while (this.#closing === null) {
      const p = this.#libc.poll(
        [{ fd: this.#fd, events: SOCK.POLLIN }, { fd: this.#wake, events: SOCK.POLLIN }],
        this.#sliceMs,
      );
      this.#inflight = p;
      let revents: number[];
      try {
        revents = await p;
      } finally {
        this.#inflight = null;
      }
      if (this.#closing !== null) return false;
      const r = revents[0] ?? 0;
      if (r & SOCK.POLLNVAL) throw new SyscallError("poll", Errno.EBADF, `fd ${this.#fd}`);
      if (r & (SOCK.POLLIN | SOCK.POLLERR | SOCK.POLLHUP)) return true;
    }
    return false;
  }

  /** Stops any wait and closes the descriptor and the wake-up eventfd (idempotent). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#libc.write(this.#wake, ONE);
      await this.#inflight?.catch(() => undefined);
      this.#libc.close(this.#fd);
      this.#libc.close(this.#wake);
    })();
    return this.#closing;
  }
}
