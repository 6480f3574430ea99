/**
 * Route and rule requests on literal bytes. The expected bytes were captured from iproute2
 * 6.1 (`strace -e trace=sendmsg -e write=3 ip route add ...` inside a scratch namespace, the
 * interface `vA` having index 3); the sequence number is the one `ip` used (0x6b0c55a4).
 */

import { assertEquals, assertOk, assertThrows } from "../../assert.ts";
import { Errno, SyscallError } from "../../../lib/sys/errno.ts";
import { NL } from "../../../lib/sys/netlink/constants.ts";
import { fakeNetlink } from "../../../lib/sys/netlink/fake.ts";
import { encodeMessage, type NetlinkMessage } from "../../../lib/sys/netlink/message.ts";
import {
  encodeRouteRequest,
  encodeRuleRequest,
  routeAddFlags,
} from "../../../lib/sys/netlink/route_msg.ts";
import { Rtnetlink } from "../../../lib/sys/netlink/rtnetlink.ts";

const SEQ = 0x6b0c55a4;
const hex = (s: string) => s.trim().split(/\s+/).map((b) => parseInt(b, 16));
const message = (type: number, flags: number, payload: Uint8Array) => [
  ...encodeMessage({ type, flags: flags | NL.NLM_F_REQUEST, seq: SEQ, pid: 0, payload }),
];
const ADD_EXCL = NL.NLM_F_ACK | NL.NLM_F_CREATE | NL.NLM_F_EXCL;

Deno.test("an IPv4 route with table, src, via, metric and dev encodes as `ip route add` does", () => {
  // ip route add table 1000 198.51.100.0/24 src 192.0.2.1 via 192.0.2.254 metric 10
  //   proto 18 scope global dev vA
  const payload = encodeRouteRequest({
    family: "inet",
    table: 1000,
    dst: { address: "198.51.100.0", length: 24 },
    prefsrc: "192.0.2.1",
    gateway: "192.0.2.254",
    metric: 10,
    protocol: 18,
    oif: 3,
    mode: "add",
  }, "add");
  assertEquals(
    message(NL.RTM_NEWROUTE, ADD_EXCL, payload),
    hex(`
      4c 00 00 00 18 00 05 06 a4 55 0c 6b 00 00 00 00
      02 18 00 00 00 12 00 01 00 00 00 00
      08 00 0f 00 e8 03 00 00
      08 00 01 00 c6 33 64 00
      08 00 07 00 c0 00 02 01
      08 00 05 00 c0 00 02 fe
      08 00 06 00 0a 00 00 00
      08 00 04 00 03 00 00 00`),
    // nlmsghdr (len 76, RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE); rtmsg (inet, /24, table in
    // RTA_TABLE, proto 18, scope universe, unicast); RTA_TABLE 1000, RTA_DST, RTA_PREFSRC,
    // RTA_GATEWAY, RTA_PRIORITY 10, RTA_OIF 3
  );
});

Deno.test("a route in the main table keeps the table in rtmsg and sends no RTA_TABLE", () => {
  // ip route add 198.51.100.0/24 via 192.0.2.254 proto 18 scope global
  const payload = encodeRouteRequest({
    family: "inet",
    dst: { address: "198.51.100.0", length: 24 },
    gateway: "192.0.2.254",
    protocol: 18,
  }, "add");
  assertEquals(
    message(NL.RTM_NEWROUTE, ADD_EXCL, payload),
    hex(`
      2c 00 00 00 18 00 05 06 a4 55 0c 6b 00 00 00 00
      02 18 00 00 fe 12 00 01 00 00 00 00
      08 00 01 00 c6 33 64 00
      08 00 05 00 c0 00 02 fe`),
  );
});

Deno.test("a blackhole route carries its type in rtmsg and nothing but the destination", () => {
  // ip route add blackhole 203.0.113.0/24 proto 18 scope global
  const payload = encodeRouteRequest({
    family: "inet",
    type: NL.RTN_BLACKHOLE,
    dst: { address: "203.0.113.0", length: 24 },
    protocol: 18,
  }, "add");
  assertEquals(
    [...payload],
    hex(`02 18 00 00 fe 12 00 06 00 00 00 00  08 00 01 00 cb 00 71 00`),
  );
});

