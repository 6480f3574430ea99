/**
 * An IPv6 instance between two vipkeeper nodes (VRRPv3 over ff02::12, advert_int 0.2 s):
 * election, the VIP on the master only, kill -9 failover, preemption and the SIGTERM hand-off.
 * The adverts are checked on the wire (tshark on the bridge of a neighbour namespace): sent to
 * ff02::12 from the master's link-local address with hop limit 255, VRRPv3, the VIP inside.
 */

import { assertEquals, assertOk } from "../assert.ts";
import type { PeerInstance } from "../interop/_peers.ts";
import { NETNS_IGNORE } from "./_netns.ts";
import { withLan } from "./_lan.ts";
import { CAPTURE_IGNORE, startCapture } from "./helpers/agent_capture.ts";
import { withNodes } from "./helpers/agent_nodes.ts";
import { crashAndTakeover, handOff, masterOnly, settled } from "./helpers/agent_scenario.ts";

const VIP = "2001:db8::100";

function instance(iface: string, priority: number): PeerInstance {
  return { interface: iface, vrid: 61, priority, version: 3, advertInt: 0.2, vips: [`${VIP}/64`] };
}

Deno.test({
  name: "two vipkeeper nodes elect, fail over and hand off an IPv6 VIP over ff02::12",
  ignore: NETNS_IGNORE || CAPTURE_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan(
      [["2001:db8::1/64"], ["2001:db8::2/64"]],
      ({ hub, bridge, nodes: [na, nb] }) =>
        withNodes(async (nodes) => {
          const capture = await startCapture(hub, bridge, "ip6 proto 112", [
            "ipv6.src",
            "ipv6.dst",
            "ipv6.hlim",
            "vrrp.version",
            "vrrp.virt_rtr_id",
            "vrrp.prio",
            "vrrp.ipv6_addr",
            "vrrp.checksum.status",
          ]);
          let frames;
          try {
            const a = await nodes.start("a", na!.netns, [instance(na!.ifname, 150)]);
            const b = await nodes.start("b", nb!.netns, [instance(nb!.ifname, 100)]);
            await settled([a, b], a, "election");
            await crashAndTakeover(a, b);
            await masterOnly([b], b);
            await nodes.restart(a);
            await settled([a, b], a, "preemption");
            await handOff(a, b);
            await masterOnly([b], b);
          } finally {
            frames = await capture.stop();
          }
          assertOk(frames.length > 10, `adverts captured: ${frames.length}`);
          for (const f of frames) {
            const what = JSON.stringify(f);
            assertEquals(f["ipv6.dst"], "ff02::12", what);
            assertOk(f["ipv6.src"]?.startsWith("fe80::"), `${what}: from a link-local address`);
            assertEquals(f["ipv6.hlim"], "255", what);
            assertEquals(f["vrrp.version"], "3", what);
            assertEquals(f["vrrp.virt_rtr_id"], "61", what);
            assertEquals(f["vrrp.ipv6_addr"], VIP, what);
            // Wireshark checksum status: 0 bad, 1 good, 2 unverified.
            assertEquals(f["vrrp.checksum.status"], "1", `${what}: checksum good`);
          }
          const prios = new Set(frames.map((f) => f["vrrp.prio"]));
          assertOk(prios.has("150") && prios.has("100"), `both nodes advertised: ${[...prios]}`);
          assertOk(prios.has("0"), "the SIGTERM hand-off sent a priority-0 advert");
        }),
    ),
});
