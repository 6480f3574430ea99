import { assertEquals } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { engine, s, vi, vip } from "../sim/story.ts";

/** One router: VI_1 and VI_2 in group G, VI_3 alone; all masters after start. */
function threeMasters(dontReleaseVrrp = false): Lan {
  const lan = new Lan();
  const cfg = engine(
    [
      vi({ name: "VI_1", vrid: 51, syncGroup: "G" }),
      vi({ name: "VI_2", vrid: 52, syncGroup: "G", vips: [vip("192.0.2.200")] }),
      vi({ name: "VI_3", vrid: 53, vips: [vip("192.0.2.201")] }),
    ],
    [{ name: "G", members: ["VI_1", "VI_2"], notify: {} }],
  );
  lan.add("A", "192.0.2.1", { ...cfg, dontReleaseVrrp });
  lan.startAll();
  lan.at(s(10), () => lan.send("A", { type: "stop" }));
  lan.runUntil(s(11));
  return lan;
}

const story = (lan: Lan) =>
  lan.trace.filter((e) =>
    e.t === s(10) && e.action.type !== "schedule" && e.action.type !== "state"
  )
    .map((e) =>
      e.action.type === "notify"
        ? e.action.fifo
        : `${e.action.type} ${"instance" in e.action ? e.action.instance : ""}`
    );

Deno.test("shutdown: every master releases in config order, then instances STOP, then groups", () => {
  assertEquals(story(threeMasters()), [
    "advert VI_1",
    "remove-vips VI_1",
    "advert VI_2",
    "remove-vips VI_2",
    "advert VI_3",
    "remove-vips VI_3",
    'INSTANCE "VI_1" STOP 100',
    'INSTANCE "VI_2" STOP 100',
    'INSTANCE "VI_3" STOP 100',
    'GROUP "G" STOP 0',
  ]);
});

Deno.test("shutdown with --dont-release-vrrp: no priority-0 adverts, addresses stay", () => {
  assertEquals(story(threeMasters(true)), [
    'INSTANCE "VI_1" STOP 100',
    'INSTANCE "VI_2" STOP 100',
    'INSTANCE "VI_3" STOP 100',
    'GROUP "G" STOP 0',
  ]);
});

Deno.test("shutdown of a backup sends nothing but its STOP notify", () => {
  const lan = new Lan();
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150 })]));
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.startAll();
  lan.at(s(10), () => lan.send("B", { type: "stop" }));
  lan.runUntil(s(20));
  const fromB = lan.trace.filter((e) =>
    e.router === "B" && e.t === s(10) && e.action.type !== "schedule"
  )
    .map((e) => e.action.type);
  assertEquals(fromB, ["state", "notify"]);
  assertEquals(lan.mastersOf("VI_1"), ["A"]);
});
