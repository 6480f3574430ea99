/**
 * explain against a real run: vipkeeper runs a sync group in a namespace with notify hooks that
 * log their argv, goes through start-up, becomes MASTER and is stopped; the hooks that ran, in
 * order, with their argv, must be exactly what `vipkeeper explain` lists for those transitions.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { bufferIo } from "../../lib/cli/io.ts";
import { explainCommand } from "../../lib/cli/explain.ts";
import { NETNS_IGNORE, withNetnsPair } from "./_netns.ts";
import { hookScript, readHooks, runVipkeeper, waitFor } from "../explain/_run_vipkeeper.ts";

interface JsonAction {
  type: string;
  to?: string;
  hooks?: { argv: string[] }[];
}
interface JsonTransition {
  name: string;
  steps: { actions: JsonAction[] }[];
}

function explainedHooks(json: string, transitions: string[]): string[][] {
  const subject = JSON.parse(json).subjects[0] as { transitions: JsonTransition[] };
  return transitions.flatMap((name) => {
    const t = subject.transitions.find((x) => x.name === name);
    if (t === undefined) throw new Error(`explain has no '${name}' transition`);
    return t.steps.flatMap((s) => s.actions.flatMap((a) => (a.hooks ?? []).map((h) => h.argv)));
  });
}

Deno.test({
  name: "explain's hooks for start-up, MASTER and stop are the hooks a netns run executed",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vk-explain-run-" });
    try {
      await withNetnsPair(async ({ a, ifA }) => {
        const h: Record<string, string> = {};
        for (const n of ["m1", "b1", "s1", "n", "m2", "f2", "gm", "gb", "gs", "gn"]) {
          h[n] = await hookScript(dir, `${n}.sh`);
        }
        const conf = `global_defs {
    script_user root
}
vrrp_instance VI_1 {
    interface ${ifA}
    virtual_router_id 61
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.61/24
    }
    notify_master "${h.m1} 'two words' x"
    notify_backup ${h.b1}
    notify_stop ${h.s1}
    notify "${h.n} extra"
}
vrrp_instance VI_2 {
    interface ${ifA}
    virtual_router_id 62
    priority 120
    advert_int 1
    virtual_ipaddress {
        192.0.2.62/24
    }
    notify_master ${h.m2}
    notify_fault ${h.f2}
    notify ${h.n}
}
vrrp_sync_group G {
    group {
        VI_1
        VI_2
    }
    notify_master ${h.gm}
    notify_backup ${h.gb}
    notify_stop ${h.gs}
    notify ${h.gn}
}
`;
        const vk = await runVipkeeper(a, dir, conf);
        try {
          await waitFor(
            async () =>
              (await readHooks(dir)).some((l) => l.join(" ").includes("GROUP G MASTER")) ||
              undefined,
            15_000,
            async () => `no GROUP G MASTER hook; log:\n${await vk.log()}`,
          );
        } finally {
          await vk.stop();
        }
        const ran = await readHooks(dir);
        const io = bufferIo();
        assertEquals(await explainCommand([`${dir}/vipkeeper.conf`, "--format", "json"], io), 0);
        const expected = explainedHooks(io.stdout(), ["start-up", "to MASTER", "stop"]);
        assertOk(expected.length >= 12, `explain lists the hooks (${expected.length})`);
        assertEquals(ran, expected, `vipkeeper log:\n${await vk.log()}`);
      }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
