/**
 * Sync-group tracking on the wire, against keepalived 2.2.7 (spec §3.5): a weighted script
 * tracked by the group itself moves every member's advert priority by its weight, while the same
 * kind of script tracked by a member (without `sync_group_tracking_weight`) is dropped. Both run
 * the same configuration alone on a link, one after the other; tshark reads the priorities.
 */

import { assertEquals } from "../assert.ts";
import { NETNS_IGNORE, withNetnsPair } from "./_netns.ts";
import {
  captureAdverts,
  checkScript,
  HAVE_TSHARK,
  priorityChanges,
  runVipkeeper,
  setExit,
  waitFor,
} from "../explain/_run_vipkeeper.ts";
import { HAVE_KEEPALIVED, runKeepalived } from "../explain/_run_keepalived.ts";

if (!HAVE_KEEPALIVED || !HAVE_TSHARK) {
  console.error("\n*** SKIPPED: keepalived or tshark is not installed (tools/setup.sh) ***\n");
}

function conf(iface: string, group: string, member: string): string {
  const instance = (name: string, vrid: number, track: string) =>
    `vrrp_instance ${name} {
    state BACKUP
    interface ${iface}
    virtual_router_id ${vrid}
    priority 100
    version 3
    advert_int 0.5
${track}    virtual_ipaddress {
        192.0.2.${vrid}/24
    }
}
`;
  return `global_defs {
    script_user root
    enable_script_security
}
vrrp_script grp {
    script ${group}
    interval 1
    weight -30
}
vrrp_script mem {
    script ${member}
    interval 1
    weight -20
}
${instance("VI_1", 41, "    track_script {\n        mem\n    }\n")}${instance("VI_2", 42, "")}
vrrp_sync_group G {
    group {
        VI_1
        VI_2
    }
    track_script {
        grp
    }
}
`;
}

/** Per VRID, the distinct consecutive advert priorities (0 at shutdown left out). */
async function observe(who: "keepalived" | "vipkeeper"): Promise<Record<number, number[]>> {
  const dir = await Deno.makeTempDir({ prefix: `vk-track-group-${who}-` });
  try {
    return await withNetnsPair(async ({ a, b, ifA, ifB }) => {
      const grp = await checkScript(dir, "grp");
      const mem = await checkScript(dir, "mem");
      const text = conf(ifA, grp, mem);
      const cap = await captureAdverts(b, ifB);
      const run = who === "vipkeeper"
        ? await runVipkeeper(a, dir, text)
        : await runKeepalived(a, dir, text);
      const stop = () => run.stop();
      const last = (vrid: number) => cap.seen().filter((x) => x.vrid === vrid).at(-1)?.priority;
      const both = (p: number) =>
        waitFor(
          () => last(41) === p && last(42) === p ? true : undefined,
          15_000,
          () => `${who}: VI_1 ${last(41)}, VI_2 ${last(42)}, want ${p}`,
        );
      try {
        await both(100);
        await setExit(mem, 1); // dropped: no effect expected
        await new Promise((r) => setTimeout(r, 2500));
        await setExit(grp, 1);
        await both(70);
        await setExit(grp, 0);
        await both(100);
      } finally {
        await stop();
        await cap.stop();
      }
      const out: Record<number, number[]> = {};
      for (const x of cap.seen()) out[x.vrid] ??= priorityChanges(cap.seen(), x.vrid);
      return out;
    }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "a group's weighted script moves every member's advert priority, a member's is dropped, as in keepalived",
  ignore: NETNS_IGNORE || !HAVE_KEEPALIVED || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const ka = await observe("keepalived");
    assertEquals(ka, { 41: [100, 70, 100], 42: [100, 70, 100] }, "keepalived as spec §3.5 says");
    assertEquals(await observe("vipkeeper"), ka);
  },
});
