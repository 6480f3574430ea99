/**
 * The rtnetlink contract: the same cases run against `FakeKernel` (always) and the real kernel
 * inside a throwaway namespace (`tests/netns/sys_netlink_test.ts`).
 */

import { assertEquals, assertOk } from "../../assert.ts";
import { SyscallError } from "../../../lib/sys/errno.ts";
import { NL } from "../../../lib/sys/netlink/constants.ts";
import { type NetlinkEvent, watchNetlink } from "../../../lib/sys/netlink/monitor.ts";
import type { Rtnetlink } from "../../../lib/sys/netlink/rtnetlink.ts";
import type { NetlinkTransport } from "../../../lib/sys/netlink/socket.ts";

/** What a case needs: a client, an event subscription, a spare interface and its controls. */
export interface NetlinkEnv {
  rt: Rtnetlink;
  /** A transport subscribed to link + IPv4/IPv6 address events. */
  events: NetlinkTransport;
  ifIndex: number;
  ifName: string;
  /** Takes the interface down (admin). */
  setLinkDown(): Promise<void>;
  /** Makes the event transport overflow (real: many events into a tiny buffer). */
  provokeOverrun(): Promise<void>;
  /** The interface's addresses, read synchronously (real: `ip -o addr`; fake: its state). */
  addressesNow(): string[];
  close(): Promise<void>;
}

async function expectErrno(p: Promise<unknown>, code: string, op: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    assertOk(e instanceof SyscallError, `expected SyscallError, got ${e}`);
    assertEquals(e.code, code);
    assertOk(op.test(e.op), `op "${e.op}" should match ${op}`);
    return;
  }
  throw new Error(`expected ${code}`);
}

async function nextMatching(
  it: AsyncGenerator<NetlinkEvent>,
  pred: (e: NetlinkEvent) => boolean,
  timeoutMs = 3000,
): Promise<NetlinkEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const r = await Promise.race([
      it.next(),
      new Promise<null>((res) => (timer = setTimeout(() => res(null), deadline - Date.now()))),
    ]);
    clearTimeout(timer);
    if (r === null || r.done) break;
    if (pred(r.value)) return r.value;
  }
  throw new Error("expected netlink event did not arrive");
}

