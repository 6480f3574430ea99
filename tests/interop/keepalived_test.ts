/**
 * vipkeeper against keepalived 2.2.7 on one link: election, failover and preemption, both ways,
 * for VRRPv2 and VRRPv3, IPv4 and IPv6, multicast and unicast. Each side runs in its own network
 * namespace; transitions are read from the generic notify script both sides run.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { ipJson, NETNS_IGNORE, withNetnsPair } from "../netns/_netns.ts";
import { type PeerInstance, readNotifyLog, startKeepalived } from "./_peers.ts";
import { startVipkeeper, waitForState } from "./_vipkeeper.ts";

const HAVE_KEEPALIVED = (() => {
  try {
    return Deno.statSync("/usr/sbin/keepalived").isFile;
  } catch {
    return false;
  }
})();
if (!HAVE_KEEPALIVED) {
  console.error("\n*** SKIPPED: keepalived is not installed (tools/setup.sh) ***\n");
}

interface Combo {
  version: 2 | 3;
  family: "inet" | "inet6";
  unicast: boolean;
  /** Both sides run the instance on a VMAC (`use_vmac`): the VIP sits on `vrrp.42`. */
  vmac?: boolean;
}

const COMBOS: Combo[] = [
  { version: 2, family: "inet", unicast: false },
  { version: 2, family: "inet", unicast: true },
  { version: 3, family: "inet", unicast: false },
  { version: 3, family: "inet", unicast: true },
  { version: 3, family: "inet6", unicast: false },
  { version: 3, family: "inet6", unicast: true },
  { version: 3, family: "inet", unicast: false, vmac: true },
  { version: 3, family: "inet6", unicast: false, vmac: true },
];

const ADDR = {
  inet: { a: "192.0.2.1", b: "192.0.2.2", vip: "192.0.2.100", len: 24 },
  inet6: { a: "2001:db8::1", b: "2001:db8::2", vip: "2001:db8::100", len: 64 },
};

async function hasAddress(netns: string, dev: string, address: string): Promise<boolean> {
  // Every link, then the one named: a VMAC may not exist (any more).
  const links = await ipJson(netns, ["addr", "show"]) as {
    ifname: string;
    addr_info: { local: string }[];
  }[];
  return links.some((l) => l.ifname === dev && l.addr_info.some((a) => a.local === address));
}

function label(c: Combo): string {
  return `VRRPv${c.version} ${c.family === "inet" ? "IPv4" : "IPv6"} ${
    c.unicast ? "unicast" : "multicast"
  }${c.vmac ? " use_vmac" : ""}`;
}

for (const combo of COMBOS) {
  Deno.test({
    name: `interop keepalived ${label(combo)}: election, failover and preemption both ways`,
    ignore: NETNS_IGNORE || !HAVE_KEEPALIVED,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: () => scenario(combo),
  });
}

