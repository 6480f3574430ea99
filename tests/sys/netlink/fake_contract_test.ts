/** The rtnetlink contract against `FakeKernel` (the real kernel: tests/netns/sys_netlink_test.ts). */

import { assertEquals, assertOk } from "../../assert.ts";
import { SyscallError } from "../../../lib/sys/errno.ts";
import { FakeKernel, fakeNetlink } from "../../../lib/sys/netlink/fake.ts";
import { MONITOR_GROUPS } from "../../../lib/sys/netlink/monitor.ts";
import { Rtnetlink } from "../../../lib/sys/netlink/rtnetlink.ts";
import { NETLINK_CONTRACT, type NetlinkEnv } from "./_contract.ts";

function fakeEnv(): NetlinkEnv {
  const kernel = new FakeKernel([{ index: 1, name: "lo" }, {
    index: 7,
    name: "veth0",
    mac: "02:00:5e:00:00:07",
  }]);
  const rt = new Rtnetlink(fakeNetlink(kernel.handler));
  const events = kernel.subscribe(MONITOR_GROUPS);
  return {
    rt,
    events,
    ifIndex: 7,
    ifName: "veth0",
    setLinkDown: () => Promise.resolve(kernel.setLink(7, false)),
    provokeOverrun: () => Promise.resolve(events.overrun()),
    addressesNow: () => kernel.addresses.filter((a) => a.index === 7).map((a) => a.address),
    close: async () => {
      await rt.close();
      await events.close();
    },
  };
}

for (const [name, fn] of Object.entries(NETLINK_CONTRACT)) {
  Deno.test(`[fake netlink] ${name}`, async () => {
    const env = fakeEnv();
    try {
      await fn(env);
    } finally {
      await env.close();
    }
  });
}

Deno.test("[fake netlink] an overrun fails the requests in flight; those waiting for room still go", async () => {
  const kernel = new FakeKernel([{ index: 7, name: "veth0" }]);
  let silent = 32; // the kernel's answers to the first 32 are lost in the overrun
  const transport = fakeNetlink((m) => silent-- > 0 ? [] : kernel.handler(m));
  const rt = new Rtnetlink(transport);
  const adds = Array.from(
    { length: 40 },
    (_, i) => rt.addAddress({ index: 7, address: `198.51.100.${i + 1}`, prefix: 32 }),
  );
  transport.overrun();
  const settled = await Promise.allSettled(adds);
  const failed = settled.flatMap((s, i) => s.status === "rejected" ? [[i, s.reason]] : []);
  assertEquals(failed.length, 32);
  for (const [i, e] of failed) {
    assertOk(e instanceof SyscallError && e.code === "ENOBUFS", String(e));
    assertOk(e.op.endsWith(`198.51.100.${(i as number) + 1}`), e.op);
  }
  assertEquals(settled.slice(32).map((s) => s.status), new Array(8).fill("fulfilled"));
  assertEquals(kernel.addresses.length, 8, "the fake kernel answered only the last 8");
  await rt.close();
});
