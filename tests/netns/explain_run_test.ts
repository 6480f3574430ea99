/**
 * explain against a real run: vipkeeper runs a sync group in a namespace with notify hooks that
 * log their argv and goes through start-up, MASTER (and, in the second test, a fault of a tracked
 * link, its recovery and MASTER again) and stop; the hooks that ran, in order, with their argv,
 * must be exactly what `vipkeeper explain` lists for those transitions.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { bufferIo } from "../../lib/cli/io.ts";
import { explainCommand } from "../../lib/cli/explain.ts";
import { must, NETNS_IGNORE, uniqueName, withNetnsPair } from "./_netns.ts";
import { hookScript, readHooks, runVipkeeper, waitFor } from "../explain/_run_vipkeeper.ts";

interface JsonAction {
  type: string;
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

async function conf(dir: string, iface: string, tracked?: string): Promise<string> {
  const h: Record<string, string> = {};
  for (const n of ["m1", "b1", "f1", "s1", "n", "m2", "f2", "gm", "gb", "gf", "gs", "gn"]) {
    h[n] = await hookScript(dir, `${n}.sh`);
  }
  const track = tracked ? `    track_interface {\n        ${tracked}\n    }\n` : "";
  return `global_defs {
    script_user root
}
vrrp_instance VI_1 {
    interface ${iface}
    virtual_router_id 61
    priority 100
    advert_int 1
${track}    virtual_ipaddress {
        192.0.2.61/24
    }
    notify_master "${h.m1} 'two words' x"
    notify_backup ${h.b1}
    notify_fault ${h.f1}
    notify_stop ${h.s1}
    notify "${h.n} extra"
}
vrrp_instance VI_2 {
    interface ${iface}
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
    notify_fault ${h.gf}
    notify_stop ${h.gs}
    notify ${h.gn}
}
`;
}

async function runAndCompare(withFault: boolean): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "vk-explain-run-" });
  try {
    await withNetnsPair(async ({ a, ifA }) => {
      let tracked: string | undefined;
      if (withFault) {
        tracked = uniqueName("t");
        const peer = uniqueName("u");
        await must(["ip", "link", "add", tracked, "type", "veth", "peer", "name", peer], {
          netns: a,
        });
        await must(["ip", "link", "set", peer, "up"], { netns: a });
        await must(["ip", "link", "set", tracked, "up"], { netns: a });
      }
      const vk = await runVipkeeper(a, dir, await conf(dir, ifA, tracked));
      const until = (text: string, n: number) =>
        waitFor(
          async () =>
            (await readHooks(dir)).filter((l) => l.join(" ").includes(text)).length >= n
              ? true
              : undefined,
          15_000,
          async () => `no ${n}× ${text}; log:\n${await vk.log()}`,
        );
      try {
        await until("GROUP G MASTER", 1);
        if (tracked !== undefined) {
          await must(["ip", "link", "set", tracked, "down"], { netns: a });
          await until("GROUP G FAULT", 1);
          await must(["ip", "link", "set", tracked, "up"], { netns: a });
          await until("GROUP G MASTER", 2);
        }
      } finally {
        await vk.stop();
      }
      const ran = await readHooks(dir);
      const io = bufferIo();
      assertEquals(await explainCommand([`${dir}/vipkeeper.conf`, "--format", "json"], io), 0);
      const transitions = withFault
        ? ["start-up", "to MASTER", "to FAULT", "fault clears", "stop"]
        : ["start-up", "to MASTER", "stop"];
      const expected = explainedHooks(io.stdout(), transitions);
      assertOk(expected.length >= 12, `explain lists the hooks (${expected.length})`);
      assertEquals(ran, expected, `vipkeeper log:\n${await vk.log()}`);
    }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "explain's hooks for start-up, MASTER and stop are the hooks a netns run executed",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () => runAndCompare(false),
});

Deno.test({
  name: "explain's hooks through a tracked link's fault and recovery are the hooks a run executed",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () => runAndCompare(true),
});
