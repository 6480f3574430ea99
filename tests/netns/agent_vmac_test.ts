/**
 * `use_vmac` on a real run: vipkeeper creates the private-mode macvlan `vrrp.VRID` with the
 * virtual MAC on its interface, holds the VIP there, sends its adverts and GARPs with that MAC as
 * Ethernet source, answers ARP for the VIP with it (the parent, with arp_ignore=1, does not), and
 * at SIGTERM deletes the VMAC and puts the parent's ARP settings back. IPv6: the VMAC gets the
 * parent's link-local address and none of its own. The neighbour namespace captures with tshark.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { ipJson, must, NETNS_IGNORE, run, withNetnsPair } from "./_netns.ts";
import {
  captureFields,
  HAVE_TSHARK,
  hookScript,
  readHooks,
  runVipkeeper,
  type Started,
  waitFor,
} from "../explain/_run_vipkeeper.ts";

if (!HAVE_TSHARK) console.error("\n*** SKIPPED: tshark is not installed (tools/setup.sh) ***\n");

/** One captured frame. */
interface Frame {
  src: string;
  vrid: string;
  arpSender: string;
  arpTarget: string;
  arpOp: string;
}

interface Link {
  address: string;
  link?: string;
  linkinfo?: { info_kind: string; info_data: { mode: string } };
  addr_info: { local: string; scope: string; family: string }[];
}

/** A use_vmac instance of VRID `vrid` on `iface` with one VIP, advertising every 0.2 s. */
function vmacConf(iface: string, vrid: number, vip: string, notify: string): string {
  return `vrrp_instance VI_${vrid} {
    interface ${iface}
    virtual_router_id ${vrid}
    priority 100
    version 3
    advert_int 0.2
    use_vmac
    virtual_ipaddress {
        ${vip}
    }
    notify ${notify}
}
`;
}

/**
 * Runs vipkeeper on `conf` in `a` while capturing on `ifB` in `b`; `whileMaster` runs once it is
 * MASTER (then a second of adverts); returns the frames seen and the log.
 */
async function vmacRun(
  dir: string,
  netns: { a: string; b: string; ifB: string },
  conf: (notify: string) => string,
  filter: string,
  whileMaster: () => Promise<void>,
): Promise<{ frames: Frame[]; log: string }> {
  const notify = await hookScript(dir, "notify.sh");
  const cap = await captureFields(netns.b, netns.ifB, filter, [
    "eth.src",
    "vrrp.virt_rtr_id",
    "arp.src.proto_ipv4",
    "arp.dst.proto_ipv4",
    "arp.opcode",
  ]);
  let vk: Started | undefined;
  try {
    vk = await runVipkeeper(netns.a, dir, conf(notify));
    await waitFor(
      async () => (await readHooks(dir)).some((l) => l.at(-2) === "MASTER") || undefined,
      15_000,
      async () => `no MASTER: ${await vk?.log()}`,
    );
    await whileMaster();
    await new Promise((r) => setTimeout(r, 1000)); // a few adverts at 0.2 s
  } finally {
    await vk?.stop();
    await cap.stop();
  }
  const frames = cap.rows().map((
    [src = "", vrid = "", arpSender = "", arpTarget = "", arpOp = ""],
  ) => ({ src, vrid, arpSender, arpTarget, arpOp })); // deno-fmt-ignore
  return { frames, log: await vk.log() };
}

async function link(netns: string, name: string): Promise<Link | undefined> {
  return ((await ipJson(netns, ["-d", "addr", "show", "dev", name])) as Link[])[0];
}

Deno.test({
  name: "use_vmac: the VMAC carries the VIP, the adverts and the ARP, and is gone after SIGTERM",
  ignore: NETNS_IGNORE || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const VMAC = "00:00:5e:00:01:54";
    const dir = await Deno.makeTempDir({ prefix: "vk-vmac-" });
    try {
      await withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const sysctl = async (key: string) =>
          (await must(["cat", `/proc/sys/net/ipv4/conf/${ifA}/${key}`], { netns: a })).trim();
        const parentBefore = [await sysctl("arp_ignore"), await sysctl("arp_filter")];
        const { frames, log } = await vmacRun(
          dir,
          { a, b, ifB },
          (notify) => vmacConf(ifA, 84, "192.0.2.84/24", notify),
          "ip proto 112 or arp",
          async () => {
            const l = await link(a, "vrrp.84");
            assertEquals(
              [l?.address, l?.linkinfo?.info_kind, l?.linkinfo?.info_data.mode, l?.link],
              [VMAC, "macvlan", "private", ifA],
            );
            assertEquals(l?.addr_info.map((i) => i.local), ["192.0.2.84"], "VIP on the VMAC");
            assertEquals([await sysctl("arp_ignore"), await sysctl("arp_filter")], ["1", "1"]);
            // A UDP datagram from b makes it ask for the VIP by ARP (no ping on a minimal
            // Debian); the reply is checked in the capture.
            await must(["ip", "neigh", "flush", "dev", ifB], { netns: b });
            await must(["bash", "-c", "echo x > /dev/udp/192.0.2.84/9"], { netns: b });
          },
        );
        const adverts = frames.filter((f) => f.vrid === "84");
        assertOk(adverts.length >= 3, `${JSON.stringify(frames)}\n${log}`);
        assertEquals([...new Set(adverts.map((f) => f.src))], [VMAC], "adverts from the VMAC");
        const vip = frames.filter((f) => f.arpSender === "192.0.2.84");
        const garps = vip.filter((f) => f.arpOp === "1" && f.arpTarget === "192.0.2.84");
        assertOk(garps.length >= 1 && garps.every((f) => f.src === VMAC), JSON.stringify(vip));
        const replies = vip.filter((f) => f.arpOp === "2");
        assertOk(replies.length >= 1 && replies.every((f) => f.src === VMAC), JSON.stringify(vip));
        const after = await run(["ip", "link", "show", "vrrp.84"], { netns: a });
        assertOk(after.code !== 0, "the VMAC is deleted at shutdown");
        assertEquals([await sysctl("arp_ignore"), await sysctl("arp_filter")], parentBefore);
      }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "use_vmac for IPv6: the VMAC has the virtual MAC and the parent's link-local, no address of its own",
  ignore: NETNS_IGNORE || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const VMAC = "00:00:5e:00:02:56";
    const dir = await Deno.makeTempDir({ prefix: "vk-vmac6-" });
    try {
      await withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const parentLl = (await link(a, ifA))?.addr_info
          .find((i) => i.family === "inet6" && i.scope === "link")?.local;
        const { frames, log } = await vmacRun(
          dir,
          { a, b, ifB },
          (notify) => vmacConf(ifA, 86, "2001:db8::86/64", notify),
          "ip6 proto 112",
          async () => {
            const l = await link(a, "vrrp.86");
            assertEquals(l?.address, VMAC);
            const addrs = l?.addr_info.filter((i) => i.family === "inet6")
              .map((i) => `${i.local} ${i.scope}`).sort();
            assertEquals(addrs, [`${parentLl} link`, "2001:db8::86 global"].sort());
          },
        );
        const adverts = frames.filter((f) => f.vrid === "86");
        assertOk(adverts.length >= 3, `${JSON.stringify(frames)}\n${log}`);
        assertEquals([...new Set(adverts.map((f) => f.src))], [VMAC]);
        const after = await run(["ip", "link", "show", "vrrp.86"], { netns: a });
        assertOk(after.code !== 0, "the VMAC is deleted at shutdown");
      }, { a: ["2001:db8::1/64"], b: ["2001:db8::2/64"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