Deno.test("an IPv6 route with gateway, metric, table and dev encodes as `ip -6 route add` does", () => {
  // ip route add table 100 2001:db8:1::/48 via 2001:db8::fe metric 1024 proto 18
  //   scope global dev vA
  const payload = encodeRouteRequest({
    family: "inet6",
    table: 100,
    dst: { address: "2001:db8:1::", length: 48 },
    gateway: "2001:db8::fe",
    metric: 1024,
    protocol: 18,
    oif: 3,
  }, "add");
  assertEquals(
    [...payload],
    hex(`
      0a 30 00 00 64 12 00 01 00 00 00 00
      14 00 01 00 20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 00
      14 00 05 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 fe
      08 00 06 00 00 04 00 00
      08 00 04 00 03 00 00 00`),
  );
});

Deno.test("an IPv6 source-routed onlink route sends RTA_SRC, RTA_PREFSRC and the onlink flag", () => {
  // ip route add table 100 to 2001:db8:2::/48 from 2001:db8:3::/48 src 2001:db8::1 proto 18
  //   scope global dev vA onlink
  const payload = encodeRouteRequest({
    family: "inet6",
    table: 100,
    dst: { address: "2001:db8:2::", length: 48 },
    src: { address: "2001:db8:3::", length: 48 },
    prefsrc: "2001:db8::1",
    protocol: 18,
    oif: 3,
    flags: NL.RTNH_F_ONLINK,
  }, "add");
  assertEquals(
    [...payload],
    hex(`
      0a 30 30 00 64 12 00 01 04 00 00 00
      14 00 01 00 20 01 0d b8 00 02 00 00 00 00 00 00 00 00 00 00
      14 00 02 00 20 01 0d b8 00 03 00 00 00 00 00 00 00 00 00 00
      14 00 07 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01
      08 00 04 00 03 00 00 00`),
  );
});

Deno.test("a route delete matches any scope and type unless they are given", () => {
  // ip route del 198.51.100.0/24 proto 18
  const payload = encodeRouteRequest({
    family: "inet",
    dst: { address: "198.51.100.0", length: 24 },
    protocol: 18,
  }, "delete");
  assertEquals(
    message(NL.RTM_DELROUTE, NL.NLM_F_ACK, payload),
    hex(`
      24 00 00 00 19 00 05 00 a4 55 0c 6b 00 00 00 00
      02 18 00 00 fe 12 ff 00 00 00 00 00
      08 00 01 00 c6 33 64 00`),
  );
  const typed = encodeRouteRequest({
    family: "inet",
    dst: { address: "203.0.113.0", length: 24 },
    type: NL.RTN_BLACKHOLE,
    scope: NL.RT_SCOPE_LINK,
  }, "delete");
  assertEquals([...typed.subarray(0, 8)], [2, 24, 0, 0, 254, 0, 253, 6]);
});

Deno.test("a default route sends no destination attribute and a zero prefix length", () => {
  const payload = encodeRouteRequest({
    family: "inet6",
    type: NL.RTN_UNREACHABLE,
    table: 100,
    protocol: 18,
  }, "add");
  assertEquals([...payload], hex(`0a 00 00 00 64 12 00 07 00 00 00 00`));
  const zero = encodeRouteRequest(
    { family: "inet", dst: { address: "0.0.0.0", length: 0 } },
    "add",
  );
  assertEquals(zero.length, 12);
});

Deno.test("an IPv4 rule to a small table encodes as `ip rule add` does", () => {
  // ip rule add from 192.0.2.0/24 table 100 pref 100 protocol 18
  const payload = encodeRuleRequest({
    family: "inet",
    src: { address: "192.0.2.0", length: 24 },
    action: NL.FR_ACT_TO_TBL,
    table: 100,
    priority: 100,
    protocol: 18,
  });
  assertEquals(
    message(NL.RTM_NEWRULE, ADD_EXCL, payload),
    hex(`
      34 00 00 00 20 00 05 06 a4 55 0c 6b 00 00 00 00
      02 00 18 00 64 00 00 01 00 00 00 00
      08 00 02 00 c0 00 02 00
      08 00 06 00 64 00 00 00
      05 00 15 00 12 00 00 00`),
    // fib_rule_hdr (inet, dst_len 0, src_len 24, tos 0, table 100, action FR_ACT_TO_TBL);
    // FRA_SRC, FRA_PRIORITY 100, FRA_PROTOCOL 18 (u8, padded)
  );
});

