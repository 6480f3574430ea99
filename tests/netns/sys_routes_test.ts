/**
 * Routes and rules through rtnetlink on the real kernel, inside a throwaway namespace: parsed
 * from keepalived words, added (and seen by `ip -j route show table all` / `ip -j rule show`),
 * added again ("present"), deleted, and deleted again ("absent").
 */

import { assertEquals } from "../assert.ts";
import { addLocalLink, ipJson, must, NETNS_IGNORE, run, withNetns } from "./_netns.ts";

const APPLY = new URL("./helpers/sys_routes_apply.ts", import.meta.url).pathname;
const WATCH = new URL("./helpers/sys_routes_watch.ts", import.meta.url).pathname;

const ROUTES = [
  "src 192.0.2.1 to 198.51.100.0/24 via 192.0.2.254 dev IF table 1000 metric 10",
  "203.0.113.0/24 scope link",
  "blackhole 198.51.100.128/25",
  "default via 192.0.2.254 table 100",
  "2001:db8:1::/48 via 2001:db8::fe dev IF metric 1024",
  "inet6 unreachable 2001:db8:2::/48 table 100",
];
const RULES = [
  "from 192.0.2.0/24 table 100 preference 100",
  "not to 198.51.100.0/24 fwmark 0x10/0xff iif IF pref 200 table 1000",
  "from 2001:db8::/32 pref 300 blackhole",
  "pref 400 goto 500",
];

interface IpRoute {
  type?: string;
  dst: string;
  gateway?: string;
  dev?: string;
  table?: string;
  protocol?: string;
  metric?: number;
  prefsrc?: string;
  scope?: string;
}

interface IpRule {
  priority: number;
  not?: null;
  src?: string;
  srclen?: number;
  dst?: string;
  dstlen?: number;
  fwmark?: string;
  fwmask?: string;
  iif?: string;
  table?: string;
  action?: string;
  goto?: number;
  protocol?: string;
}

Deno.test({
  name: "IPv4 and IPv6 routes and rules are added, seen by `ip`, re-added and deleted twice",
  ignore: NETNS_IGNORE,
  fn: () =>
    withNetns(async (ns) => {
      const link = await addLocalLink(ns);
      const dev = link.name;
      await must(["ip", "addr", "add", "192.0.2.1/24", "dev", dev], { netns: ns });
      await must(["ip", "addr", "add", "2001:db8::1/64", "dev", dev, "nodad"], { netns: ns });
      const input = JSON.stringify({
        routes: ROUTES.map((l) => l.split(" ")),
        rules: RULES.map((l) => l.split(" ")),
      });
      const apply = async (action: "add" | "del") => {
        const r = await run([Deno.execPath(), "run", "-A", "--quiet", APPLY, action, dev], {
          netns: ns,
          stdin: input,
        });
        assertEquals(r.code, 0, r.stderr);
        return JSON.parse(r.stdout) as { routes: string[]; rules: string[] };
      };
      const ours = async () => {
        const show = (family: string) =>
          ipJson(ns, [family, "route", "show", "table", "all", "proto", "keepalived"]) as Promise<
            IpRoute[]
          >;
        const routes = [...await show("-4"), ...await show("-6")];
        const rules = [
          ...await ipJson(ns, ["-4", "rule", "show"]) as IpRule[],
          ...await ipJson(ns, ["-6", "rule", "show"]) as IpRule[],
        ].filter((r) => r.protocol === "keepalived");
        return { routes, rules };
      };
      const each = (n: number, word: string) => new Array(n).fill(word);

      assertEquals(await apply("add"), { routes: each(6, "added"), rules: each(4, "added") });
      const { routes, rules } = await ours();
      const pick = (
        r: IpRoute,
      ) => [r.type ?? "unicast", r.dst, r.gateway, r.dev, r.table ?? "main", r.metric, r.prefsrc];
      assertEquals(
        routes.map(pick).sort(),
        [
          ["unicast", "198.51.100.0/24", "192.0.2.254", dev, "1000", 10, "192.0.2.1"],
          ["unicast", "203.0.113.0/24", undefined, dev, "main", undefined, undefined],
          ["blackhole", "198.51.100.128/25", undefined, undefined, "main", undefined, undefined],
          ["unicast", "default", "192.0.2.254", dev, "100", undefined, undefined],
          ["unicast", "2001:db8:1::/48", "2001:db8::fe", dev, "main", 1024, undefined],
          ["unreachable", "2001:db8:2::/48", undefined, "lo", "100", 1024, undefined],
        ].sort(),
      );
      assertEquals(routes.find((r) => r.dst === "203.0.113.0/24")?.scope, "link");
      const pickRule = (r: IpRule) => [
        r.priority,
        r.not === null,
        r.src && r.src !== "all" ? `${r.src}/${r.srclen}` : "all",
        r.dst ? `${r.dst}/${r.dstlen}` : undefined,
        r.fwmark,
        r.fwmask,
        r.iif,
        r.table ?? r.action ?? "goto",
        r.goto,
      ];
      assertEquals(rules.map(pickRule), [
        [100, false, "192.0.2.0/24", undefined, undefined, undefined, undefined, "100", undefined],
        [200, true, "all", "198.51.100.0/24", "0x10", "0xff", dev, "1000", undefined],
        [400, false, "all", undefined, undefined, undefined, undefined, "goto", 500],
        [
          300,
          false,
          "2001:db8::/32",
          undefined,
          undefined,
          undefined,
          undefined,
          "blackhole",
          undefined,
        ],
      ]);

      assertEquals(await apply("add"), { routes: each(6, "present"), rules: each(4, "present") });
      assertEquals(await apply("del"), { routes: each(6, "removed"), rules: each(4, "removed") });
      assertEquals(await ours(), { routes: [], rules: [] });
      assertEquals(await apply("del"), { routes: each(6, "absent"), rules: each(4, "absent") });
    }),
});

Deno.test({
  name: "the route event socket is open only while a tracked virtual_routes/virtual_rules line is",
  ignore: NETNS_IGNORE,
  fn: () =>
    withNetns(async (ns) => {
      const r = await run([Deno.execPath(), "run", "-A", "--quiet", WATCH], { netns: ns });
      assertEquals(r.code, 0, r.stderr);
      assertEquals(JSON.parse(r.stdout), {
        untracked: 0,
        tracked: 1,
        noTrackOnly: 0,
        again: 1,
        unwatched: 0,
      });
    }),
});
