import fc from "fast-check";
import { assertEquals, assertOk } from "../assert.ts";
import {
  assignRulePriorities,
  installRoute,
  installRule,
  parseRoute,
  parseRule,
  removeRoute,
  removeRule,
  routeRequest,
  type RouteSpec,
  ruleRequest,
  type RuleSpec,
} from "../../lib/agent/routes.ts";
import { Errno, SyscallError } from "../../lib/sys/errno.ts";
import { encodeRouteRequest, encodeRuleRequest } from "../../lib/sys/netlink/route_msg.ts";

const split = (line: string) => line.split(/\s+/).filter(Boolean);

function route(line: string, names = {}): RouteSpec {
  const r = parseRoute(split(line), names);
  if (!r.ok) throw new Error(`"${line}": ${r.error}`);
  return r.spec;
}

function rule(line: string, names = {}): RuleSpec {
  const r = parseRule(split(line), names);
  if (!r.ok) throw new Error(`"${line}": ${r.error}`);
  return r.spec;
}

const BASE = { table: 254, protocol: 18, onlink: false, mode: "prepend", noTrack: false };

Deno.test("routes parse into typed specs with keepalived's defaults", () => {
  const cases: [string, Partial<RouteSpec>][] = [
    ["198.51.100.0/24 via 192.0.2.254", {
      family: "inet",
      dst: { address: "198.51.100.0", length: 24 },
      via: "192.0.2.254",
    }],
    ["src 192.0.2.1 to 198.51.100.0/24 via 192.0.2.254 dev eth1", {
      family: "inet",
      dst: { address: "198.51.100.0", length: 24 },
      src: "192.0.2.1",
      via: "192.0.2.254",
      dev: "eth1",
    }],
    ["203.0.113.7", { family: "inet", dst: { address: "203.0.113.7", length: 32 } }],
    ["default via 192.0.2.1 table 100", { family: "inet", via: "192.0.2.1", table: 100 }],
    ["0.0.0.0/0 gw 192.0.2.1 table 100", {
      family: "inet",
      dst: { address: "0.0.0.0", length: 0 },
      via: "192.0.2.1",
      table: 100,
    }],
    ["2001:db8:1::/48 via 2001:db8::fe metric 1024 dev eth0", {
      family: "inet6",
      dst: { address: "2001:db8:1::", length: 48 },
      via: "2001:db8::fe",
      metric: 1024,
      dev: "eth0",
    }],
    ["inet6 default via 2001:db8::1", { family: "inet6", via: "2001:db8::1" }],
    ["default6 dev eth0", { family: "inet6", dev: "eth0" }],
    ["2001:db8:2::/48 from 2001:db8:3::/48 dev eth0", {
      family: "inet6",
      dst: { address: "2001:db8:2::", length: 48 },
      from: { address: "2001:db8:3::", length: 48 },
      dev: "eth0",
    }],
    ["198.51.100.0/24 dev eth0 scope link proto static no_track", {
      family: "inet",
      dst: { address: "198.51.100.0", length: 24 },
      dev: "eth0",
      scope: 253,
      protocol: 4,
      noTrack: true,
    }],
    ["198.51.100.0/24 via 192.0.2.1 onlink tos 0x10 priority 7 append", {
      family: "inet",
      dst: { address: "198.51.100.0", length: 24 },
      via: "192.0.2.1",
      onlink: true,
      tos: 16,
      metric: 7,
      mode: "append",
    }],
    ["198.51.100.0/24 via 192.0.2.1 preference 9 add table local", {
      family: "inet",
      dst: { address: "198.51.100.0", length: 24 },
      via: "192.0.2.1",
      metric: 9,
      mode: "add",
      table: 255,
    }],
    ["198.51.100.0/24 via inet 192.0.2.1 oif eth2 table 4294967295", {
      family: "inet",
      dst: { address: "198.51.100.0", length: 24 },
      via: "192.0.2.1",
      dev: "eth2",
      table: 4294967295,
    }],
  ];
  for (const [line, expected] of cases) {
    assertEquals(route(line), { ...BASE, ...expected } as RouteSpec, line);
  }
});

