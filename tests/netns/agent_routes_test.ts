/**
 * `virtual_routes` and `virtual_rules` on a real run: they are in the kernel while vipkeeper is
 * MASTER (with keepalived's protocol and rule preference) and gone after SIGTERM; a line that
 * does not parse is reported at start-up, not at the takeover.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { ipJson, must, NETNS_IGNORE, withNetnsPair } from "./_netns.ts";
import {
  hookScript,
  readHooks,
  runVipkeeper,
  type Started,
  waitFor,
} from "../explain/_run_vipkeeper.ts";

interface Route {
  dst: string;
  gateway?: string;
  protocol?: string | number;
}
interface Rule {
  priority: number;
  src?: string;
  table?: string;
}

Deno.test({
  name: "virtual_routes and virtual_rules are in the kernel while MASTER and gone after SIGTERM",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vk-routes-" });
    try {
      await withNetnsPair(async ({ a, ifA }) => {
        const notify = await hookScript(dir, "notify.sh");
        const conf = `vrrp_instance VI_1 {
    interface ${ifA}
    virtual_router_id 85
    priority 100
    version 3
    advert_int 0.2
    virtual_ipaddress {
        192.0.2.85/24
    }
    virtual_routes {
        198.51.100.0/24 via 192.0.2.254
        203.0.113.0/24 vai 192.0.2.254
    }
    virtual_rules {
        from 192.0.2.85 table 100
    }
    notify ${notify}
}
`;
        const routes = async () =>
          ((await ipJson(a, ["route", "show", "table", "all"])) as Route[])
            .filter((r) => r.dst === "198.51.100.0/24");
        const rules = async () =>
          ((await ipJson(a, ["rule", "show"])) as Rule[]).filter((r) => r.src === "192.0.2.85");
        let vk: Started | undefined;
        let whileMaster: [Route[], Rule[]] = [[], []];
        try {
          vk = await runVipkeeper(a, dir, conf);
          await waitFor(
            async () => (await readHooks(dir)).some((l) => l.at(-2) === "MASTER") || undefined,
            15_000,
            async () => `no MASTER: ${await vk?.log()}`,
          );
          await waitFor(
            async () => (await rules()).length > 0 || undefined,
            5_000,
            () => "no rule",
          );
          whileMaster = [await routes(), await rules()];
        } finally {
          await vk?.stop();
        }
        const [r, u] = whileMaster;
        assertEquals(r.map((x) => [x.gateway, String(x.protocol)]), [[
          "192.0.2.254",
          "keepalived",
        ]]);
        assertEquals(u.map((x) => [x.priority, x.table]), [[16384, "100"]]);
        assertEquals(await routes(), [], "route removed at shutdown");
        assertEquals(await rules(), [], "rule removed at shutdown");
        const log = await vk!.log();
        assertOk(
          log.includes("virtual_routes line '203.0.113.0/24 vai 192.0.2.254' is invalid"),
          log,
        );
      }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a virtual route deleted from outside makes the master step down and put it back",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vk-routes-" });
    try {
      await withNetnsPair(async ({ a, ifA }) => {
        const notify = await hookScript(dir, "notify.sh");
        const conf = `vrrp_instance VI_1 {
    interface ${ifA}
    virtual_router_id 88
    priority 100
    version 3
    advert_int 0.2
    virtual_ipaddress {
        192.0.2.88/24
    }
    virtual_routes {
        198.51.100.0/24 via 192.0.2.254
        203.0.113.0/24 via 192.0.2.254 no_track
    }
    notify ${notify}
}
`;
        const route = async (dst: string) =>
          ((await ipJson(a, ["route", "show", "table", "all"])) as Route[]).some((r) =>
            r.dst === dst
          );
        const states = async () => (await readHooks(dir)).map((l) => l.at(-2) ?? "");
        let vk: Started | undefined;
        try {
          vk = await runVipkeeper(a, dir, conf);
          await waitFor(
            async () => (await route("198.51.100.0/24")) || undefined,
            15_000,
            async () => `no route: ${await vk?.log()}`,
          );
          // no_track: left deleted, nothing happens.
          await must(["ip", "route", "del", "203.0.113.0/24"], { netns: a });
          await new Promise((r) => setTimeout(r, 600));
          assertEquals(await states(), ["BACKUP", "MASTER"]);
          // Tracked: the master steps down and comes back after Skew_Time with the route.
          await must(["ip", "route", "del", "198.51.100.0/24"], { netns: a });
          await waitFor(
            async () => (await states()).length >= 4 || undefined,
            5_000,
            async () => `no bounce: ${await states()}\n${await vk?.log()}`,
          );
          assertEquals(await states(), ["BACKUP", "MASTER", "BACKUP", "MASTER"]);
          assertOk(await route("198.51.100.0/24"), "the tracked route is back");
          // The untracked one comes back with any transition to MASTER, this one too.
          assertOk(await route("203.0.113.0/24"), "the untracked one is back with the transition");
          const log = await vk.log();
          assertOk(
            log.includes(
              "virtual_routes line '198.51.100.0/24 via 192.0.2.254' was deleted from outside",
            ),
            log,
          );
        } finally {
          await vk?.stop();
        }
      }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
