/**
 * vipkeeper against FRR 8.4's vrrpd on one link, VRRPv3: election both ways, kill -9 failover
 * both ways, preemption both ways. vipkeeper runs in one namespace, FRR's zebra and vrrpd in the
 * other, with the macvlan vrrpd wants (virtual MAC, VIPs on it). vipkeeper's transitions come from
 * its generic notify script, FRR's state from `vtysh -c 'show vrrp json'`.
 *
 * FRR 8.4 computes the VRRPv3 IPv4 checksum over the pseudo-header (RFC 5798 §5.2.8), as
 * keepalived does by default (checked on a captured advert: 0x05d4 with the pseudo-header, 0xa865
 * without), so no `v3_checksum_as_v2` handling is needed: FRR counts vipkeeper's adverts as
 * received (step 1), and vipkeeper stays backup under a higher FRR (step 4).
 */

import { assertEquals, assertOk } from "../assert.ts";
import { ipJson, must, NETNS_IGNORE, run, withNetnsPair } from "../netns/_netns.ts";
import { frrMacvlanCommands, type Peer, type PeerInstance, startFrr } from "./_peers.ts";
import { startVipkeeper, waitForState } from "./_vipkeeper.ts";

const HAVE_FRR = (() => {
  try {
    return Deno.statSync("/usr/lib/frr/vrrpd").isFile && Deno.statSync("/usr/bin/vtysh").isFile;
  } catch {
    return false;
  }
})();
if (!HAVE_FRR) console.error("\n*** SKIPPED: FRR (vrrpd, vtysh) is not installed ***\n");

const VRID = 42;
const ADVERT_INT = 0.5;

interface Family {
  name: "IPv4" | "IPv6";
  a: string;
  b: string;
  vip: string;
  len: number;
}

const FAMILIES: Family[] = [
  { name: "IPv4", a: "192.0.2.1", b: "192.0.2.2", vip: "192.0.2.100", len: 24 },
  { name: "IPv6", a: "2001:db8::1", b: "2001:db8::2", vip: "2001:db8::100", len: 64 },
];

/** FRR's state word for the family ("Master", "Backup", "Initialize"), or undefined. */
async function frrState(netns: string, dir: string, v6: boolean): Promise<string | undefined> {
  const r = await run(["vtysh", "--vty_socket", dir, "-c", "show vrrp json"], { netns });
  if (r.code !== 0) return undefined;
  try {
    const list = JSON.parse(r.stdout) as { vrid: number; v4?: Fam; v6?: Fam }[];
    const vr = list.find((x) => x.vrid === VRID);
    return (v6 ? vr?.v6 : vr?.v4)?.status;
  } catch {
    return undefined;
  }
}
type Fam = { status: string; stats?: { adverRx: number } };

async function frrStats(netns: string, dir: string, v6: boolean): Promise<Fam | undefined> {
  const r = await run(["vtysh", "--vty_socket", dir, "-c", "show vrrp json"], { netns });
  const list = JSON.parse(r.stdout) as { vrid: number; v4?: Fam; v6?: Fam }[];
  const vr = list.find((x) => x.vrid === VRID);
  return v6 ? vr?.v6 : vr?.v4;
}

