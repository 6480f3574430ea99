/**
 * rtnetlink on the real kernel, inside throwaway namespaces: the shared contract for both FFI
 * backends, and what `ip -j addr` sees after an add and a delete.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { NETLINK_CONTRACT } from "../sys/netlink/_contract.ts";
import { ipJson, NETNS_IGNORE, run, withNetnsPair } from "./_netns.ts";

const CONTRACT = new URL("./helpers/sys_netlink_contract.ts", import.meta.url).pathname;
const ADD_DEL = new URL("./helpers/sys_netlink_add_del.ts", import.meta.url).pathname;
const KNOWN_LINKS = new URL("./helpers/sys_known_links.ts", import.meta.url).pathname;

for (const backend of ["deno", "ffi-rs"]) {
  Deno.test({
    name: `the rtnetlink contract holds on the real kernel with the ${backend} backend`,
    ignore: NETNS_IGNORE,
    fn: () =>
      withNetnsPair(async ({ a, ifA }) => {
        const r = await run([Deno.execPath(), "test", "-A", "--quiet", CONTRACT], {
          netns: a,
          env: { VK_IF: ifA, VIPKEEPER_FFI: backend, NO_COLOR: "1" },
        });
        assertEquals(r.code, 0, `contract failed:\n${r.stdout}\n${r.stderr}`);
        const cases = Object.keys(NETLINK_CONTRACT).length;
        assertOk(new RegExp(`ok \\| ${cases} passed`).test(r.stdout), r.stdout);
      }),
  });
}

interface IpAddr {
  ifname: string;
  addr_info: { family: string; local: string; prefixlen: number; label?: string }[];
}

Deno.test({
  name: "a VIP added through netlink shows in `ip -j addr` and is gone after the delete",
  ignore: NETNS_IGNORE,
  fn: () =>
    withNetnsPair(async ({ a, ifA }) => {
      const has = async (addr: string) => {
        const links = await ipJson(a, ["addr", "show", "dev", ifA]) as IpAddr[];
        return links.flatMap((l) => l.addr_info).find((i) => i.local === addr);
      };
      const step = async (action: string) => {
        const r = await run([Deno.execPath(), "run", "-A", "--quiet", ADD_DEL, action, ifA], {
          netns: a,
        });
        assertEquals(r.code, 0, r.stderr);
      };
      await step("add");
      const v4 = await has("192.0.2.200");
      assertEquals([v4?.prefixlen, v4?.label], [32, `${ifA}:v`.slice(0, 15)]);
      assertEquals((await has("2001:db8::200"))?.prefixlen, 128);
      await step("del");
      assertEquals(await has("192.0.2.200"), undefined);
      assertEquals(await has("2001:db8::200"), undefined);
    }),
});

Deno.test({
  name: "the address port knows links from netlink events and survives a stale index",
  ignore: NETNS_IGNORE,
  fn: () =>
    withNetnsPair(async ({ a }) => {
      const r = await run([Deno.execPath(), "test", "-A", "--quiet", KNOWN_LINKS], {
        netns: a,
        env: { NO_COLOR: "1" },
      });
      assertEquals(r.code, 0, `known links failed:\n${r.stdout}\n${r.stderr}`);
      assertOk(/ok \| 2 passed/.test(r.stdout), r.stdout);
    }),
});