Deno.test("a route type comes before the destination, with or without 'to'", () => {
  for (const type of ["blackhole", "unreachable", "prohibit", "throw", "local", "unicast"]) {
    const a = route(`${type} 203.0.113.0/24`);
    const b = route(`to ${type} 203.0.113.0/24`);
    const c = route(`${type} to 203.0.113.0/24`);
    assertEquals([a.type, a.dst], [type, { address: "203.0.113.0", length: 24 }], type);
    assertEquals(b, a);
    assertEquals(c, a);
  }
  assertEquals(route("inet6 unreachable default table 5").family, "inet6");
});

Deno.test("route warnings name deprecated words and a tracked route's reset protocol", () => {
  const gw = parseRoute(split("198.51.100.0/24 gw 192.0.2.1"));
  assertOk(gw.ok);
  assertEquals(gw.warnings, ["'gw' is deprecated; write 'via'"]);
  const proto = parseRoute(split("198.51.100.0/24 via 192.0.2.1 protocol boot"));
  assertOk(proto.ok);
  assertEquals(proto.spec.protocol, 18);
  assertOk(/protocol 3 reset to keepalived/.test(proto.warnings[0] ?? ""), proto.warnings[0]);
  const kept = parseRoute(split("198.51.100.0/24 via 192.0.2.1 protocol boot no_track"));
  assertOk(kept.ok);
  assertEquals([kept.spec.protocol, kept.warnings], [3, []]);
});

Deno.test("table and protocol names come from the given rt_tables and rt_protos maps", () => {
  const names = { tables: new Map([["vip", 100]]), protocols: new Map([["bird", 12]]) };
  const r = route("198.51.100.0/24 via 192.0.2.1 table vip protocol bird no_track", names);
  assertEquals([r.table, r.protocol], [100, 12]);
  assertEquals(rule("from 192.0.2.0/24 lookup vip pref 5", names).action, {
    kind: "table",
    table: 100,
  });
});

Deno.test("bad route lines give an error naming the bad word", () => {
  const cases: [string, string][] = [
    ["198.51.100.0/24 vai 192.0.2.1", "unknown route keyword 'vai'"],
    ["198.51.100.0/24 via", "'via' needs a value"],
    ["198.51.100.0/24 via 192.0.2.300", "invalid via address '192.0.2.300'"],
    ["198.51.100.0/24 via 2001:db8::1", "'2001:db8::1' mixes IPv4 and IPv6 in one line"],
    ["inet6 198.51.100.0/24", "'198.51.100.0/24' mixes IPv4 and IPv6 in one line"],
    ["2001:db8::/32 src 192.0.2.1", "'192.0.2.1' mixes IPv4 and IPv6 in one line"],
    ["198.51.100.0/33", "invalid destination prefix length in '198.51.100.0/33' (0..32)"],
    ["198.51.100.0/2x", "invalid destination prefix length in '198.51.100.0/2x' (0..32)"],
    ["198.51.100.1/24", "destination '198.51.100.1/24' has host bits set beyond /24"],
    ["2001:db8::1/64 dev eth0", "destination '2001:db8::1/64' has host bits set beyond /64"],
    ["via 192.0.2.1 dev eth0", "route has no destination"],
    ["198.51.100.0/24 203.0.113.0/24", "route has a second destination '203.0.113.0/24'"],
    ["198.51.100.0/24 via 192.0.2.1 table nosuch", "unknown table 'nosuch'"],
    ["198.51.100.0/24 via 192.0.2.1 table 0", "table 0 is not valid"],
    ["198.51.100.0/24 via 192.0.2.1 metric -1", "invalid metric '-1' (0..4294967295)"],
    [
      "198.51.100.0/24 via 192.0.2.1 metric 4294967296",
      "invalid metric '4294967296' (0..4294967295)",
    ],
    ["198.51.100.0/24 dev eth0 scope galaxy", "unknown scope 'galaxy'"],
    ["198.51.100.0/24 dev eth0 protocol 256", "unknown protocol '256'"],
    ["198.51.100.0/24 dev eth0 tos 300", "invalid tos '300' (0..255)"],
    ["198.51.100.0/24 via 192.0.2.1 mtu 1400", "route option 'mtu' is not supported by vipkeeper"],
    [
      "198.51.100.0/24 nexthop via 192.0.2.1",
      "route option 'nexthop' is not supported by vipkeeper",
    ],
    [
      "198.51.100.0/24 from 192.0.2.0/24 dev eth0",
      "'from 192.0.2.0/24' (source routing) is IPv6 only",
    ],
    ["blackhole 203.0.113.0/24 dev eth0", "a blackhole route takes no 'dev'"],
    ["unreachable 203.0.113.0/24 via 192.0.2.1", "a unreachable route takes no 'via'"],
    ["blackhole", "'blackhole' needs a value"],
    ["198.51.100.0/24 dev", "'dev' needs a value"],
    ["198.51.100.0/24 dev eth0:1", "invalid dev interface name 'eth0:1'"],
    ["198.51.100.0/24 oif abcdefghijklmnop", "invalid oif interface name 'abcdefghijklmnop'"],
  ];
  for (const [line, error] of cases) {
    assertEquals(parseRoute(split(line)), { ok: false, error }, line);
  }
});

