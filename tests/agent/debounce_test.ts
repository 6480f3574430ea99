import { assertEquals } from "../assert.ts";
import { LinkDebounce } from "../../lib/agent/_debounce.ts";
import { model } from "../_fixtures/model.ts";
import { VirtualClock } from "./_fake_world.ts";

function debounced(delays: { interface: string; down: number; up: number }[]) {
  const clock = new VirtualClock();
  const seen: string[] = [];
  const d = new LinkDebounce(
    clock,
    (i, up) => seen.push(`${clock.now()} ${i} ${up ? "up" : "down"}`),
  );
  d.setModel(model({ interfaceDelays: delays }));
  return { clock, seen, d };
}

Deno.test("debounce: a link down for longer than its delay is reported when the delay ran out", async () => {
  const { clock, seen, d } = debounced([{ interface: "eth0", down: 2, up: 0.5 }]);
  d.change("eth0", false);
  await clock.runUntil(1_999_999);
  assertEquals(seen, []);
  await clock.runUntil(2_000_000);
  assertEquals(seen, ["2000000 eth0 down"]);
  d.change("eth0", true);
  await clock.runUntil(3_000_000);
  assertEquals(seen, ["2000000 eth0 down", "2500000 eth0 up"]);
});

Deno.test("debounce: a flap back within the delay is never seen", async () => {
  const { clock, seen, d } = debounced([{ interface: "eth0", down: 2, up: 0 }]);
  d.change("eth0", false);
  await clock.runUntil(1_000_000);
  d.change("eth0", true);
  await clock.runUntil(5_000_000);
  assertEquals(seen, []);
});

Deno.test("debounce: interfaces without a delay, and delays of 0, pass changes on at once", async () => {
  const { clock, seen, d } = debounced([{ interface: "eth0", down: 0, up: 0 }]);
  d.change("eth0", false);
  d.change("eth1", false);
  await clock.runUntil(1);
  assertEquals(seen, ["0 eth0 down", "0 eth1 down"]);
});

Deno.test("debounce: stop drops what is waiting", async () => {
  const { clock, seen, d } = debounced([{ interface: "eth0", down: 1, up: 0 }]);
  d.change("eth0", false);
  d.stop();
  await clock.runUntil(5_000_000);
  assertEquals(seen, []);
});
