/**
 * Tracker weights on the wire: vipkeeper runs one instance (base priority 100) in a namespace
 * with real check scripts, a tracked interface and a track file; the priority byte of its adverts
 * is read by tshark in the neighbour namespace while the scripts fail one by one and recover.
 * The values are spec §3.2's worked example (keepalived 2.2.7 observed): 92 → 72 → 112 → 102 →
 * 132 → 92.
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

if (!HAVE_TSHARK) console.error("\n*** SKIPPED: tshark is not installed (tools/setup.sh) ***\n");

Deno.test({
  name: "tracker weights reach the advert priority as in spec §3.2 (92, 72, 112, 102, 132, 92)",
  ignore: NETNS_IGNORE || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vk-track-weights-" });
    try {
      await withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const s: Record<string, string> = {};
        for (const n of ["up30r", "up10", "dn20", "dn40r"]) s[n] = await checkScript(dir, n);
        await Deno.writeTextFile(`${dir}/five`, "1\n");
        const script = (name: string, weight: string) =>
          `vrrp_script ${name} {\n    script ${s[name]}\n    interval 1\n    weight ${weight}\n}\n`;
        const conf = `global_defs {
    script_user root
}
${script("up30r", "30 reverse")}${script("up10", "10")}${script("dn20", "-20")}${
          script("dn40r", "-40 reverse")
        }track_file five {
    file ${dir}/five
    weight 5
}
vrrp_instance VI_1 {
    interface ${ifA}
    virtual_router_id 71
    priority 100
    version 3
    advert_int 0.2
    track_interface {
        lo weight 7
    }
    track_script {
        up30r
        up10
        dn20
        dn40r
    }
    track_file {
        five
    }
    virtual_ipaddress {
        192.0.2.71/24
    }
}
`;
        const cap = await captureAdverts(b, ifB);
        const vk = await runVipkeeper(a, dir, conf);
        const last = () => cap.seen().filter((x) => x.vrid === 71).at(-1)?.priority;
        const reach = (p: number) =>
          waitFor(
            () => last() === p ? true : undefined,
            10_000,
            async () => `advert priority ${last()} is not ${p}; vipkeeper log:\n${await vk.log()}`,
          );
        let from = 0;
        try {
          // 100 + 7 (lo up) - 30 (up30r ok, reverse) + 10 (up10 ok) + 5 (file value 1 × 5) = 92
          await reach(92);
          from = cap.seen().length - 1;
          await setExit(s.dn20!, 1);
          await reach(72);
          await setExit(s.dn40r!, 1);
          await reach(112);
          await setExit(s.up10!, 1);
          await reach(102);
          await setExit(s.up30r!, 1);
          await reach(132);
          for (const n of ["dn20", "dn40r", "up10", "up30r"]) await setExit(s[n]!, 0);
          await reach(92);
        } finally {
          await vk.stop();
          await cap.stop();
        }
        const seq = priorityChanges(cap.seen().slice(from), 71);
        // Recovery of four scripts may pass through intermediate values; the failures may not.
        assertEquals(seq.slice(0, 5), [92, 72, 112, 102, 132]);
        assertEquals(seq.at(-1), 92);
      }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