/** Poll FRR until it reports `state`; returns the wall time in seconds. */
async function waitFrr(
  netns: string,
  dir: string,
  v6: boolean,
  state: string,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const end = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    last = await frrState(netns, dir, v6);
    if (last === state) return Date.now() / 1000;
    if (Date.now() > end) throw new Error(`${what}: FRR is ${last}, not ${state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** startFrr, after removing the pid files an earlier run left (startFrr waits for them). */
async function restartFrr(netns: string, dir: string, inst: PeerInstance[]): Promise<Peer> {
  for (const f of ["zebra.pid", "vrrpd.pid"]) {
    await Deno.remove(`${dir}/${f}`).catch(() => undefined);
  }
  return await startFrr(netns, dir, inst);
}

/** startVipkeeper with a fresh notify log, so waits see only this run's transitions. */
async function restartVipkeeper(netns: string, dir: string, inst: PeerInstance[]): Promise<Peer> {
  await Deno.remove(`${dir}/notify.log`).catch(() => undefined);
  return await startVipkeeper(netns, dir, inst);
}

async function hasAddress(netns: string, dev: string, address: string): Promise<boolean> {
  const links = await ipJson(netns, ["addr", "show", "dev", dev]) as {
    addr_info: { local: string }[];
  }[];
  return links.some((l) => l.addr_info.some((a) => a.local === address));
}

/** The macvlan for IPv6: virtual MAC 00:00:5e:00:02:VRID, random link-local, the VIP on it. */
function macvlan6Commands(netns: string, parent: string, vip: string): string[][] {
  const name = `vrrp6-${VRID}`;
  const mac = `00:00:5e:00:02:${VRID.toString(16).padStart(2, "0")}`;
  return [
    ["ip", "-n", netns, "link", "add", name, "link", parent, "type", "macvlan", "mode", "bridge"],
    ["ip", "-n", netns, "link", "set", name, "address", mac],
    ["ip", "-n", netns, "link", "set", name, "addrgenmode", "random"],
    ["ip", "-n", netns, "addr", "add", `${vip}/64`, "dev", name, "nodad"],
    ["ip", "-n", netns, "link", "set", name, "up"],
  ];
}

for (const fam of FAMILIES) {
  Deno.test({
    name: `interop FRR vrrpd VRRPv3 ${fam.name}: election, failover and preemption both ways`,
    ignore: NETNS_IGNORE || !HAVE_FRR,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: () => scenario(fam),
  });
}

async function scenario(f: Family): Promise<void> {
  const v6 = f.name === "IPv6";
  await withNetnsPair(async (pair) => {
    const masterDown = 3 * ADVERT_INT + ADVERT_INT; // upper bound of Master_Down_Interval
    const vkInst = (priority: number): PeerInstance[] => [{
      interface: pair.ifA,
      vrid: VRID,
      priority,
      version: 3,
      advertInt: ADVERT_INT,
      vips: [`${f.vip}/${f.len}`],
    }];
    const frrInst = (priority: number): PeerInstance[] => [{
      interface: pair.ifB,
      vrid: VRID,
      priority,
      version: 3,
      advertInt: ADVERT_INT,
      vips: [f.vip],
    }];
    const macvlan = v6
      ? macvlan6Commands(pair.b, pair.ifB, f.vip)
      : frrMacvlanCommands(pair.b, pair.ifB, VRID, [f.vip]);
    for (const argv of macvlan) await must(argv);
    const vkDir = await Deno.makeTempDir({ prefix: "vk-frr-" });
    const frrDir = await Deno.makeTempDir({ prefix: "frr-" });
    const peers: Peer[] = [];
    try {
      // 1. Election: vipkeeper (150) wins over FRR (100).
      let frr = await restartFrr(pair.b, frrDir, frrInst(100));
      let vk = await restartVipkeeper(pair.a, vkDir, vkInst(150));
      peers.push(frr, vk);
      await waitForState(vkDir, "MASTER", 15_000, "vipkeeper (150) elected");
      await waitFrr(pair.b, frrDir, v6, "Backup", 5_000, "FRR (100) backs off");
      assertOk(await hasAddress(pair.a, pair.ifA, f.vip), "the VIP is on vipkeeper's side");
      // FRR accepted vipkeeper's adverts (checksum, version, addresses all right).
      const rx = (await frrStats(pair.b, frrDir, v6))?.stats?.adverRx ?? 0;
      assertOk(rx > 0, `FRR counted ${rx} adverts from vipkeeper`);

      // 2. Failover vipkeeper → FRR: kill -9 the master.
      const crashAt = Date.now() / 1000;
      await vk.crash();
      const frrMaster = await waitFrr(pair.b, frrDir, v6, "Master", 10_000, "FRR takes over");
      assertOk(frrMaster - crashAt < masterDown + 1, `takeover in ${frrMaster - crashAt} s`);

      // 3. Preemption by vipkeeper: it comes back with the higher priority.
      vk = await restartVipkeeper(pair.a, vkDir, vkInst(150));
      peers.push(vk);
      await waitForState(vkDir, "MASTER", 15_000, "vipkeeper preempts");
      await waitFrr(pair.b, frrDir, v6, "Backup", 5_000, "FRR yields");

      // 4. The other way: FRR (200) against vipkeeper (100); FRR is elected.
      await vk.stop();
      await frr.stop();
      frr = await restartFrr(pair.b, frrDir, frrInst(200));
      peers.push(frr);
      await waitFrr(pair.b, frrDir, v6, "Master", 10_000, "FRR (200) alone becomes master");
      vk = await restartVipkeeper(pair.a, vkDir, vkInst(100));
      peers.push(vk);
      await waitForState(vkDir, "BACKUP", 10_000, "vipkeeper (100) joins as backup");
      await new Promise((r) => setTimeout(r, (masterDown + 1) * 1000));
      const stay = await Deno.readTextFile(`${vkDir}/notify.log`);
      assertEquals(stay.includes("MASTER"), false, `vipkeeper stayed backup:\n${stay}`);
      assertOk(!await hasAddress(pair.a, pair.ifA, f.vip), "vipkeeper does not hold the VIP");

      // 5. Failover FRR → vipkeeper.
      const frrCrash = Date.now() / 1000;
      await frr.crash();
      const vkMaster = await waitForState(vkDir, "MASTER", 10_000, "vipkeeper takes over");
      assertOk(vkMaster - frrCrash < masterDown + 1, `takeover in ${vkMaster - frrCrash} s`);
      assertOk(await hasAddress(pair.a, pair.ifA, f.vip), "vipkeeper holds the VIP");

      // 6. Preemption by FRR (200 > 100).
      frr = await restartFrr(pair.b, frrDir, frrInst(200));
      peers.push(frr);
      await waitFrr(pair.b, frrDir, v6, "Master", 15_000, "FRR preempts");
      await waitForState(vkDir, "BACKUP", 5_000, "vipkeeper yields");
      assertOk(!await hasAddress(pair.a, pair.ifA, f.vip), "vipkeeper dropped the VIP");
    } catch (e) {
      const logs = await Promise.all(
        [`${vkDir}/vipkeeper.log`, `${frrDir}/vrrpd.log`].map((p) =>
          Deno.readTextFile(p).catch(() => "")
        ),
      );
      console.error(`--- vipkeeper log ---\n${logs[0]}\n--- vrrpd log ---\n${logs[1]}`);
      throw e;
    } finally {
      for (const p of peers.reverse()) await p.stop(3000).catch(() => undefined);
      await Deno.remove(vkDir, { recursive: true }).catch(() => undefined);
      await Deno.remove(frrDir, { recursive: true }).catch(() => undefined);
    }
  }, { a: [`${f.a}/${f.len}`], b: [`${f.b}/${f.len}`] });
}
