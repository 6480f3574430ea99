import { assertEquals } from "../assert.ts";
import { unchangedStateLines } from "../../lib/notify/reload_states.ts";

const i = (name: string, state: string, effectivePriority = 100) => ({
  name,
  state,
  effectivePriority,
});

Deno.test("groups come first, then instances in order, each with its unchanged state", () => {
  const before = {
    instances: [i("VI_1", "MASTER", 150), i("VI_2", "BACKUP"), i("VI_3", "FAULT", 90)],
    groups: [{ name: "G1", state: "MASTER" }, { name: "G2", state: "FAULT" }],
  };
  assertEquals(unchangedStateLines(before, before), [
    'GROUP "G1" MASTER 0\n',
    'GROUP "G2" FAULT 0\n',
    'INSTANCE "VI_1" MASTER 150\n',
    'INSTANCE "VI_2" BACKUP 100\n',
    'INSTANCE "VI_3" FAULT 90\n',
  ]);
});

Deno.test("changed, new, removed and INIT objects get no line; the priority is the new one", () => {
  const before = {
    instances: [i("VI_1", "BACKUP"), i("VI_2", "BACKUP"), i("GONE", "MASTER"), i("VI_4", "INIT")],
    groups: [{ name: "G", state: "BACKUP" }],
  };
  const after = {
    instances: [
      i("VI_1", "MASTER"),
      i("VI_2", "BACKUP", 80),
      i("NEW", "BACKUP"),
      i("VI_4", "INIT"),
    ],
    groups: [{ name: "G", state: "MASTER" }],
  };
  assertEquals(unchangedStateLines(before, after), ['INSTANCE "VI_2" BACKUP 80\n']);
});
