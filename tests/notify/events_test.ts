import { assertEquals } from "../assert.ts";
import { NotifyEvents } from "../../lib/notify/events.ts";

const ev = (name: string) => ({
  kind: "instance" as const,
  name,
  state: "MASTER" as const,
  priority: 100,
  time: 5,
});

Deno.test("events are numbered in publication order and reach listeners and iterators", async () => {
  const hub = new NotifyEvents();
  const heard: number[] = [];
  hub.on((e) => void heard.push(e.seq));
  const it = hub[Symbol.asyncIterator]();
  hub.publish(ev("VI_1"));
  hub.publish(ev("VI_2"));
  const a = await it.next();
  const b = await it.next();
  assertEquals(heard, [1, 2]);
  assertEquals([a.value?.name, b.value?.name, b.value?.seq, hub.lastSeq], ["VI_1", "VI_2", 2, 2]);
});

Deno.test("a waiting iterator wakes on publish and ends on close", async () => {
  const hub = new NotifyEvents();
  const got: string[] = [];
  const reader = (async () => {
    for await (const e of hub) got.push(`${e.seq}:${e.name}`);
  })();
  await new Promise((r) => setTimeout(r, 0));
  hub.publish(ev("VI_1"));
  await new Promise((r) => setTimeout(r, 0));
  hub.publish(ev("VI_2"));
  hub.close();
  await reader;
  assertEquals(got, ["1:VI_1", "2:VI_2"]);
});

Deno.test("a slow iterator loses the oldest events and sees the gap in seq", async () => {
  const hub = new NotifyEvents(2);
  const it = hub[Symbol.asyncIterator]();
  for (const n of ["a", "b", "c", "d"]) hub.publish(ev(n));
  const first = await it.next();
  assertEquals(first.value?.seq, 3);
  await it.return?.();
  hub.publish(ev("e"));
  assertEquals((await it.next()).done, true);
});

Deno.test("a throwing listener does not stop the others", () => {
  const errors: unknown[] = [];
  const hub = new NotifyEvents(10, (e) => void errors.push(e));
  const heard: string[] = [];
  hub.on(() => {
    throw new Error("boom");
  });
  hub.on((e) => void heard.push(e.name));
  hub.publish(ev("VI_1"));
  assertEquals([heard, errors.length], [["VI_1"], 1]);
});
