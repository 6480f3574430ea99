import { assertEquals, assertMatch } from "../../assert.ts";
import { syncGroupWeights } from "../../../lib/config/lint/sync_weights.ts";
import { at, codes, instance, model, script, statement, syncGroup, tree } from "./_model.ts";

Deno.test("lint: a weighted track_interface in a sync-group member becomes a fault tracker", () => {
  const inst = instance("VI_1", {
    trackInterface: [{ name: "eth1", weight: 10, reverse: false, weightGiven: true, at: at(7) }],
  });
  const d = syncGroupWeights(
    model({ instances: [inst], syncGroups: [syncGroup("G", ["VI_1"])] }),
    {},
  );
  assertEquals(codes(d), ["VK0506"]);
  assertEquals(d[0]?.line, 7);
  assertMatch(d[0]?.message ?? "", /forces the weight 10 of tracked interface 'eth1' to 0/);
  assertMatch(d[0]?.message ?? "", /whole group goes to FAULT/);
  assertMatch(d[0]?.hint ?? "", /sync_group_tracking_weight/);
});

Deno.test("lint: a script weighted in its vrrp_script block is removed from a sync-group member", () => {
  const inst = instance("VI_1", {
    trackScript: [{ name: "chk", weight: 20, reverse: false, weightGiven: false }],
  });
  const m = model({
    instances: [inst],
    scripts: [script("chk", { weight: 20 })],
    syncGroups: [syncGroup("G", ["VI_1"])],
  });
  const d = syncGroupWeights(m, {});
  assertMatch(d[0]?.message ?? "", /removes tracked script 'chk' \(weight 20\)/);
});

Deno.test("lint: a resolved model is judged by what the syntax tree says was written", () => {
  // Validation removed the weighted script and zeroed nothing else: the tree still has it.
  const blockAt = at(8);
  const inst = instance("VI_1", { keyAt: { track_script: blockAt }, trackScript: [] });
  const t = tree(statement(at(1, 1), ["vrrp_instance", "VI_1"], [
    statement(blockAt, ["track_script"], [
      statement(at(9, 9), ["chk", "weight", "-30"]),
      statement(at(10, 9), ["chk_plain"]),
    ]),
  ]));
  const m = model({
    instances: [inst],
    scripts: [script("chk"), script("chk_plain")],
    syncGroups: [syncGroup("G", ["VI_1"])],
  });
  const d = syncGroupWeights(m, { tree: t });
  assertEquals(codes(d), ["VK0506"]);
  assertEquals(d[0]?.line, 9);
  assertMatch(d[0]?.message ?? "", /'chk' \(weight -30\)/);
});

Deno.test("lint: a track_file with the default weight 1 turns into a fault tracker", () => {
  const inst = instance("VI_1", {
    trackFile: [{ name: "f", weight: 1, reverse: false, weightGiven: false }],
  });
  const m = model({
    instances: [inst],
    trackFiles: [{ name: "f", file: "/run/f", weight: 1, reverse: false }],
    syncGroups: [syncGroup("G", ["VI_1"])],
  });
  assertMatch(syncGroupWeights(m, {})[0]?.message ?? "", /default weight 1 .* FAULT/);
});

Deno.test("lint: sync_group_tracking_weight and unweighted trackers are fine", () => {
  const inst = instance("VI_1", {
    trackInterface: [{ name: "eth1", weight: 10, reverse: false, weightGiven: true }],
    trackScript: [{ name: "chk", weight: 0, reverse: false }],
  });
  const keep = syncGroup("G", ["VI_1"], { syncGroupTrackingWeight: true });
  const m = model({ instances: [inst], scripts: [script("chk")], syncGroups: [keep] });
  assertEquals(syncGroupWeights(m, {}), []);
  const plain = instance("VI_2", { trackScript: [{ name: "chk", weight: 0, reverse: false }] });
  const m2 = model({
    instances: [plain],
    scripts: [script("chk")],
    syncGroups: [syncGroup("G", ["VI_2"])],
  });
  assertEquals(syncGroupWeights(m2, {}), []);
});