Deno.test("an inverted rule with fwmark, mask, iif, oif and a big table encodes as `ip rule` does", () => {
  // ip rule add not to 198.51.100.0/24 fwmark 0x10/0xff iif vA oif vB pref 200 table 1000
  //   protocol 18
  const payload = encodeRuleRequest({
    family: "inet",
    dst: { address: "198.51.100.0", length: 24 },
    invert: true,
    fwmark: 0x10,
    fwmask: 0xff,
    iif: "vA",
    oif: "vB",
    priority: 200,
    action: NL.FR_ACT_TO_TBL,
    table: 1000,
    protocol: 18,
  });
  assertEquals(
    [...payload],
    hex(`
      02 18 00 00 00 00 00 01 02 00 00 00
      08 00 01 00 c6 33 64 00
      08 00 0a 00 10 00 00 00
      08 00 10 00 ff 00 00 00
      07 00 03 00 76 41 00 00
      07 00 11 00 76 42 00 00
      08 00 06 00 c8 00 00 00
      08 00 0f 00 e8 03 00 00
      05 00 15 00 12 00 00 00`),
  );
});

Deno.test("IPv6 blackhole, IPv4 prohibit and goto rules carry their action", () => {
  // ip -6 rule add from 2001:db8::/32 pref 300 blackhole protocol 18
  assertEquals(
    [
      ...encodeRuleRequest({
        family: "inet6",
        src: { address: "2001:db8::", length: 32 },
        priority: 300,
        action: NL.FR_ACT_BLACKHOLE,
        protocol: 18,
      }),
    ],
    hex(`
      0a 00 20 00 00 00 00 06 00 00 00 00
      14 00 02 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 00
      08 00 06 00 2c 01 00 00
      05 00 15 00 12 00 00 00`),
  );
  // ip rule add from 192.0.2.0/24 prohibit pref 101 protocol 18
  assertEquals(
    [
      ...encodeRuleRequest({
        family: "inet",
        src: { address: "192.0.2.0", length: 24 },
        priority: 101,
        action: NL.FR_ACT_PROHIBIT,
        protocol: 18,
      }),
    ],
    hex(`
      02 00 18 00 00 00 00 08 00 00 00 00
      08 00 02 00 c0 00 02 00
      08 00 06 00 65 00 00 00
      05 00 15 00 12 00 00 00`),
  );
  // ip rule add pref 400 goto 500 protocol 18 (ip also sends an empty FRA_SRC for "from all")
  assertEquals(
    [...encodeRuleRequest({ family: "inet", priority: 400, action: NL.FR_ACT_GOTO, goto: 500 })],
    hex(`
      02 00 00 00 00 00 00 02 00 00 00 00
      08 00 06 00 90 01 00 00
      08 00 04 00 f4 01 00 00`),
  );
});

Deno.test("encoders refuse addresses of the other family, bad lengths and out-of-range numbers", () => {
  const dst = { address: "198.51.100.0", length: 24 };
  assertThrows(() => encodeRouteRequest({ family: "inet6", dst }, "add"), /family inet6/);
  assertThrows(
    () => encodeRouteRequest({ family: "inet", dst: { address: "192.0.2.0", length: 33 } }, "add"),
    /out of range 0\.\.32/,
  );
  assertThrows(
    () => encodeRouteRequest({ family: "inet", dst, gateway: "2001:db8::1" }, "add"),
    /not of family inet/,
  );
  assertThrows(() => encodeRouteRequest({ family: "inet", dst, metric: -1 }, "add"), /metric/);
  assertThrows(() => encodeRouteRequest({ family: "inet", dst, table: 2 ** 32 }, "add"), /table/);
  assertThrows(() => encodeRuleRequest({ family: "inet", action: NL.FR_ACT_GOTO }), /target/);
  assertThrows(
    () => encodeRuleRequest({ family: "inet", action: 1, iif: "a-name-far-too-long" }),
    /interface name/,
  );
});