const RULE_BASE = { family: "inet", not: false, protocol: 18, noTrack: false };

Deno.test("rules parse into typed specs", () => {
  const cases: [string, Partial<RuleSpec>][] = [
    ["from 192.0.2.0/24 table 1 preference 10", {
      from: { address: "192.0.2.0", length: 24 },
      action: { kind: "table", table: 1 },
      priority: 10,
    }],
    ["to 198.51.100.0/24 lookup main priority 20 no_track", {
      to: { address: "198.51.100.0", length: 24 },
      action: { kind: "table", table: 254 },
      priority: 20,
      noTrack: true,
    }],
    ["not from all to 198.51.100.0/24 fwmark 0x10/0xff iif eth0 oif eth1 pref 200 table 1000", {
      not: true,
      to: { address: "198.51.100.0", length: 24 },
      fwmark: 16,
      fwmask: 255,
      iif: "eth0",
      oif: "eth1",
      priority: 200,
      action: { kind: "table", table: 1000 },
    }],
    ["fwmark 7 dev eth0 order 5 blackhole", {
      fwmark: 7,
      iif: "eth0",
      priority: 5,
      action: { kind: "blackhole" },
    }],
    ["from 2001:db8::/32 pref 300 type unreachable", {
      family: "inet6",
      from: { address: "2001:db8::", length: 32 },
      priority: 300,
      action: { kind: "unreachable" },
    }],
    ["inet6 pref 301 prohibit", { family: "inet6", priority: 301, action: { kind: "prohibit" } }],
    ["from all pref 400 goto 500", { priority: 400, action: { kind: "goto", target: 500 } }],
    ["pref 401 nop tos 16", { priority: 401, tos: 16, action: { kind: "nop" } }],
    ["from 192.0.2.7 table 2 pref 1 protocol 12 no_track", {
      from: { address: "192.0.2.7", length: 32 },
      action: { kind: "table", table: 2 },
      priority: 1,
      protocol: 12,
      noTrack: true,
    }],
  ];
  for (const [line, expected] of cases) {
    assertEquals(rule(line), { ...RULE_BASE, ...expected } as RuleSpec, line);
  }
});

Deno.test("bad rule lines give an error naming the bad word", () => {
  const cases: [string, string][] = [
    ["from 192.0.2.0/24 tabel 1", "unknown rule keyword 'tabel'"],
    [
      "from 192.0.2.0/24 pref 5",
      "rule has no action (table, goto, nop, blackhole, unreachable, prohibit)",
    ],
    ["from 192.0.2.0/24 table 1 blackhole", "rule has a second action 'blackhole' (after 'table')"],
    ["from 192.0.2.0/24 table 0", "table 0 is not valid"],
    ["from 192.0.2.0/24 table", "'table' needs a value"],
    ["from 192.0.2.1/24 table 1", "from '192.0.2.1/24' has host bits set beyond /24"],
    ["from nowhere table 1", "invalid rule from prefix 'nowhere'"],
    [
      "from 192.0.2.0/24 to 2001:db8::/32 table 1",
      "'2001:db8::/32' mixes IPv4 and IPv6 in one line",
    ],
    ["inet6 from 192.0.2.0/24 table 1", "'192.0.2.0/24' mixes IPv4 and IPv6 in one line"],
    ["fwmark 0x10/ table 1", "invalid fwmark '0x10/' (MARK[/MASK], each 0..4294967295)"],
    ["fwmark ten table 1", "invalid fwmark 'ten' (MARK[/MASK], each 0..4294967295)"],
    ["pref -3 table 1", "invalid preference '-3' (0..4294967295)"],
    ["goto 500", "a goto rule needs a preference"],
    ["pref 500 goto 500", "goto target 500 must be above the rule's preference 500"],
    ["pref 5 goto x", "invalid goto target 'x' (0..4294967295)"],
    ["type throw pref 5", "unknown rule keyword 'throw'"],
    [
      "from 192.0.2.0/24 table 1 uidrange 1-2",
      "rule option 'uidrange' is not supported by vipkeeper",
    ],
    ["from 192.0.2.0/24 table 1 protocol x", "unknown protocol 'x'"],
    ["iif .. table 1", "invalid iif interface name '..'"],
    ["oif a/b table 1", "invalid oif interface name 'a/b'"],
  ];
  for (const [line, error] of cases) {
    assertEquals(parseRule(split(line)), { ok: false, error }, line);
  }
});