/** The cases, by name. */
export const NETLINK_CONTRACT: Record<string, (env: NetlinkEnv) => Promise<void>> = {
  "the link dump names the interface by index and shows it running": async (env) => {
    const links = await env.rt.dumpLinks();
    const l = links.find((x) => x.index === env.ifIndex);
    assertEquals(l?.name, env.ifName);
    assertOk(l?.up && l.running, "interface up and running");
    assertOk(links.length >= 1);
  },

  "an IPv4 address is added with label and broadcast, refused twice, deleted once": async (env) => {
    const req = {
      index: env.ifIndex,
      address: "192.0.2.77",
      prefix: 24,
      label: `${env.ifName}:vip`.slice(0, 15),
      broadcast: "192.0.2.255",
    };
    await env.rt.addAddress(req);
    const got = (await env.rt.dumpAddresses("inet")).find((a) => a.address === "192.0.2.77");
    assertEquals(
      [got?.index, got?.prefix, got?.label, got?.broadcast, got?.scope],
      [env.ifIndex, 24, req.label, "192.0.2.255", NL.RT_SCOPE_UNIVERSE],
    );
    await expectErrno(env.rt.addAddress(req), "EEXIST", /add address 192\.0\.2\.77/);
    await env.rt.deleteAddress(req);
    const after = await env.rt.dumpAddresses("inet");
    assertEquals(after.some((a) => a.address === "192.0.2.77"), false);
    await expectErrno(env.rt.deleteAddress(req), "EADDRNOTAVAIL", /delete address/);
  },

  "an IPv6 address is added without DAD and deleted": async (env) => {
    const req = { index: env.ifIndex, address: "2001:db8:0:1::77", prefix: 64, nodad: true };
    await env.rt.addAddress(req);
    const got = (await env.rt.dumpAddresses("inet6")).find((a) => a.address === "2001:db8:0:1::77");
    assertEquals([got?.family, got?.prefix], ["inet6", 64]);
    assertOk(got && (got.flags & NL.IFA_F_NODAD) !== 0, "IFA_F_NODAD kept");
    assertOk(got && (got.flags & NL.IFA_F_TENTATIVE) === 0, "not tentative");
    await env.rt.deleteAddress(req);
    const after = await env.rt.dumpAddresses("inet6");
    assertEquals(after.some((a) => a.address === "2001:db8:0:1::77"), false);
  },

  "a dump of many addresses returns every one (multipart)": async (env) => {
    const n = 120;
    const addrs = Array.from({ length: n }, (_, i) => `2001:db8:5::${(i + 1).toString(16)}`);
    for (const address of addrs) {
      await env.rt.addAddress({ index: env.ifIndex, address, prefix: 64, nodad: true });
    }
    const dumped = new Set((await env.rt.dumpAddresses()).map((a) => a.address));
    assertEquals(addrs.filter((a) => !dumped.has(a)), []);
    for (const address of addrs) {
      await env.rt.deleteAddress({ index: env.ifIndex, address, prefix: 64 });
    }
  },

  "a change request has gone to the kernel when request() returns; answers match by sequence":
    async (env) => {
      const req = (i: number) => ({ index: env.ifIndex, address: `198.51.100.${i}`, prefix: 32 });
      await env.rt.addAddress(req(3));
      // Nothing awaited between these: each is sent (and carried out) before the call returns.
      const adds = [1, 2, 3, 4].map((i) => env.rt.addAddress(req(i)));
      const now = env.addressesNow();
      assertEquals([1, 2, 3, 4].filter((i) => !now.includes(`198.51.100.${i}`)), []);
      const settled = await Promise.allSettled(adds);
      assertEquals(settled.map((s) => s.status), [
        "fulfilled",
        "fulfilled",
        "rejected",
        "fulfilled",
      ]);
      await expectErrno(adds[2]!, "EEXIST", /add address 198\.51\.100\.3$/);
      // A dump issued behind deletions in flight waits for them and sees none of the addresses.
      const deletes = [1, 2, 3, 4].map((i) => env.rt.deleteAddress(req(i)));
      const dump = env.rt.dumpAddresses("inet");
      await Promise.all(deletes);
      assertEquals((await dump).filter((a) => a.address.startsWith("198.51.100.")), []);
    },

  "more change requests than may be outstanding at once all go through, in order": async (env) => {
    const n = 100; // above the 32 outstanding at once: the rest wait for room
    const req = (i: number) => ({
      index: env.ifIndex,
      address: `2001:db8:6::${(i + 1).toString(16)}`,
      prefix: 64,
      nodad: true,
    });
    await Promise.all(Array.from({ length: n }, (_, i) => env.rt.addAddress(req(i))));
    const dumped = new Set((await env.rt.dumpAddresses("inet6")).map((a) => a.address));
    assertEquals(
      Array.from({ length: n }, (_, i) => req(i).address).filter((a) => !dumped.has(a)),
      [],
    );
    // An add and a delete of the same address, issued together, run in the order issued.
    const extra = req(n);
    await Promise.all([env.rt.addAddress(extra), env.rt.deleteAddress(extra)]);
    assertEquals(env.addressesNow().includes(extra.address), false);
    await Promise.all(Array.from({ length: n }, (_, i) => env.rt.deleteAddress(req(i))));
    assertEquals(env.addressesNow().filter((a) => a.startsWith("2001:db8:6::")), []);
  },

  "address and link changes arrive as events": async (env) => {
    const it = watchNetlink(env.events, env.rt);
    await env.rt.addAddress({ index: env.ifIndex, address: "198.51.100.9", prefix: 24 });
    const added = await nextMatching(
      it,
      (e) => e.kind === "address" && e.address.address === "198.51.100.9",
    );
    assertOk(
      added.kind === "address" && added.action === "new" && added.address.index === env.ifIndex,
    );
    await env.rt.deleteAddress({ index: env.ifIndex, address: "198.51.100.9", prefix: 24 });
    const gone = await nextMatching(
      it,
      (e) => e.kind === "address" && e.address.address === "198.51.100.9",
    );
    assertOk(gone.kind === "address" && gone.action === "del");
    await env.setLinkDown();
    const down = await nextMatching(
      it,
      (e) => e.kind === "link" && e.link.index === env.ifIndex && !e.link.up,
    );
    assertOk(down.kind === "link" && !down.link.running);
  },

  "after the kernel drops events the monitor re-dumps and yields a resync": async (env) => {
    const it = watchNetlink(env.events, env.rt);
    await env.rt.addAddress({ index: env.ifIndex, address: "203.0.113.5", prefix: 24 });
    await env.provokeOverrun();
    const resync = await nextMatching(it, (e) => e.kind === "resync");
    assertOk(resync.kind === "resync");
    assertOk(
      resync.addresses.some((a) => a.address === "203.0.113.5"),
      "resync has current addresses",
    );
    assertOk(resync.links.some((l) => l.index === env.ifIndex), "resync has the links");
  },
};