Deno.test("route add flags follow the mode, prepend being the default", () => {
  const base = NL.NLM_F_ACK | NL.NLM_F_CREATE;
  assertEquals(routeAddFlags(), base);
  assertEquals(routeAddFlags("add"), base | NL.NLM_F_EXCL);
  assertEquals(routeAddFlags("append"), base | NL.NLM_F_APPEND);
  assertEquals(routeAddFlags("replace"), base | NL.NLM_F_REPLACE);
});

function recordingKernel(errno: (req: NetlinkMessage) => number) {
  const seen: NetlinkMessage[] = [];
  const nl = fakeNetlink((req) => {
    seen.push(req);
    const payload = new Uint8Array(20);
    new DataView(payload.buffer).setInt32(0, -errno(req), true);
    return [{ type: NL.NLMSG_ERROR, flags: 0, seq: req.seq, pid: 0, payload }];
  });
  return { rt: new Rtnetlink(nl, 41), seen };
}

Deno.test("Rtnetlink sends route and rule requests with their types, flags and payloads", async () => {
  const { rt, seen } = recordingKernel(() => 0);
  const route = {
    family: "inet" as const,
    dst: { address: "198.51.100.0", length: 24 },
    gateway: "192.0.2.1",
    protocol: 18,
  };
  const rule = { family: "inet" as const, action: NL.FR_ACT_TO_TBL, table: 100, priority: 5 };
  await rt.addRoute(route);
  await rt.addRoute({ ...route, mode: "append" });
  await rt.deleteRoute(route);
  await rt.addRule(rule);
  await rt.deleteRule(rule);
  await rt.close();
  const REQ = NL.NLM_F_REQUEST | NL.NLM_F_ACK;
  assertEquals(seen.map((m) => [m.type, m.flags, m.seq]), [
    [NL.RTM_NEWROUTE, REQ | NL.NLM_F_CREATE, 42],
    [NL.RTM_NEWROUTE, REQ | NL.NLM_F_CREATE | NL.NLM_F_APPEND, 43],
    [NL.RTM_DELROUTE, REQ, 44],
    [NL.RTM_NEWRULE, REQ | NL.NLM_F_CREATE | NL.NLM_F_EXCL, 45],
    [NL.RTM_DELRULE, REQ, 46],
  ]);
  assertEquals([...seen[0]!.payload], [...encodeRouteRequest(route, "add")]);
  assertEquals([...seen[2]!.payload], [...encodeRouteRequest(route, "delete")]);
  assertEquals([...seen[3]!.payload], [...encodeRuleRequest(rule)]);
});

Deno.test("kernel errors on routes and rules become SyscallErrors naming the request", async () => {
  const { rt } = recordingKernel((req) =>
    req.type === NL.RTM_NEWROUTE || req.type === NL.RTM_NEWRULE
      ? Errno.EEXIST
      : req.type === NL.RTM_DELROUTE
      ? Errno.ESRCH
      : Errno.ENOENT
  );
  const expect = async (p: Promise<void>, code: string, op: RegExp) => {
    try {
      await p;
    } catch (e) {
      assertOk(e instanceof SyscallError, String(e));
      assertEquals(e.code, code);
      assertOk(op.test(e.op), e.op);
      return;
    }
    throw new Error(`expected ${code}`);
  };
  const route = { family: "inet6" as const, dst: { address: "2001:db8:1::", length: 48 } };
  await expect(rt.addRoute({ ...route, table: 7 }), "EEXIST", /add route 2001:db8:1::\/48 table 7/);
  await expect(rt.deleteRoute({ family: "inet" }), "ESRCH", /delete route default table 254/);
  await expect(
    rt.addRule({ family: "inet", action: 1, table: 9, priority: 3 }),
    "EEXIST",
    /add rule from all priority 3/,
  );
  await expect(
    rt.deleteRule({ family: "inet", src: { address: "192.0.2.0", length: 24 }, action: 1 }),
    "ENOENT",
    /delete rule from 192\.0\.2\.0\/24/,
  );
  await rt.close();
});
