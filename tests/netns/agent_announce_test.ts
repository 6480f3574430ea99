/**
 * Gratuitous ARP and unsolicited NA on the wire when a vipkeeper node becomes master (spec
 * §4.4 step 6, §4.9): captured with tshark on the bridge of a neighbour (hub) namespace. The
 * first master announces its VIPs `garp_master_repeat` (default 5) times; the backup stays
 * silent until it takes over after a kill -9, then announces the same way from its own MAC.
 */

import { assertEquals, assertOk } from "../assert.ts";
import type { PeerInstance } from "../interop/_peers.ts";
import { waitForState } from "../interop/_vipkeeper.ts";
import { NETNS_IGNORE } from "./_netns.ts";
import { withLan } from "./_lan.ts";
import { CAPTURE_IGNORE, type Frame, startCapture } from "./helpers/agent_capture.ts";
import { macOf, sleep, withNodes } from "./helpers/agent_nodes.ts";

const VIP4 = "192.0.2.100";
const VIP6 = "2001:db8::100";
const GARP_MASTER_REPEAT = 5;

const FIELDS = [
  "frame.time_epoch",
  "eth.src",
  "eth.dst",
  "arp.opcode",
  "arp.src.hw_mac",
  "arp.src.proto_ipv4",
  "arp.dst.hw_mac",
  "arp.dst.proto_ipv4",
  "ipv6.src",
  "ipv6.dst",
  "ipv6.hlim",
  "icmpv6.type",
  "icmpv6.nd.na.target_address",
  "icmpv6.nd.na.flag.o",
  "icmpv6.nd.na.flag.s",
  "icmpv6.nd.na.flag.r",
  "icmpv6.opt.linkaddr",
];

function instances(iface: string, priority: number): PeerInstance[] {
  const common = { interface: iface, priority, version: 3 as const, advertInt: 0.2 };
  return [
    { ...common, vrid: 51, vips: [`${VIP4}/24`] },
    { ...common, vrid: 52, vips: [`${VIP6}/64`] },
  ];
}

const isSet = (v: string | undefined) => v === "1" || v === "True" || v === "true";

/** The GARPs and NAs for our VIPs that `mac` sent, checked field by field. */
function announcements(frames: Frame[], mac: string): { arp: Frame[]; na: Frame[] } {
  const from = frames.filter((f) => f["eth.src"] === mac);
  const arp = from.filter((f) => f["arp.opcode"] !== "");
  const na = from.filter((f) => f["icmpv6.type"] === "136");
  for (const f of arp) {
    const what = `GARP from ${mac}: ${JSON.stringify(f)}`;
    assertEquals(f["eth.dst"], "ff:ff:ff:ff:ff:ff", `${what}: Ethernet broadcast`);
    assertEquals(f["arp.opcode"], "1", `${what}: a request`);
    assertEquals(f["arp.src.hw_mac"], mac, `${what}: sender MAC is the master's`);
    assertEquals(f["arp.src.proto_ipv4"], VIP4, `${what}: sender IP is the VIP`);
    assertEquals(f["arp.dst.proto_ipv4"], VIP4, `${what}: target IP is the VIP`);
    assertEquals(f["arp.dst.hw_mac"], "ff:ff:ff:ff:ff:ff", `${what}: target MAC broadcast`);
  }
  for (const f of na) {
    const what = `NA from ${mac}: ${JSON.stringify(f)}`;
    assertEquals(f["ipv6.dst"], "ff02::1", `${what}: to all nodes`);
    assertEquals(f["eth.dst"], "33:33:00:00:00:01", `${what}: all-nodes MAC`);
    assertEquals(f["ipv6.src"], VIP6, `${what}: from the VIP`);
    assertEquals(f["ipv6.hlim"], "255", `${what}: hop limit 255`);
    assertEquals(f["icmpv6.nd.na.target_address"], VIP6, `${what}: target is the VIP`);
    assertOk(isSet(f["icmpv6.nd.na.flag.o"]), `${what}: Override set`);
    assertOk(!isSet(f["icmpv6.nd.na.flag.s"]), `${what}: Solicited clear`);
    assertOk(!isSet(f["icmpv6.nd.na.flag.r"]), `${what}: Router clear (no forwarding)`);
    assertEquals(f["icmpv6.opt.linkaddr"], mac, `${what}: target link-layer address`);
  }
  return { arp, na };
}

Deno.test({
  name: "a new master announces its VIPs by gratuitous ARP and unsolicited NA, five times each",
  ignore: NETNS_IGNORE || CAPTURE_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan(
      [["192.0.2.1/24"], ["192.0.2.2/24"]],
      ({ hub, bridge, nodes: [na, nb] }) =>
        withNodes(async (nodes) => {
          const macA = await macOf(na!.netns, na!.ifname);
          const macB = await macOf(nb!.netns, nb!.ifname);
          const capture = await startCapture(hub, bridge, "arp or icmp6", FIELDS);
          let frames: Frame[] = [];
          try {
            // a first, so that b cannot win a start-up race and announce before the crash.
            const a = await nodes.start("a", na!.netns, instances(na!.ifname, 150));
            await waitForState(a.dir, "MASTER", 10_000, "a");
            await sleep(500); // a's second instance too
            const b = await nodes.start("b", nb!.netns, instances(nb!.ifname, 100));
            await waitForState(b.dir, "BACKUP", 10_000, "b");
            await sleep(1000);
            const crashAt = Date.now() / 1000;
            await a.peer.crash();
            await waitForState(b.dir, "MASTER", 5_000, "b takes over");
            await sleep(1000);
            frames = await capture.stop();
            const fromA = announcements(frames, macA);
            const fromB = announcements(frames, macB);
            console.log(
              `  ${frames.length} ARP/ICMPv6 frames; a: ${fromA.arp.length} GARP, ${fromA.na.length} NA;` +
                ` b: ${fromB.arp.length} GARP, ${fromB.na.length} NA`,
            );
            assertEquals(fromA.arp.length, GARP_MASTER_REPEAT, "GARPs from the first master");
            assertEquals(fromA.na.length, GARP_MASTER_REPEAT, "NAs from the first master");
            assertEquals(fromB.arp.length, GARP_MASTER_REPEAT, "GARPs from the new master");
            assertEquals(fromB.na.length, GARP_MASTER_REPEAT, "NAs from the new master");
            for (const f of [...fromB.arp, ...fromB.na]) {
              assertOk(
                Number(f["frame.time_epoch"]) > crashAt,
                "b announced only after taking over",
              );
            }
          } catch (e) {
            if (frames.length === 0) frames = await capture.stop();
            console.error(frames.map((f) => JSON.stringify(f)).join("\n"));
            throw e;
          }
        }),
    ),
});
