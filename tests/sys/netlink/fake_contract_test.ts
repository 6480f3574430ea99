/** The rtnetlink contract against `FakeKernel` (the real kernel: tests/netns/sys_netlink_test.ts). */

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
