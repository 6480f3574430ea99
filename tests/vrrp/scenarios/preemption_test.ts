import { assertEquals, assertOk } from "../../assert.ts";
import { Lan } from "../sim/lan.ts";
import { downV2, engine, s, vi } from "../sim/story.ts";
import type { InstanceConfig } from "../../../lib/vrrp/engine_config.ts";

/** B (100) alone is master from 3.609375 s; A joins at 10 s with the given settings. */
function lateJoiner(a: Partial<InstanceConfig>): Lan {
  const lan = new Lan();
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.add("A", "192.0.2.1", engine([vi({ priority: 150, ...a })]));
  lan.send("B", { type: "start" });
  lan.at(s(10), () => lan.send("A", { type: "start" }));
  return lan;
}

Deno.test("a higher priority router that joins later preempts at its own Master_Down_Interval", () => {
  const lan = lateJoiner({});
  lan.runUntil(s(30));
  assertEquals(lan.transitions(), [
    "0 B VI_1 INIT→BACKUP",
    `${downV2(100)} B VI_1 BACKUP→MASTER`,
    `${s(10)} A VI_1 INIT→BACKUP`,
    `${s(10) + downV2(150)} A VI_1 BACKUP→MASTER`,
    `${s(10) + downV2(150)} B VI_1 MASTER→BACKUP`,
  ]);
  // While waiting, A discarded B's lower adverts instead of resetting its timer.
  assertOk(lan.actions("log", "A").some((l) => l.action.message.includes("discarding")));
});

Deno.test("the master stepping down sends no priority-0 advert", () => {
  const lan = lateJoiner({});
  lan.runUntil(s(30));
  const t = s(10) + downV2(150);
  const fromB = lan.trace.filter((e) =>
    e.router === "B" && e.t === t && e.action.type !== "schedule"
  )
    .map((e) => e.action.type);
  assertEquals(fromB, ["remove-vips", "state", "notify"]);
  assertEquals(lan.router("B").engine.status().instances[0]?.stats.priZeroSent, 0);
});

Deno.test("nopreempt: a higher priority backup never takes over from a live master", () => {
  const lan = lateJoiner({ nopreempt: true });
  lan.runUntil(s(120));
  assertEquals(lan.mastersOf("VI_1"), ["B"]);
  assertEquals(lan.transitions().filter((t) => t.includes(" A ")), [`${s(10)} A VI_1 INIT→BACKUP`]);
});

Deno.test("nopreempt: the backup still takes over when the master dies", () => {
  const lan = lateJoiner({ nopreempt: true });
  lan.at(s(60), () => lan.crash("B"));
  lan.runUntil(s(70));
  const lastFromB = lan.actions("advert", "B").at(-1)?.t ?? 0;
  assertEquals(lan.transitions().at(-1), `${lastFromB + downV2(150)} A VI_1 BACKUP→MASTER`);
});

Deno.test("preempt_delay: lower adverts are accepted for the delay, then the takeover follows", () => {
  const lan = lateJoiner({ preemptDelayUs: s(10) });
  lan.runUntil(s(40));
  // B advertises at 3.609375 s + k; the first one A hears is at 10.609375 s and opens the window
  // until 20.609375 s; the last one accepted is at 19.609375 s.
  const firstHeard = downV2(100) + s(7);
  assertEquals(firstHeard, 10_609_375);
  assertOk(
    lan.actions("log", "A").some((l) =>
      l.t === firstHeard && l.action.message === "start preempt delay"
    ),
  );
  const lastAccepted = firstHeard + s(9);
  assertEquals(lan.transitions().slice(-2), [
    `${lastAccepted + downV2(150)} A VI_1 BACKUP→MASTER`,
    `${lastAccepted + downV2(150)} B VI_1 MASTER→BACKUP`,
  ]);
});

Deno.test("a backup whose tracker raises it above the master preempts, its timer shifted by the skew", () => {
  const lan = new Lan();
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.add(
    "A",
    "192.0.2.1",
    engine([vi({
      priority: 90,
      trackers: [{ kind: "script", name: "chk", weight: 60, reverse: false }],
    })]),
  );
  lan.startAll();
  lan.at(s(10), () => lan.send("A", { type: "tracker", kind: "script", name: "chk", ok: true }));
  lan.runUntil(s(20));
  const lastAccepted = downV2(100) + s(6);
  assertEquals(lan.actions("priority", "A").map((p) => [p.t, p.action.from, p.action.to]), [
    [s(10), 90, 150],
  ]);
  assertEquals(lan.transitions().slice(-2), [
    `${lastAccepted + downV2(150)} A VI_1 BACKUP→MASTER`,
    `${lastAccepted + downV2(150)} B VI_1 MASTER→BACKUP`,
  ]);
});

Deno.test("a master whose tracker drops it below the backup loses at the backup's Master_Down", () => {
  const lan = new Lan();
  const chk = { kind: "script" as const, name: "chk", weight: -60, reverse: false };
  lan.add(
    "A",
    "192.0.2.1",
    engine([vi({ priority: 150, trackers: [chk], higherPrioSendAdvert: true })]),
  );
  lan.add("B", "192.0.2.2", engine([vi({ priority: 100 })]));
  lan.send("A", { type: "tracker", kind: "script", name: "chk", ok: true });
  lan.startAll();
  lan.at(s(10), () => lan.send("A", { type: "tracker", kind: "script", name: "chk", ok: false }));
  lan.runUntil(s(20));
  const lastAccepted = downV2(150) + s(6);
  const t = lastAccepted + downV2(100);
  assertEquals(lan.transitions().slice(-2), [
    `${t} B VI_1 BACKUP→MASTER`,
    `${t} A VI_1 MASTER→BACKUP`,
  ]);
  // higher_prio_send_advert: A answers the better advert with its own (priority 90) first.
  const fromA = lan.trace.filter((e) =>
    e.router === "A" && e.t === t && e.action.type !== "schedule"
  );
  assertEquals(fromA.map((e) => e.action.type), ["advert", "remove-vips", "state", "notify"]);
  const adv = fromA[0]?.action;
  assertEquals(adv?.type === "advert" ? adv.advert.priority : -1, 90);
});
