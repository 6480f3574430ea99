import { assertEquals, assertMatch } from "../../assert.ts";
import { ineffectivePreempt } from "../../../lib/config/lint/preempt.ts";
import { at, codes, instance, model, statement, tree } from "./_model.ts";

Deno.test("lint: nopreempt with state MASTER or priority 255 has no effect", () => {
  const master = instance("VI_1", { state: "MASTER", nopreempt: true });
  const owner = instance("VI_2", { priority: 255, keyAt: { nopreempt: at(4) } });
  const d = ineffectivePreempt(model({ instances: [master, owner] }), {});
  assertEquals(codes(d), ["VK0507", "VK0507"]);
  assertMatch(d[0]?.message ?? "", /'VI_1' with 'state MASTER'/);
  assertMatch(d[1]?.message ?? "", /priority 255/);
  assertEquals(d[1]?.line, 4);
});

Deno.test("lint: nopreempt on a BACKUP below 255 is left alone", () => {
  assertEquals(
    ineffectivePreempt(model({ instances: [instance("VI_1", { nopreempt: true })] }), {}),
    [],
  );
});

Deno.test("lint: preempt_delay with nopreempt, state MASTER or strict mode has no effect", () => {
  const withNopreempt = instance("A", { nopreempt: true, preemptDelay: 10 });
  const strict = instance("B", { strict: true, preemptDelay: 5 });
  const fine = instance("C", { preemptDelay: 5 });
  const d = ineffectivePreempt(model({ instances: [withNopreempt, strict, fine] }), {});
  assertEquals(codes(d), ["VK0508", "VK0508"]);
  assertMatch(d[0]?.message ?? "", /'A' together with 'nopreempt'/);
  assertMatch(d[1]?.message ?? "", /'B' in strict mode/);
});

Deno.test("lint: the state written in the file counts, not the one a sync group derived", () => {
  const stateAt = at(3);
  const delayAt = at(4);
  const inst = instance("VI_1", { keyAt: { state: stateAt, preempt_delay: delayAt } });
  const t = tree(
    statement(stateAt, ["state", "MASTER"]),
    statement(delayAt, ["preempt_delay", "10"]),
  );
  const d = ineffectivePreempt(model({ instances: [inst] }), { tree: t });
  assertEquals(codes(d), ["VK0508"]);
  assertMatch(d[0]?.message ?? "", /state MASTER/);
});
