/**
 * SIGHUP reload of a running vipkeeper (docs/agent.md): a good configuration is taken without
 * a state change (a master stays master, only the new VIP is added); a configuration with errors
 * is refused and the running instance keeps its state and its VIPs; an instance removed by a
 * reload releases its VIPs and notifies.
 */

import { assertEquals, assertOk } from "../assert.ts";
import {
  keepalivedConf,
  type PeerInstance,
  readNotifyLog,
  writeNotifyScript,
} from "../interop/_peers.ts";
import { waitForState } from "../interop/_vipkeeper.ts";
import { addLocalLink, ipJson, must, NETNS_IGNORE, withNetns } from "./_netns.ts";
import { signal, spawnVipkeeper, waitOrKill } from "./_process.ts";

async function addresses(netns: string, dev: string): Promise<string[]> {
  const links = await ipJson(netns, ["addr", "show", "dev", dev]) as {
    addr_info: { local: string; family: string }[];
  }[];
  return links.flatMap((l) =>
    l.addr_info.filter((a) => a.family === "inet" && a.local !== "192.0.2.1").map((a) => a.local)
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, ms: number, test: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`not ${what} after ${ms} ms`);
    await sleep(50);
  }
}

Deno.test({
  name: "SIGHUP: a good configuration is taken without a state change, a bad one is refused",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withNetns(async (ns) => {
      const link = await addLocalLink(ns);
      await must(["ip", "addr", "add", "192.0.2.1/24", "dev", link.name], { netns: ns });
      const dir = await Deno.makeTempDir({ prefix: "vk-reload-" });
      const conf = `${dir}/vipkeeper.conf`;
      const inst = (vrid: number, vips: string[]): PeerInstance => ({
        interface: link.name,
        vrid,
        priority: 150,
        version: 3,
        advertInt: 0.2,
        vips,
      });
      await writeNotifyScript(dir);
      await Deno.writeTextFile(conf, keepalivedConf(dir, [inst(51, ["192.0.2.100/24"])]));
      const { child, pumped } = await spawnVipkeeper(ns, conf, `${dir}/vipkeeper.log`);
      try {
        await waitForState(dir, "MASTER", 10_000, "vipkeeper becomes master");
        assertEquals(await addresses(ns, link.name), ["192.0.2.100"]);

        // 1. A good configuration with one more VIP: still MASTER, no notify, the VIP added.
        const notifies = (await readNotifyLog(`${dir}/notify.log`)).length;
        await Deno.writeTextFile(
          conf,
          keepalivedConf(dir, [inst(51, ["192.0.2.100/24", "192.0.2.101/24"])]),
        );
        signal(child.pid, "SIGHUP");
        await waitFor("the new VIP added", 5_000, async () =>
          (await addresses(ns, link.name)).includes("192.0.2.101"));
        assertEquals((await readNotifyLog(`${dir}/notify.log`)).length, notifies, "no notify");

        // 2. A configuration with errors: refused, nothing changes.
        await Deno.writeTextFile(conf, "vrrp_instance VI_1 {\n    priority 900\n");
        signal(child.pid, "SIGHUP");
        await sleep(1_000);
        assertEquals((await addresses(ns, link.name)).sort(), ["192.0.2.100", "192.0.2.101"]);
        assertEquals((await readNotifyLog(`${dir}/notify.log`)).length, notifies, "no notify");
        const log = await Deno.readTextFile(`${dir}/vipkeeper.log`);
        assertOk(log.includes("the running configuration is kept"), log);

        // 3. The instance replaced by another VRID: the old one releases its VIPs and notifies.
        await Deno.writeTextFile(conf, keepalivedConf(dir, [inst(52, ["192.0.2.200/24"])]));
        signal(child.pid, "SIGHUP");
        await waitFor("the old VIPs released", 5_000, async () => {
          const now = await addresses(ns, link.name);
          return !now.includes("192.0.2.100") && !now.includes("192.0.2.101");
        });
        const since = async () =>
          (await readNotifyLog(`${dir}/notify.log`)).slice(notifies);
        await waitFor("the new instance master", 10_000, async () =>
          (await since()).some((l) =>
            l.args[2] === "MASTER"
          ));
        const lines = await since();
        // The removed instance notifies FAULT (keepalived's DELETED-without-notify_deleted
        // rule), then the new one starts.
        assertEquals(
          lines.map((l) =>
            l.args.slice(0, 3).join(" ")
          ),
          [
            "INSTANCE KA_1 FAULT",
            "INSTANCE KA_1 BACKUP",
            "INSTANCE KA_1 MASTER",
          ],
        );
        assertEquals(await addresses(ns, link.name), ["192.0.2.200"]);
      } finally {
        signal(child.pid, "SIGTERM");
        await waitOrKill(child, 5_000);
        await pumped;
        await Deno.remove(dir, { recursive: true }).catch(() => undefined);
      }
    }),
});
