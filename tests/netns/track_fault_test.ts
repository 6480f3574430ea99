/**
 * Weight-0 trackers on a real run: a failing `vrrp_script` with weight 0, and a tracked interface
 * set down, put vipkeeper's MASTER in FAULT (two priority-0 adverts on the wire, then silence);
 * when they recover it goes BACKUP, and MASTER again after the master-down interval (spec §3.2,
 * §4.4). States come from the generic notify hook, adverts from tshark in the neighbour namespace.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { addLocalLink, type LocalLink, NETNS_IGNORE, withNetnsPair } from "./_netns.ts";
import {
  captureAdverts,
  checkScript,
  HAVE_TSHARK,
  hookScript,
  readHooks,
  runVipkeeper,
  setExit,
  waitFor,
} from "../explain/_run_vipkeeper.ts";

if (!HAVE_TSHARK) console.error("\n*** SKIPPED: tshark is not installed (tools/setup.sh) ***\n");

interface Fault {
  /** Extra configuration before the instance, and lines inside it. */
  conf(dir: string, netns: string): Promise<{ top: string; inside: string }>;
  fail(): Promise<void>;
  recover(): Promise<void>;
}

async function faultAndBack(label: string, fault: Fault): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "vk-track-fault-" });
  try {
    await withNetnsPair(async ({ a, b, ifA, ifB }) => {
      const notify = await hookScript(dir, "notify.sh");
      const { top, inside } = await fault.conf(dir, a);
      const conf = `global_defs {
    script_user root
}
${top}vrrp_instance VI_1 {
    interface ${ifA}
    virtual_router_id 81
    priority 100
    version 3
    advert_int 0.2
${inside}    virtual_ipaddress {
        192.0.2.81/24
    }
    notify ${notify}
}
`;
      const cap = await captureAdverts(b, ifB);
      const vk = await runVipkeeper(a, dir, conf);
      const states = async () => (await readHooks(dir)).map((l) => l.at(-2) ?? "");
      const reach = (n: number, state: string) =>
        waitFor(
          async () => {
            const s = await states();
            return s.length >= n && s[n - 1] === state ? true : undefined;
          },
          15_000,
          async () => `${label}: hook ${n} is not ${state}: ${await states()}\n${await vk.log()}`,
        );
      const adverts = () => cap.seen().filter((x) => x.vrid === 81);
      // Slices by capture time (kernel timestamps), not by how many lines tshark has printed so
      // far: libpcap may hand over the last frames before a quiet spell only after its timeout.
      let atFault = 0;
      let atRecover = 0;
      let atStop = Infinity;
      try {
        await reach(2, "MASTER");
        atFault = Date.now() / 1000;
        await fault.fail();
        await reach(3, "FAULT");
        await new Promise((r) => setTimeout(r, 1000)); // a FAULT instance stays silent
        atRecover = Date.now() / 1000;
        await fault.recover();
        await reach(4, "BACKUP");
        await reach(5, "MASTER");
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        atStop = Date.now() / 1000; // vipkeeper's priority-0 advert at shutdown is not "after"
        await vk.stop();
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
      const inFault = adverts().filter((x) => x.time >= atFault && x.time < atRecover)
        .map((x) => x.priority);
      // Adverts sent before the failure was noticed carry 100; then two priority-0 adverts; then
      // nothing for a second.
      const zeros = inFault.filter((p) => p === 0).length;
      assertEquals(zeros, 2, `${label}: priority-0 adverts at FAULT: ${inFault}`);
      assertEquals(inFault.slice(inFault.indexOf(0)), [0, 0], `${label}: silent in FAULT`);
      const after = adverts().filter((x) => x.time >= atRecover && x.time < atStop)
        .map((x) => x.priority);
      assertOk(after.length > 0 && after.every((p) => p === 100), `${label}: ${after}`);
    }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "a weight-0 vrrp_script failing takes MASTER to FAULT, recovering to BACKUP then MASTER",
  ignore: NETNS_IGNORE || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let chk = "";
    await faultAndBack("script", {
      async conf(dir) {
        chk = await checkScript(dir, "chk");
        return {
          top: `vrrp_script chk {\n    script ${chk}\n    interval 1\n}\n`,
          inside: "    track_script {\n        chk\n    }\n",
        };
      },
      fail: () => setExit(chk, 1),
      recover: () => setExit(chk, 0),
    });
  },
});

Deno.test({
  name: "a tracked interface set down takes MASTER to FAULT, up again to BACKUP then MASTER",
  ignore: NETNS_IGNORE || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let link: LocalLink | undefined;
    await faultAndBack("interface", {
      async conf(_dir, netns) {
        link = await addLocalLink(netns);
        return { top: "", inside: `    track_interface {\n        ${link.name}\n    }\n` };
      },
      fail: () => link!.set(false),
      recover: () => link!.set(true),
    });
  },
});
