/**
 * keepalived's "no source IP" fault on a real run: an instance whose interface has no address of
 * its family is FAULT (silent, no VIP) until an address appears, and a master whose interface
 * loses its last address goes to FAULT and comes back when it is re-added. Addresses change with
 * `ip addr` in the namespace; vipkeeper learns it from rtnetlink address events. States come from
 * the generic notify hook, adverts from tshark in the neighbour namespace.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { must, NETNS_IGNORE, withNetnsPair } from "./_netns.ts";
import {
  captureAdverts,
  HAVE_TSHARK,
  hookScript,
  readHooks,
  runVipkeeper,
  type Started,
  waitFor,
} from "../explain/_run_vipkeeper.ts";

if (!HAVE_TSHARK) console.error("\n*** SKIPPED: tshark is not installed (tools/setup.sh) ***\n");

const VIP = "192.0.2.83";

/**
 * The VIP is `no_track`: deleting the interface's primary address also deletes the VIP (a
 * secondary of the same subnet), and a tracked VIP would first bounce the master as keepalived
 * does (tests/netns/agent_vip_lost_test.ts); here only the missing source address is looked at.
 */
function conf(iface: string, notify: string): string {
  return `vrrp_instance VI_1 {
    interface ${iface}
    virtual_router_id 83
    priority 100
    version 3
    advert_int 0.2
    virtual_ipaddress {
        ${VIP}/24 no_track
    }
    notify ${notify}
}
`;
}

async function hasVip(netns: string): Promise<boolean> {
  return (await must(["ip", "-4", "addr", "show"], { netns })).includes(`${VIP}/`);
}

function reacher(dir: string, vk: () => Started | undefined) {
  const states = async () => (await readHooks(dir)).map((l) => l.at(-2) ?? "");
  const reach = (n: number, state: string) =>
    waitFor(
      async () => {
        const s = await states();
        return s.length >= n && s[n - 1] === state ? true : undefined;
      },
      15_000,
      async () => `hook ${n} is not ${state}: ${await states()}\n${await vk()?.log()}`,
    );
  return { states, reach };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test({
  name:
    "a master whose interface loses its only IPv4 address goes to FAULT and is back when it returns",
  ignore: NETNS_IGNORE || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vk-source-" });
    try {
      await withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const notify = await hookScript(dir, "notify.sh");
        const cap = await captureAdverts(b, ifB);
        let vk: Started | undefined;
        const { states, reach } = reacher(dir, () => vk);
        let lostAt = 0;
        let backAt = 0;
        let stopAt = Infinity;
        let vipInFault = true;
        try {
          vk = await runVipkeeper(a, dir, conf(ifA, notify));
          await reach(2, "MASTER");
          assertOk(await hasVip(a), "the master holds the VIP");
          lostAt = Date.now() / 1000;
          await must(["ip", "addr", "del", "192.0.2.1/24", "dev", ifA], { netns: a });
          await reach(3, "FAULT");
          await sleep(1000); // FAULT is silent
          vipInFault = await hasVip(a);
          backAt = Date.now() / 1000;
          await must(["ip", "addr", "add", "192.0.2.1/24", "dev", ifA], { netns: a });
          await reach(4, "BACKUP");
          await reach(5, "MASTER");
          await sleep(500);
        } finally {
          stopAt = Date.now() / 1000;
          await vk?.stop();
          await cap.stop();
        }
        assertEquals((await states()).slice(0, 6), [
          "BACKUP",
          "MASTER",
          "FAULT",
          "BACKUP",
          "MASTER",
          "STOP",
        ]);
        assertOk(!vipInFault, "no VIP in FAULT");
        const log = await vk.log();
        assertOk(log.includes("no IPv4 address on"), log);
        const adverts = cap.seen().filter((x) => x.vrid === 83);
        // After the loss: at most the priority-0 adverts (sent from the address just removed),
        // then nothing until the address is back.
        const inFault = adverts.filter((x) => x.time >= lostAt + 0.25 && x.time < backAt);
        assertOk(
          inFault.every((x) => x.priority === 0),
          `silent in FAULT: ${JSON.stringify(inFault)}`,
        );
        const after = adverts.filter((x) => x.time >= backAt && x.time < stopAt);
        assertOk(
          after.length >= 2 && after.every((x) => x.priority === 100),
          JSON.stringify(after),
        );
      }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "an instance started on an interface without an IPv4 address is FAULT until one is added",
  ignore: NETNS_IGNORE || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vk-source-" });
    try {
      await withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const notify = await hookScript(dir, "notify.sh");
        const cap = await captureAdverts(b, ifB);
        let vk: Started | undefined;
        const { states, reach } = reacher(dir, () => vk);
        let addedAt = 0;
        try {
          vk = await runVipkeeper(a, dir, conf(ifA, notify));
          await reach(1, "FAULT");
          await sleep(1000);
          assertOk(!(await hasVip(a)), "no VIP in FAULT");
          addedAt = Date.now() / 1000;
          await must(["ip", "addr", "add", "192.0.2.1/24", "dev", ifA], { netns: a });
          await reach(2, "BACKUP");
          await reach(3, "MASTER");
          assertOk(await hasVip(a), "the VIP once MASTER");
          await sleep(300);
        } finally {
          await vk?.stop();
          await cap.stop();
        }
        assertEquals((await states()).slice(0, 3), ["FAULT", "BACKUP", "MASTER"]);
        const adverts = cap.seen().filter((x) => x.vrid === 83);
        assertEquals(adverts.filter((x) => x.time < addedAt).length, 0, "nothing sent in FAULT");
        assertOk(adverts.some((x) => x.priority === 100));
      }, { b: ["192.0.2.2/24"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
