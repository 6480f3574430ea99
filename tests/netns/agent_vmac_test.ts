/**
 * `use_vmac` on a real run: vipkeeper creates the private-mode macvlan `vrrp.84` with the virtual
 * MAC 00:00:5e:00:01:54 on its interface, holds the VIP there, sends its adverts and GARPs with
 * that MAC as Ethernet source, answers ARP for the VIP with it (the parent, with arp_ignore=1, does not), and at SIGTERM deletes the VMAC
 * and puts the parent's ARP settings back. The neighbour namespace captures with tshark.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { ipJson, must, NETNS_IGNORE, run, withNetnsPair } from "./_netns.ts";
import { signal, waitOrKill } from "./_process.ts";
import {
  HAVE_TSHARK,
  hookScript,
  readHooks,
  runVipkeeper,
  type Started,
  waitFor,
} from "../explain/_run_vipkeeper.ts";

if (!HAVE_TSHARK) console.error("\n*** SKIPPED: tshark is not installed (tools/setup.sh) ***\n");

const VMAC = "00:00:5e:00:01:54";

interface Frame {
  src: string;
  vrid: string;
  arpSender: string;
  arpTarget: string;
  arpOp: string;
}

/** tshark in `netns` on `iface` (VRRP and ARP) until `stop()`; frames with their fields. */
async function capture(netns: string, iface: string, filter = "ip proto 112 or arp") {
  const child = new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      netns,
      "tshark",
      "-i",
      iface,
      "-l",
      "-n",
      "-f",
      filter,
      "-T",
      "fields",
      "-E",
      "separator=|",
      "-e",
      "eth.src",
      "-e",
      "vrrp.virt_rtr_id",
      "-e",
      "arp.src.proto_ipv4",
      "-e",
      "arp.dst.proto_ipv4",
      "-e",
      "arp.opcode",
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn(); // deno-fmt-ignore
  const out = new Response(child.stdout).text();
  const err = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("Capturing on")) {
    const { value, done } = await err.read();
    if (done) throw new Error(`tshark did not start: ${seen}`);
    seen += value;
  }
  void (async () => {
    while (!(await err.read()).done) { /* drain */ }
  })();
  return {
    async stop(): Promise<Frame[]> {
      signal(child.pid, "SIGTERM");
      await waitOrKill(child, 3000);
      return (await out).split("\n").filter((l) => l.includes("|")).map((l) => {
        const [src = "", vrid = "", arpSender = "", arpTarget = "", arpOp = ""] = l.split("|");
        return { src, vrid, arpSender, arpTarget, arpOp };
      });
    },
  };
}

Deno.test({
  name: "use_vmac: the VMAC carries the VIP, the adverts and the ARP, and is gone after SIGTERM",
  ignore: NETNS_IGNORE || !HAVE_TSHARK,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vk-vmac-" });
    try {
      await withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const notify = await hookScript(dir, "notify.sh");
        const conf = `vrrp_instance VI_1 {
    interface ${ifA}
    virtual_router_id 84
    priority 100
    version 3
    advert_int 0.2
    use_vmac
    virtual_ipaddress {
        192.0.2.84/24
    }
    notify ${notify}
}
`;
        const sysctl = (key: string) =>
          must(["cat", `/proc/sys/net/ipv4/conf/${ifA}/${key}`], { netns: a }).then((s) =>
            s.trim()
          );
        const parentBefore = [await sysctl("arp_ignore"), await sysctl("arp_filter")];
        const cap = await capture(b, ifB);
        let vk: Started | undefined;
        let frames: Frame[] = [];
        try {
          vk = await runVipkeeper(a, dir, conf);
          await waitFor(
            async () => (await readHooks(dir)).some((l) => l.at(-2) === "MASTER") || undefined,
            15_000,
            async () => `no MASTER: ${await vk?.log()}`,
          );
          const link = (await ipJson(a, ["-d", "addr", "show", "dev", "vrrp.84"])) as {
            address: string;
            linkinfo: { info_kind: string; info_data: { mode: string } };
            addr_info: { local: string; family: string }[];
            link?: string;
          }[];
          assertEquals(link[0]?.address, VMAC);
          assertEquals(link[0]?.linkinfo.info_kind, "macvlan");
          assertEquals(link[0]?.linkinfo.info_data.mode, "private");
          assertEquals(link[0]?.link, ifA);
          assertEquals(link[0]?.addr_info.map((i) => i.local), ["192.0.2.84"], "VIP on the VMAC");
          assertEquals([await sysctl("arp_ignore"), await sysctl("arp_filter")], ["1", "1"]);
          // The neighbour resolves the VIP to the virtual MAC.
          // A UDP datagram from b makes it ask by ARP (no ping on a minimal Debian); the reply
          // is checked in the capture.
          await must(["ip", "neigh", "flush", "dev", ifB], { netns: b });
          await must(["bash", "-c", "echo x > /dev/udp/192.0.2.84/9"], { netns: b });
          await new Promise((r) => setTimeout(r, 1000)); // a few adverts at 0.2 s
        } finally {
          await vk?.stop();
          frames = await cap.stop();
        }
        const adverts = frames.filter((f) => f.vrid === "84");
        assertOk(adverts.length >= 3, `${JSON.stringify(frames)}\n${await vk?.log()}`);
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
    const dir = await Deno.makeTempDir({ prefix: "vk-vmac6-" });
    try {
      await withNetnsPair(async ({ a, b, ifA, ifB }) => {
        const notify = await hookScript(dir, "notify.sh");
        const conf = `vrrp_instance VI_6 {
    interface ${ifA}
    virtual_router_id 86
    priority 100
    version 3
    advert_int 0.2
    use_vmac
    virtual_ipaddress {
        2001:db8::86/64
    }
    notify ${notify}
}
`;
        const parentLl = ((await ipJson(a, ["addr", "show", "dev", ifA])) as {
          addr_info: { local: string; scope: string; family: string }[];
        }[])[0]?.addr_info.find((i) => i.family === "inet6" && i.scope === "link")?.local;
        const cap = await capture(b, ifB, "ip6 proto 112");
        let vk: Started | undefined;
        let frames: Frame[] = [];
        try {
          vk = await runVipkeeper(a, dir, conf);
          await waitFor(
            async () => (await readHooks(dir)).some((l) => l.at(-2) === "MASTER") || undefined,
            15_000,
            async () => `no MASTER: ${await vk?.log()}`,
          );
          const link = (await ipJson(a, ["addr", "show", "dev", "vrrp.86"])) as {
            address: string;
            addr_info: { local: string; scope: string; family: string }[];
          }[];
          assertEquals(link[0]?.address, "00:00:5e:00:02:56");
          const addrs = link[0]?.addr_info.filter((i) => i.family === "inet6")
            .map((i) => `${i.local} ${i.scope}`).sort();
          assertEquals(addrs, [`${parentLl} link`, "2001:db8::86 global"].sort());
          await new Promise((r) => setTimeout(r, 1000));
        } finally {
          await vk?.stop();
          frames = await cap.stop();
        }
        const adverts = frames.filter((f) => f.vrid === "86");
        assertOk(adverts.length >= 3, `${JSON.stringify(frames)}\n${await vk?.log()}`);
        assertEquals([...new Set(adverts.map((f) => f.src))], ["00:00:5e:00:02:56"]);
        const after = await run(["ip", "link", "show", "vrrp.86"], { netns: a });
        assertOk(after.code !== 0, "the VMAC is deleted at shutdown");
      }, { a: ["2001:db8::1/64"], b: ["2001:db8::2/64"] });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