Deno.test("rules without a preference count down from 16384 per family, across calls", () => {
  const first = assignRulePriorities([
    rule("from 192.0.2.0/24 table 1"),
    rule("from 2001:db8::/32 table 1"),
    rule("from 198.51.100.0/24 table 1 pref 7"),
    rule("to 203.0.113.0/24 table 1"),
  ]);
  assertEquals(first.specs.map((s) => s.priority), [16384, 16384, 7, 16383]);
  assertEquals(first.next, { inet: 16382, inet6: 16383 });
  const second = assignRulePriorities([rule("iif eth0 table 2")], first.next);
  assertEquals(second.specs[0]?.priority, 16382);
});

Deno.test("a route request resolves dev, and uses the default device only where it must", () => {
  const index = (name: string) => ({ eth0: 2, eth1: 3 })[name] ?? -1;
  const full = routeRequest(
    route("src 192.0.2.1 to 198.51.100.0/24 via 192.0.2.254 dev eth1 table 1000 metric 10"),
    index,
    "eth0",
  );
  assertEquals(full, {
    family: "inet",
    table: 1000,
    protocol: 18,
    mode: "prepend",
    dst: { address: "198.51.100.0", length: 24 },
    prefsrc: "192.0.2.1",
    gateway: "192.0.2.254",
    oif: 3,
    metric: 10,
  });
  assertEquals(routeRequest(route("198.51.100.0/24 via 192.0.2.1"), index, "eth0").oif, undefined);
  assertEquals(routeRequest(route("198.51.100.0/24 scope link"), index, "eth0").oif, 2);
  assertEquals(routeRequest(route("198.51.100.0/24"), index).oif, undefined);
  const hole = routeRequest(route("blackhole 203.0.113.0/24"), index, "eth0");
  assertEquals([hole.oif, hole.type], [undefined, 6]);
  const v6 = routeRequest(
    route("2001:db8:2::/48 from 2001:db8:3::/48 dev eth0 onlink tos 4 add"),
    index,
  );
  assertEquals(
    [v6.src, v6.flags, v6.tos, v6.mode, v6.oif],
    [{ address: "2001:db8:3::", length: 48 }, 4, 4, "add", 2],
  );
  // The request encodes: family, lengths and attributes agree.
  assertEquals(encodeRouteRequest(full, "add")[1], 24);
});

Deno.test("a rule request carries action, table, goto, matches and protocol", () => {
  const req = ruleRequest(
    rule(
      "not to 198.51.100.0/24 from 192.0.2.0/24 fwmark 0x10/0xff iif eth0 oif eth1 pref 200 table 1000 tos 8",
    ),
  );
  assertEquals(req, {
    family: "inet",
    action: 1,
    protocol: 18,
    table: 1000,
    src: { address: "192.0.2.0", length: 24 },
    dst: { address: "198.51.100.0", length: 24 },
    invert: true,
    priority: 200,
    fwmark: 16,
    fwmask: 255,
    iif: "eth0",
    oif: "eth1",
    tos: 8,
  });
  assertEquals(ruleRequest(rule("pref 4 goto 9")), {
    family: "inet",
    action: 2,
    protocol: 18,
    goto: 9,
    priority: 4,
  });
  assertEquals(
    ["nop", "blackhole", "unreachable", "prohibit"].map((a) =>
      ruleRequest(rule(`inet6 pref 1 ${a}`)).action
    ),
    [3, 6, 7, 8],
  );
  assertEquals(encodeRuleRequest(req)[4], 0); // table 1000 goes in FRA_TABLE
});

