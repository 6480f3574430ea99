import { assertEquals, assertOk } from "../../assert.ts";
import {
  decodeRouteMessage,
  decodeRuleMessage,
  routeIs,
  ruleIs,
} from "../../../lib/sys/netlink/route_event.ts";
import {
  encodeRouteRequest,
  encodeRuleRequest,
  type RouteRequest,
  type RuleRequest,
} from "../../../lib/sys/netlink/route_msg.ts";

const route6: RouteRequest = {
  family: "inet6",
  dst: { address: "2001:db8:1::", length: 48 },
  gateway: "2001:db8::fe",
  oif: 3,
  table: 1000,
  metric: 10,
  protocol: 18,
};

Deno.test("an announced route reads back as the request that made it (IPv6, table above 255)", () => {
  const seen = decodeRouteMessage(encodeRouteRequest(route6, "add"));
  assertEquals(
    [seen?.family, seen?.dst, seen?.gateway, seen?.oif, seen?.table, seen?.metric, seen?.protocol],
    ["inet6", route6.dst, "2001:db8::fe", 3, 1000, 10, 18],
  );
  assertOk(seen !== undefined && routeIs(seen, route6));
});

Deno.test("a route of another owner, table, metric or destination is not ours", () => {
  const seen = decodeRouteMessage(encodeRouteRequest(route6, "add"))!;
  for (
    const other of [
      { ...route6, protocol: 3 },
      { ...route6, table: 254 },
      { ...route6, metric: 20 },
      { ...route6, dst: { address: "2001:db8:1::", length: 64 } },
      { ...route6, gateway: "2001:db8::fd" },
    ]
  ) assertOk(!routeIs(seen, other), JSON.stringify(other));
  // A request without gateway or metric matches whatever the kernel reports for them.
  assertOk(routeIs(seen, { family: "inet6", dst: route6.dst!, table: 1000, protocol: 18 }));
});

Deno.test("an announced rule reads back with its selectors, action and priority", () => {
  const mine: RuleRequest = {
    family: "inet",
    src: { address: "192.0.2.0", length: 24 },
    action: 1,
    table: 1000,
    priority: 200,
    fwmark: 16,
    fwmask: 255,
    iif: "eth0",
    invert: true,
    protocol: 18,
  };
  const seen = decodeRuleMessage(encodeRuleRequest(mine));
  assertEquals(
    [seen?.src, seen?.table, seen?.priority, seen?.fwmark, seen?.iif, seen?.invert],
    [mine.src, 1000, 200, 16, "eth0", true],
  );
  assertOk(seen !== undefined && ruleIs(seen, mine));
  assertOk(seen !== undefined && !ruleIs(seen, { ...mine, priority: 201 }));
  assertOk(seen !== undefined && !ruleIs(seen, { ...mine, invert: false }));
});

Deno.test("payloads too short or of another family are not routes or rules", () => {
  assertEquals(decodeRouteMessage(new Uint8Array(4)), undefined);
  assertEquals(decodeRuleMessage(Uint8Array.of(7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), undefined);
});
