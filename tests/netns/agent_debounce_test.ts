/**
 * `interface_up_down_delays` on a real run: a tracked link that goes down and comes back within
 * its down delay is never seen (no FAULT); one that stays down longer faults the master when the
 * delay has run out, and its return is seen after the up delay.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { addLocalLink, NETNS_IGNORE, withNetnsPair } from "./_netns.ts";
import {
  hookScript,
  readHooks,
  runVipkeeper,
  type Started,
  waitFor,
} from "../explain/_run_vipkeeper.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test({
  name:
    "a tracked link flapping within its down delay is not seen; a longer outage faults after it",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vk-debounce-" });
    try {
      await withNetnsPair(async ({ a, ifA }) => {
        const link = await addLocalLink(a);
        const notify = await hookScript(dir, "notify.sh");
        const conf = `interface_up_down_delays {
    ${link.name} 1.5 0.5
}
vrrp_instance VI_1 {
    interface ${ifA}
    virtual_router_id 89
    priority 100
    version 3
    advert_int 0.2
    track_interface {
        ${link.name}
    }
    virtual_ipaddress {
        192.0.2.89/24
    }
    notify ${notify}
}
`;
        const timed = async () => (await readHooks(dir)).map((l) => l.at(-2) ?? "");
        let vk: Started | undefined;
        try {
          vk = await runVipkeeper(a, dir, conf);
          await waitFor(
            async () => (await timed()).includes("MASTER") || undefined,
            15_000,
            async () => `no MASTER: ${await vk?.log()}`,
          );
          // A 0.5 s flap: within the 1.5 s down delay.
          await link.set(false);
          await sleep(500);
          await link.set(true);
          await sleep(2000);
          assertEquals(await timed(), ["BACKUP", "MASTER"], "the flap is not seen");
          // A 2.5 s outage: FAULT once 1.5 s have passed, back 0.5 s after the link returns.
          const downAt = Date.now();
          await link.set(false);
          await waitFor(
            async () => (await timed()).includes("FAULT") || undefined,
            5_000,
            () => "no FAULT",
          );
          const faultAfter = Date.now() - downAt;
          assertOk(faultAfter >= 1400, `FAULT after ${faultAfter} ms, not before the delay`);
          await sleep(2500 - faultAfter);
          await link.set(true);
          await waitFor(
            async () => (await timed()).length >= 5 || undefined,
            5_000,
            async () => `not back: ${await timed()}`,
          );
          assertEquals(await timed(), ["BACKUP", "MASTER", "FAULT", "BACKUP", "MASTER"]);
        } finally {
          await vk?.stop();
        }
      }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
