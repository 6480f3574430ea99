import { assertEquals, assertMatch } from "../../assert.ts";
import { routeLines } from "../../../lib/config/lint/routes.ts";
import { at, codes, instance, model, statement, tree } from "./_model.ts";

Deno.test("lint: a virtual_routes line that does not parse is an error at its own line", () => {
  const good = ["198.51.100.0/24", "via", "192.0.2.254"];
  const bad = ["203.0.113.0/24", "vai", "192.0.2.254"];
  const kwAt = at(8);
  const inst = instance("VI_1", { virtualRoutes: [good, bad], keyAt: { virtual_routes: kwAt } });
  const d = routeLines(model({ instances: [inst] }), {
    tree: tree(
      statement(kwAt, ["virtual_routes"], [statement(at(9), good), statement(at(10), bad)]),
    ),
  });
  assertEquals(codes(d), ["VK0522"]);
  assertEquals(d[0]?.line, 10);
  assertMatch(
    d[0]?.message ?? "",
    /virtual_routes line '203\.0\.113\.0\/24 vai 192\.0\.2\.254' of 'VI_1': unknown route keyword 'vai'/,
  );
});

Deno.test("lint: a virtual_rules line with an unknown option is an error; good rules and routes are quiet", () => {
  const inst = instance("VI_1", {
    virtualRoutes: [["default", "via", "192.0.2.254", "table", "100"]],
    virtualRules: [["from", "192.0.2.85", "table", "100"], ["from", "192.0.2.86", "tabel", "100"]],
  });
  const d = routeLines(model({ instances: [inst] }), {});
  assertEquals(codes(d), ["VK0522"]);
  assertMatch(d[0]?.message ?? "", /virtual_rules line 'from 192\.0\.2\.86 tabel 100'/);
});

Deno.test("lint: the deprecated gw is a warning", () => {
  const inst = instance("VI_1", { virtualRoutes: [["198.51.100.0/24", "gw", "192.0.2.254"]] });
  const d = routeLines(model({ instances: [inst] }), {});
  assertEquals(codes(d), ["VK0523"]);
});
