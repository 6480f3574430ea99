/**
 * A VIP deleted from outside on a real run (`ip addr del`): the master steps down with a
 * priority-0 advert, notifies BACKUP, and after its Skew_Time is MASTER again with the VIP back,
 * as keepalived does; a `no_track` VIP is left alone.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { must, NETNS_IGNORE, withNetnsPair } from "./_netns.ts";
import {
  hookScript,
  readHooks,
  runVipkeeper,
  type Started,
  waitFor,
} from "../explain/_run_vipkeeper.ts";

function conf(iface: string, notify: string, vipOptions: string): string {
  return `vrrp_instance VI_1 {
    interface ${iface}
    virtual_router_id 87
    priority 150
    version 3
    advert_int 0.2
    virtual_ipaddress {
        192.0.2.87/24 ${vipOptions}
    }
    notify ${notify}
}
`;
}

async function vipThere(netns: string, iface: string): Promise<boolean> {
  return (await must(["ip", "-4", "addr", "show", "dev", iface], { netns })).includes(
    "192.0.2.87/",
  );
}

/** Run a master, delete its VIP from outside, and return the notified states after 1.5 s. */
async function deleteVip(vipOptions: string): Promise<{ states: string[]; back: boolean }> {
  const dir = await Deno.makeTempDir({ prefix: "vk-viplost-" });
  try {
    return await withNetnsPair(async ({ a, ifA }) => {
      const notify = await hookScript(dir, "notify.sh");
      const states = async () => (await readHooks(dir)).map((l) => l.at(-2) ?? "");
      let vk: Started | undefined;
      try {
        vk = await runVipkeeper(a, dir, conf(ifA, notify, vipOptions));
        await waitFor(
          async () => (await states()).includes("MASTER") || undefined,
          15_000,
          async () => `no MASTER: ${await vk?.log()}`,
        );
        await waitFor(() => vipThere(a, ifA).then((v) => v || undefined), 5_000, () => "no VIP");
        await must(["ip", "addr", "del", "192.0.2.87/24", "dev", ifA], { netns: a });
        await new Promise((r) => setTimeout(r, 1500));
        return { states: await states(), back: await vipThere(a, ifA) };
      } finally {
        await vk?.stop();
      }
    }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "a VIP deleted from outside: the master steps down and is back with the VIP after Skew_Time",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { states, back } = await deleteVip("");
    assertEquals(states, ["BACKUP", "MASTER", "BACKUP", "MASTER"]);
    assertOk(back, "the VIP is back");
  },
});

Deno.test({
  name: "a no_track VIP deleted from outside is left deleted and the master stays",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { states, back } = await deleteVip("no_track");
    assertEquals(states, ["BACKUP", "MASTER"]);
    assertOk(!back, "nothing put it back");
  },
});
