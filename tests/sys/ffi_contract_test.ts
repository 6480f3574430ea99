/**
 * One contract for both FFI backends (`deno`, `ffi-rs`): the same calls must behave the same.
 * Uses only Unix socket pairs and eventfds, so it needs FFI permission but no privileges.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { type FfiBackend, ffiBackendFromEnv, type Libc, loadLibc } from "../../lib/sys/ffi.ts";
import { SyscallError } from "../../lib/sys/errno.ts";
import { SOCK } from "../../lib/sys/constants.ts";

const BACKENDS: FfiBackend[] = ["deno", "ffi-rs"];
const SO_PASSCRED = 16;
const SCM_CREDENTIALS = 2;

function openFds(): number {
  return [...Deno.readDirSync("/proc/self/fd")].length;
}

function pair(libc: Libc): [number, number] {
  return libc.socketpair(SOCK.AF_UNIX, SOCK.SOCK_DGRAM | SOCK.SOCK_NONBLOCK | SOCK.SOCK_CLOEXEC, 0);
}

function syscallError(fn: () => unknown): SyscallError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SyscallError) return e;
    throw e;
  }
  throw new Error("expected a SyscallError");
}

for (const backend of BACKENDS) {
  Deno.test(`[${backend}] a datagram sent on one end of a socket pair is received on the other`, async () => {
    const libc = await loadLibc({ backend });
    assertEquals(libc.backend, backend);
    const [a, b] = pair(libc);
    try {
      assertEquals(libc.sendto(a, new Uint8Array([1, 2, 3, 4, 5]), null), 5);
      const data = new Uint8Array(64);
      const got = libc.recvmsg(b, data, null, null);
      assertEquals(got?.length, 5);
      assertEquals([...data.subarray(0, 5)], [1, 2, 3, 4, 5]);
      assertEquals(libc.recvmsg(b, data, null, null), null, "nothing more waiting");
    } finally {
      libc.close(a);
      libc.close(b);
    }
  });

  Deno.test(`[${backend}] recvmsg returns control messages (SCM_CREDENTIALS carries our pid)`, async () => {
    const libc = await loadLibc({ backend });
    const [a, b] = pair(libc);
    try {
      libc.setsockopt(b, SOCK.SOL_SOCKET, SO_PASSCRED, Uint8Array.of(1, 0, 0, 0), "SO_PASSCRED");
      libc.sendto(a, Uint8Array.of(9), null);
      const control = new Uint8Array(64);
      const got = libc.recvmsg(b, new Uint8Array(8), null, control);
      assertOk(got);
      assertEquals(got.length, 1);
      const v = new DataView(control.buffer);
      assertEquals(got.controlLength >= 16 + 12, true, `control length ${got.controlLength}`);
      assertEquals(v.getInt32(8, true), SOCK.SOL_SOCKET, "cmsg_level");
      assertEquals(v.getInt32(12, true), SCM_CREDENTIALS, "cmsg_type");
      assertEquals(v.getInt32(16, true), libc.getpid(), "ucred.pid");
    } finally {
      libc.close(a);
      libc.close(b);
    }
  });

  Deno.test(`[${backend}] a socket option set is read back`, async () => {
    const libc = await loadLibc({ backend });
    const [a, b] = pair(libc);
    try {
      libc.setsockopt(a, SOCK.SOL_SOCKET, SOCK.SO_PRIORITY, Uint8Array.of(5, 0, 0, 0));
      const v = libc.getsockopt(a, SOCK.SOL_SOCKET, SOCK.SO_PRIORITY, 4);
      assertEquals([...v], [5, 0, 0, 0]);
    } finally {
      libc.close(a);
      libc.close(b);
    }
  });

  Deno.test(`[${backend}] poll times out without stopping timers, then wakes on data`, async () => {
    const libc = await loadLibc({ backend });
    const [a, b] = pair(libc);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      const t0 = performance.now();
      const idle = await libc.poll([{ fd: b, events: SOCK.POLLIN }], 150);
      const waited = performance.now() - t0;
      assertEquals(idle, [0]);
      assertOk(waited >= 140, `waited ${waited} ms`);
      assertOk(ticks >= 5, `only ${ticks} timer ticks ran during a 150 ms poll`);
      libc.sendto(a, Uint8Array.of(1), null);
      const ready = await libc.poll([{ fd: a, events: SOCK.POLLIN }, {
        fd: b,
        events: SOCK.POLLIN,
      }], 1000);
      assertEquals(ready, [0, SOCK.POLLIN]);
    } finally {
      clearInterval(timer);
      libc.close(a);
      libc.close(b);
    }
  });

  Deno.test(`[${backend}] an eventfd write wakes a pending poll at once`, async () => {
    const libc = await loadLibc({ backend });
    const efd = libc.eventfd(SOCK.EFD_NONBLOCK | SOCK.EFD_CLOEXEC);
    try {
      const t0 = performance.now();
      const pending = libc.poll([{ fd: efd, events: SOCK.POLLIN }], 5000);
      setTimeout(() => libc.write(efd, new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0])), 20);
      assertEquals(await pending, [SOCK.POLLIN]);
      assertOk(performance.now() - t0 < 1000);
      assertEquals(libc.read(efd, new Uint8Array(8)), 8);
      assertEquals(libc.read(efd, new Uint8Array(8)), null, "drained");
    } finally {
      libc.close(efd);
    }
  });

  Deno.test(`[${backend}] failures name the operation and the errno`, async () => {
    const libc = await loadLibc({ backend });
    const closed = syscallError(() => libc.close(987654));
    assertEquals([closed.op, closed.code, closed.errno], ["close", "EBADF", 9]);
    const send = syscallError(() => libc.sendto(987654, Uint8Array.of(1), null));
    assertEquals([send.op, send.code], ["sendto", "EBADF"]);
    const opt = syscallError(() =>
      libc.setsockopt(987654, 1, 12, new Uint8Array(4), "SO_PRIORITY")
    );
    assertEquals([opt.op, opt.code], ["setsockopt(SO_PRIORITY)", "EBADF"]);
    const name = syscallError(() => libc.ifNameToIndex("nonexistent0"));
    assertEquals([name.op, name.code], ["if_nametoindex", "ENODEV"]);
    const sock = syscallError(() => libc.socket(12345, SOCK.SOCK_DGRAM, 0));
    assertEquals([sock.op, sock.code], ["socket", "EAFNOSUPPORT"]);
    const revents = await libc.poll([{ fd: 987654, events: SOCK.POLLIN }], 0);
    assertEquals(revents, [SOCK.POLLNVAL]);
  });

  Deno.test(`[${backend}] the loopback interface is index 1 both ways`, async () => {
    const libc = await loadLibc({ backend });
    assertEquals(libc.ifNameToIndex("lo"), 1);
    assertEquals(libc.ifIndexToName(1), "lo");
  });

  Deno.test(`[${backend}] malloc_trim is callable and says whether memory went back`, async () => {
    const libc = await loadLibc({ backend });
    assertEquals(typeof libc.mallocTrim(), "boolean");
  });

  Deno.test(`[${backend}] opening and closing many sockets leaks no descriptors`, async () => {
    const libc = await loadLibc({ backend });
    const before = openFds();
    for (let i = 0; i < 50; i++) {
      const [a, b] = pair(libc);
      await libc.poll([{ fd: a, events: SOCK.POLLIN }], 0);
      libc.close(a);
      libc.close(b);
    }
    assertEquals(openFds(), before);
  });
}

Deno.test("VIPKEEPER_FFI selects the backend and rejects unknown names", () => {
  const env = (v?: string) => ({ get: () => v });
  assertEquals(ffiBackendFromEnv(env()), "deno");
  assertEquals(ffiBackendFromEnv(env("deno")), "deno");
  assertEquals(ffiBackendFromEnv(env("ffi-rs")), "ffi-rs");
  let threw = false;
  try {
    ffiBackendFromEnv(env("libffi"));
  } catch (e) {
    threw = /VIPKEEPER_FFI/.test(String(e));
  }
  assertOk(threw);
});
