import { assertEquals, assertMatch } from "../../assert.ts";
import { undefinedSyncMembers, undefinedTrackers } from "../../../lib/config/lint/references.ts";
import { at, codes, instance, model, script, syncGroup } from "./_model.ts";

Deno.test("lint: track_script naming an undefined script is an error with a did-you-mean", () => {
  const inst = instance("VI_1", {
    trackScript: [{ name: "chk_servce", weight: 0, reverse: false, at: at(9) }],
  });
  const d = undefinedTrackers(model({ instances: [inst], scripts: [script("chk_service")] }), {});
  assertEquals(codes(d), ["VK0504"]);
  assertEquals(d[0]?.line, 9);
  assertMatch(d[0]?.message ?? "", /vrrp_script 'chk_servce'/);
  assertMatch(d[0]?.hint ?? "", /did you mean 'chk_service'/);
});

Deno.test("lint: track_file and track_process in a sync group must name defined blocks", () => {
  const g = syncGroup("G1", [], {
    trackFile: [{ name: "f1", weight: 1, reverse: false }],
    trackProcess: [{ name: "p1", weight: 0, reverse: false }],
  });
  const d = undefinedTrackers(model({ syncGroups: [g] }), {});
  assertEquals(codes(d), ["VK0504", "VK0504"]);
  assertMatch(d[0]?.message ?? "", /track_file 'f1'/);
  assertMatch(d[1]?.message ?? "", /vrrp_track_process 'p1'/);
});

Deno.test("lint: defined trackers are not reported", () => {
  const inst = instance("VI_1", { trackScript: [{ name: "chk", weight: 0, reverse: false }] });
  assertEquals(undefinedTrackers(model({ instances: [inst], scripts: [script("chk")] }), {}), []);
});

Deno.test("lint: a sync group member that is not an instance is an error", () => {
  const g = syncGroup("G1", ["VI_1", "VI_2"], { keyAt: { group: at(20) } });
  const d = undefinedSyncMembers(model({ instances: [instance("VI_1")], syncGroups: [g] }), {});
  assertEquals(codes(d), ["VK0505"]);
  assertEquals(d[0]?.line, 20);
  assertMatch(d[0]?.message ?? "", /lists 'VI_2'/);
  assertMatch(d[0]?.hint ?? "", /did you mean 'VI_1'/);
});
