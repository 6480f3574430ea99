/**
 * Unicast VRRP across two subnets: two vipkeeper nodes in different /24s joined by a router
 * namespace (ip_forward on), each with `unicast_src_ip` and the other as `unicast_peer`. The
 * router decrements the default `unicast_ttl` 255 to 254, which keepalived accepts in unicast
 * mode unless a peer has `min_ttl`/`max_ttl` (spec §6.6). Election, kill -9 failover, preemption
 * and the SIGTERM hand-off, with the adverts checked on the router (TTL 254 after forwarding).
 */

import { assertEquals, assertOk } from "../assert.ts";
import type { PeerInstance } from "../interop/_peers.ts";
import { must, NETNS_IGNORE, waitIpv6Ready } from "./_netns.ts";
import { addVeth, withNamespaces } from "./_lan.ts";
import { CAPTURE_IGNORE, startCapture } from "./helpers/agent_capture.ts";
import { withNodes } from "./helpers/agent_nodes.ts";
import { crashAndTakeover, handOff, masterOnly, settled } from "./helpers/agent_scenario.ts";

const A = "192.0.2.1";
const B = "198.51.100.1";
const VIP = "203.0.113.100";

function instance(iface: string, priority: number, src: string, peer: string): PeerInstance {
  return {
    interface: iface,
    vrid: 71,
    priority,
    version: 3,
    advertInt: 0.2,
    vips: [`${VIP}/32`],
    unicast: { src, peers: [peer] },
  };
}

Deno.test({
  name: "two vipkeeper nodes in different subnets elect and fail over by unicast through a router",
  ignore: NETNS_IGNORE || CAPTURE_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withNamespaces(3, async ([nsA, router, nsB]) => {
      const left = await addVeth(nsA!, router!, { a: [`${A}/24`], b: ["192.0.2.254/24"] });
      const right = await addVeth(router!, nsB!, { a: ["198.51.100.254/24"], b: [`${B}/24`] });
      await must(["sysctl", "-qw", "net.ipv4.ip_forward=1"], { netns: router! });
      await must(["ip", "route", "add", "default", "via", "192.0.2.254"], { netns: nsA! });
      await must(["ip", "route", "add", "default", "via", "198.51.100.254"], { netns: nsB! });
      await waitIpv6Ready(nsA!, left.ifA);
      await waitIpv6Ready(nsB!, right.ifB);
      await must(["ip", "route", "get", B], { netns: nsA! });

      await withNodes(async (nodes) => {
        // Adverts leaving the router towards b: those from a have crossed it.
        const capture = await startCapture(router!, right.ifA, "ip proto 112", [
          "ip.src",
          "ip.dst",
          "ip.ttl",
          "vrrp.prio",
        ]);
        let frames;
        try {
          const a = await nodes.start("a", nsA!, [instance(left.ifA, 150, A, B)]);
          const b = await nodes.start("b", nsB!, [instance(right.ifB, 100, B, A)]);
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
        const fromA = frames.filter((f) => f["ip.src"] === A);
        const fromB = frames.filter((f) => f["ip.src"] === B);
        assertOk(fromA.length > 5 && fromB.length > 5, `adverts: ${fromA.length}/${fromB.length}`);
        for (const f of fromA) {
          assertEquals([f["ip.dst"], f["ip.ttl"]], [B, "254"], "a → b, forwarded once");
        }
        for (const f of fromB) assertEquals([f["ip.dst"], f["ip.ttl"]], [A, "255"], "b → a");
        assertOk(fromA.some((f) => f["vrrp.prio"] === "0"), "a's priority-0 advert crossed");
      });
    }),
});