Deno.test("EEXIST on add and ESRCH/ENOENT on delete are told apart from real failures", async () => {
  const failWith = (errno: number) => () => Promise.reject(new SyscallError("netlink", errno));
  const ok = () => Promise.resolve();
  const r = { family: "inet" as const };
  const ru = { family: "inet" as const, action: 1, table: 1 };
  assertEquals(await installRoute({ addRoute: ok }, r), "added");
  assertEquals(await installRoute({ addRoute: failWith(Errno.EEXIST) }, r), "present");
  assertEquals(await removeRoute({ deleteRoute: ok }, r), "removed");
  assertEquals(await removeRoute({ deleteRoute: failWith(Errno.ESRCH) }, r), "absent");
  assertEquals(await installRule({ addRule: failWith(Errno.EEXIST) }, ru), "present");
  assertEquals(await removeRule({ deleteRule: failWith(Errno.ENOENT) }, ru), "absent");
  assertEquals(await removeRule({ deleteRule: ok }, ru), "removed");
  for (
    const p of [
      () => installRoute({ addRoute: failWith(Errno.ENETUNREACH) }, r),
      () => removeRoute({ deleteRoute: failWith(Errno.EPERM) }, r),
      () => installRule({ addRule: failWith(Errno.EINVAL) }, ru),
      () => removeRule({ deleteRule: () => Promise.reject(new Error("socket closed")) }, ru),
    ]
  ) {
    let thrown: unknown;
    await p().catch((e) => (thrown = e));
    assertOk(thrown instanceof Error, "a real failure must be thrown");
  }
});

const bytesToV6 = (b: number[]) =>
  Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16)).join(":");

const masked = (bytes: number[], length: number) =>
  bytes.map((b, i) => b & ((0xff << (8 - Math.min(8, Math.max(0, length - 8 * i)))) & 0xff));

Deno.test("any prefix with clear host bits parses and encodes to its own length and bytes", () => {
  const v4 = fc.tuple(fc.array(fc.nat(255), { minLength: 4, maxLength: 4 }), fc.nat(32))
    .map(([b, len]) => ({ bytes: masked(b, len), len, text: masked(b, len).join(".") }));
  const v6 = fc.tuple(fc.array(fc.nat(255), { minLength: 16, maxLength: 16 }), fc.nat(128))
    .map(([b, len]) => ({ bytes: masked(b, len), len, text: bytesToV6(masked(b, len)) }));
  fc.assert(fc.property(fc.oneof(v4, v6), ({ bytes, len, text }) => {
    const r = parseRoute([`${text}/${len}`, "dev", "eth0", "table", "1000"]);
    assertOk(r.ok, `${text}/${len}: ${r.ok || r.error}`);
    const payload = encodeRouteRequest(routeRequest(r.spec, () => 7), "add");
    assertEquals([payload[0], payload[1]], [bytes.length === 4 ? 2 : 10, len]);
    // RTA_TABLE (8 bytes) first, then RTA_DST unless the prefix is /0.
    const dst = len === 0 ? [] : [...payload.subarray(12 + 8 + 4, 12 + 8 + 4 + bytes.length)];
    assertEquals(dst, len === 0 ? [] : bytes);
  }));
});

Deno.test("the parsers answer any words with a spec that encodes or an error, never a throw", () => {
  const word = fc.oneof(
    fc.constantFrom(
      "to",
      "via",
      "dev",
      "table",
      "from",
      "src",
      "metric",
      "goto",
      "pref",
      "fwmark",
      "not",
      "blackhole",
      "inet6",
      "default",
      "192.0.2.0/24",
      "2001:db8::/32",
      "0x10/0xff",
      "1",
      "eth0",
      "lookup",
      "scope",
      "link",
      "no_track",
      "type",
      "all",
      "/",
      "::",
      "1.2.3",
      "",
      "iif",
      "oif",
    ),
    fc.string({ maxLength: 6 }),
  );
  fc.assert(
    fc.property(fc.array(word, { maxLength: 8 }), (words) => {
      const route = parseRoute(words), rule = parseRule(words);
      for (const r of [route, rule]) assertOk(r.ok || r.error.length > 0);
      // What parses also encodes.
      if (route.ok) encodeRouteRequest(routeRequest(route.spec, () => 1, "eth0"), "add");
      if (rule.ok) encodeRuleRequest(ruleRequest(rule.spec));
    }),
    { numRuns: 2000 },
  );
});
