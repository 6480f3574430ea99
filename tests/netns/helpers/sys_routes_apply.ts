/**
 * `deno run -A sys_routes_apply.ts add|del IFNAME`: reads `{ routes: string[][], rules:
 * string[][] }` (keepalived words; `IF` stands for IFNAME) as JSON on stdin, parses each line
 * with `lib/agent/routes.ts`, and adds (routes, then rules) or deletes (rules, then routes)
 * them through `Rtnetlink`, `dev` defaulting to IFNAME. Prints the outcomes as JSON:
 * `{ routes: ["added" | "present" | "removed" | "absent"], rules: [...] }`. Run inside a test
 * namespace.
 */

import {
  installRoute,
  installRule,
  parseRoute,
  parseRule,
  removeRoute,
  removeRule,
  routeRequest,
  ruleRequest,
} from "../../../lib/agent/routes.ts";
import { loadLibc } from "../../../lib/sys/ffi.ts";
import { Rtnetlink } from "../../../lib/sys/netlink/rtnetlink.ts";
import { openNetlinkSocket } from "../../../lib/sys/netlink/socket.ts";

const [action, ifName] = Deno.args;
if ((action !== "add" && action !== "del") || !ifName) throw new Error("usage: add|del IFNAME");
const input = JSON.parse(await new Response(Deno.stdin.readable).text()) as {
  routes: string[][];
  rules: string[][];
};
const subst = (words: string[]) => words.map((w) => (w === "IF" ? ifName : w));
const routes = input.routes.map((words) => {
  const r = parseRoute(subst(words));
  if (!r.ok) throw new Error(`${words.join(" ")}: ${r.error}`);
  return r.spec;
});
const rules = input.rules.map((words) => {
  const r = parseRule(subst(words));
  if (!r.ok) throw new Error(`${words.join(" ")}: ${r.error}`);
  return r.spec;
});

const libc = await loadLibc();
const rt = new Rtnetlink(openNetlinkSocket(libc));
const index = (name: string) => libc.ifNameToIndex(name);
const out: { routes: string[]; rules: string[] } = { routes: [], rules: [] };
try {
  if (action === "add") {
    for (const s of routes) out.routes.push(await installRoute(rt, routeRequest(s, index, ifName)));
    for (const s of rules) out.rules.push(await installRule(rt, ruleRequest(s)));
  } else {
    for (const s of rules) out.rules.push(await removeRule(rt, ruleRequest(s)));
    for (const s of routes) out.routes.push(await removeRoute(rt, routeRequest(s, index, ifName)));
  }
} finally {
  await rt.close();
}
console.log(JSON.stringify(out));
