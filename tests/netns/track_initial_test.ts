/**
 * Script weights around start-up and `fall`, on the wire, against keepalived 2.2.7: both run the
 * same configuration alone on a link (one after the other), tshark in the neighbour namespace
 * reads their advert priorities. Before a weighted script's first result it counts nothing; the
 * first result counts at once whatever `rise`/`fall` say (spec §3.4); later, `fall` consecutive
 * failures are needed. vipkeeper's sequence of priorities must be keepalived's.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { NETNS_IGNORE, withNetnsPair } from "./_netns.ts";
import {
  captureAdverts,
  checkScript,
  HAVE_TSHARK,
  priorityChanges,
  runVipkeeper,
  type Seen,
  setExit,
  waitFor,
} from "../explain/_run_vipkeeper.ts";
import { HAVE_KEEPALIVED, runKeepalived } from "../explain/_run_keepalived.ts";

if (!HAVE_KEEPALIVED || !HAVE_TSHARK) {
  console.error("\n*** SKIPPED: keepalived or tshark is not installed (tools/setup.sh) ***\n");
}

/** A check script whose first run takes 2 s, then exits with `code`. */
async function slow(dir: string, name: string, code: number): Promise<string> {
  const p = `${dir}/${name}`;
  await Deno.writeTextFile(p, `#!/bin/sh\nsleep 2\nexit ${code}\n`);
  await Deno.chmod(p, 0o755);
  return p;
}

async function conf(dir: string, iface: string, fall2: string): Promise<string> {
  const script = async (name: string, code: number, lines: string) =>
    `vrrp_script ${name} {\n    script ${await slow(
      dir,
      name,
      code,
    )}\n    interval 30\n${lines}}\n`;
  return `global_defs {
    script_user root
    enable_script_security
}
${await script("up10", 0, "    weight 10\n")}${await script(
    "dn5f",
    1,
    "    weight -5\n",
  )}${await script(
    "dn7rf",
    1,
    "    weight -7\n    rise 3\n    fall 3\n",
  )}${await script("up9rf", 0, "    weight 9\n    rise 3\n    fall 3\n")}vrrp_script fl2 {
    script ${fall2}
    interval 1
    weight -4
    fall 2
    rise 2
}
vrrp_instance VI_1 {
    state BACKUP
    interface ${iface}
    virtual_router_id 33
    priority 100
    version 3
    advert_int 0.5
    track_script {
        up10
        dn5f
        dn7rf
        up9rf
        fl2
    }
    virtual_ipaddress {
        192.0.2.33/24
    }
}
`;
}

interface Observed {
  /** Distinct consecutive priorities (priority 0 at shutdown left out). */
  priorities: number[];
  /** Seconds from `fl2` starting to fail to the first advert carrying its -4. */
  fallDelay: number;
}

async function observe(who: "keepalived" | "vipkeeper"): Promise<Observed> {
  const dir = await Deno.makeTempDir({ prefix: `vk-track-initial-${who}-` });
  try {
    return await withNetnsPair(async ({ a, b, ifA, ifB }) => {
      const fl2 = await checkScript(dir, "fl2");
      const text = await conf(dir, ifA, fl2);
      const cap = await captureAdverts(b, ifB);
      const run = who === "vipkeeper"
        ? await runVipkeeper(a, dir, text)
        : await runKeepalived(a, dir, text);
      const stop = () => run.stop();
      const last = () => cap.seen().at(-1)?.priority;
      let failedAt = 0;
      let seen: Seen[] = [];
      try {
        // 100 + 10 - 5 - 7 + 9 once the slow scripts have reported (fl2 ok: 0).
        await waitFor(() => last() === 107 ? true : undefined, 15_000, () => `${who}: ${last()}`);
        await new Promise((r) => setTimeout(r, 1000));
        failedAt = Date.now() / 1000;
        await setExit(fl2, 1);
        await waitFor(() => last() === 103 ? true : undefined, 10_000, () => `${who}: ${last()}`);
      } finally {
        await stop();
        seen = cap.seen();
        await cap.stop();
      }
      const priorities = priorityChanges(seen);
      const first103 = seen.find((x) => x.priority === 103)?.time ?? 0;
      return { priorities, fallDelay: first103 - failedAt };
    }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "script weights before the first result, at it, and with fall 2 match keepalived 2.2.7 on the wire",
  ignore: NETNS_IGNORE || !HAVE_KEEPALIVED || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const ka = await observe("keepalived");
    const vk = await observe("vipkeeper");
    assertEquals(ka.priorities, [100, 107, 103], "keepalived, as spec §3.4 says");
    assertEquals(vk.priorities, ka.priorities);
    // fall 2 with interval 1: the second consecutive failure, 1-2 s after the change.
    for (const [who, o] of [["keepalived", ka], ["vipkeeper", vk]] as const) {
      assertOk(o.fallDelay > 0.9 && o.fallDelay < 3, `${who}: fall took ${o.fallDelay} s`);
    }
  },
});
