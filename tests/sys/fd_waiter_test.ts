import { assertEquals, assertOk } from "../assert.ts";
import { loadLibc } from "../../lib/sys/ffi.ts";
import { SOCK } from "../../lib/sys/constants.ts";
import { FdWaiter } from "../../lib/sys/_fd_waiter.ts";

const link = (fd: number) => {
  try {
    return Deno.readLinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return "";
  }
};

for (const backend of ["deno", "ffi-rs"] as const) {
  Deno.test(`[${backend}] a waiter reports data, and close() ends a pending wait at once`, async () => {
    const libc = await loadLibc({ backend });
    const [a, b] = libc.socketpair(SOCK.AF_UNIX, SOCK.SOCK_DGRAM | SOCK.SOCK_NONBLOCK, 0);
    const inode = link(b);
    const waiter = new FdWaiter(libc, b, 10_000);
    try {
      libc.sendto(a, Uint8Array.of(1), null);
      assertEquals(await waiter.readable(), true);
      assertEquals(libc.read(b, new Uint8Array(4)), 1);
      const t0 = performance.now();
      const pending = waiter.readable();
      setTimeout(() => waiter.close(), 30);
      assertEquals(await pending, false, "a closed waiter reports false");
      assertOk(performance.now() - t0 < 1000, "close() did not wait for the 10 s poll slice");
      await waiter.close(); // idempotent
      assertOk(link(b) !== inode, "the descriptor was closed");
      assertEquals(await waiter.readable(), false);
    } finally {
      libc.close(a);
    }
  });
}