async function scenario(c: Combo): Promise<void> {
  const a = ADDR[c.family];
  await withNetnsPair(async (pair) => {
    const advertInt = c.version === 2 ? 1 : 0.5;
    const masterDown = 3 * advertInt + (c.version === 2 ? 1 : advertInt);
    const inst = (iface: string, priority: number, self: string, peer: string): PeerInstance => ({
      interface: iface,
      vrid: 42,
      priority,
      version: c.version,
      advertInt,
      vips: [`${a.vip}/${a.len}`],
      ...(c.unicast ? { unicast: { src: self, peers: [peer] } } : {}),
      ...(c.vmac ? { useVmac: true } : {}),
    });
    // With use_vmac the VIP lives on the VMAC, which exists only while the daemon runs.
    const vipA = c.vmac ? "vrrp.42" : pair.ifA;
    const vipB = c.vmac ? "vrrp.42" : pair.ifB;
    const vkDir = await Deno.makeTempDir({ prefix: "vk-interop-" });
    const kaDir = await Deno.makeTempDir({ prefix: "ka-interop-" });
    const vkInst = (p: number) => [inst(pair.ifA, p, a.a, a.b)];
    const kaInst = [inst(pair.ifB, 100, a.b, a.a)];
    const peers: { stop(): Promise<void> }[] = [];
    try {
      // 1. Election: vipkeeper (150) wins over keepalived (100).
      let ka = await startKeepalived(pair.b, kaDir, kaInst);
      let vk = await startVipkeeper(pair.a, vkDir, vkInst(150));
      peers.push(ka, vk);
      await waitForState(vkDir, "MASTER", 15_000, "vipkeeper (150) elected");
      await waitForState(kaDir, "BACKUP", 5_000, "keepalived (100) backs off");
      assertOk(await hasAddress(pair.a, vipA, a.vip), "the VIP is on vipkeeper's side");
      assertOk(!await hasAddress(pair.b, vipB, a.vip), "and not on keepalived's");

      // 2. Failover vipkeeper → keepalived: kill -9 the master.
      const crashAt = Date.now() / 1000;
      await vk.crash();
      const kaMaster = await waitForState(kaDir, "MASTER", 10_000, "keepalived takes over");
      assertOk(kaMaster - crashAt < masterDown + 1, `takeover in ${kaMaster - crashAt} s`);

      // 3. Preemption by vipkeeper: it comes back with the higher priority.
      vk = await startVipkeeper(pair.a, vkDir, vkInst(150));
      peers.push(vk);
      await waitForState(vkDir, "MASTER", 15_000, "vipkeeper preempts");
      await waitForState(kaDir, "BACKUP", 5_000, "keepalived yields");

      // 4. Graceful hand-off: SIGTERM sends priority 0, keepalived takes over after Skew_Time.
      const stopAt = Date.now() / 1000;
      await vk.stop();
      const handoff = await waitForState(kaDir, "MASTER", 5_000, "keepalived after SIGTERM");
      assertOk(handoff - stopAt < advertInt + 1, `hand-off in ${handoff - stopAt} s`);
      const vkLines = await readNotifyLog(`${vkDir}/notify.log`);
      assertEquals(vkLines.at(-1)?.args.slice(0, 3), ["INSTANCE", "KA_1", "STOP"]);
      assertOk(!await hasAddress(pair.a, vipA, a.vip), "vipkeeper released the VIP");

      // 5. The other way: vipkeeper (50) joins as backup and stays backup.
      vk = await startVipkeeper(pair.a, vkDir, vkInst(50));
      peers.push(vk);
      await waitForState(vkDir, "BACKUP", 10_000, "vipkeeper (50) joins as backup");
      await new Promise((r) => setTimeout(r, (masterDown + 1) * 1000));
      assertEquals((await readNotifyLog(`${vkDir}/notify.log`)).at(-1)?.args[2], "BACKUP");

      // 6. Failover keepalived → vipkeeper.
      const kaCrash = Date.now() / 1000;
      await ka.crash();
      const vkMaster = await waitForState(vkDir, "MASTER", 10_000, "vipkeeper takes over");
      assertOk(vkMaster - kaCrash < masterDown + 1, `takeover in ${vkMaster - kaCrash} s`);
      assertOk(await hasAddress(pair.a, vipA, a.vip), "vipkeeper holds the VIP");

      // 7. Preemption by keepalived (100 > 50).
      ka = await startKeepalived(pair.b, kaDir, kaInst);
      peers.push(ka);
      await waitForState(kaDir, "MASTER", 15_000, "keepalived preempts");
      await waitForState(vkDir, "BACKUP", 5_000, "vipkeeper yields");
      assertOk(!await hasAddress(pair.a, vipA, a.vip), "vipkeeper dropped the VIP");
    } catch (e) {
      const logs = await Promise.all(
        [`${vkDir}/vipkeeper.log`, `${kaDir}/keepalived.log`].map((f) =>
          Deno.readTextFile(f).catch(() => "")
        ),
      );
      console.error(`--- vipkeeper log ---\n${logs[0]}\n--- keepalived log ---\n${logs[1]}`);
      throw e;
    } finally {
      for (const p of peers.reverse()) await p.stop().catch(() => undefined);
      await Deno.remove(vkDir, { recursive: true }).catch(() => undefined);
      await Deno.remove(kaDir, { recursive: true }).catch(() => undefined);
    }
  }, { a: [`${a.a}/${a.len}`], b: [`${a.b}/${a.len}`] });
}
