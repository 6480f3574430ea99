import { assertEquals } from "../assert.ts";
import { memoryLogger } from "../../lib/notify/logger.ts";
import { InterfaceTracker, type LinkEvent } from "../../lib/track/interface.ts";

/** A push-driven link event source, like a netlink socket that never ends by itself. */
function source() {
  const queue: LinkEvent[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const iterable: AsyncIterable<LinkEvent> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        while (queue.length === 0 && !closed) await new Promise<void>((r) => (wake = r));
        const value = queue.shift();
        return value ? { value, done: false } : { value: undefined, done: true };
      },
      return() {
        closed = true;
        wake?.();
        return Promise.resolve({ value: undefined, done: true as const });
      },
    }),
  };
  const push = (e: LinkEvent) => {
    queue.push(e);
    wake?.();
  };
  return { iterable, push };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

Deno.test("a tracked interface is ok only when up and running, and changes are reported once", async () => {
  const src = source();
  const seen: string[] = [];
  const logger = memoryLogger();
  const t = new InterfaceTracker({
    names: ["veth0", "veth1"],
    links: src.iterable,
    logger,
    onChange: (e) => void (e.kind === "interface" && seen.push(`${e.name}=${e.ok}`)),
  });
  t.start();
  src.push({ ifname: "veth0", up: true, running: true });
  src.push({ ifname: "veth1", up: true, running: false });
  src.push({ ifname: "eth9", up: false, running: false });
  src.push({ ifname: "veth0", up: true, running: true });
  src.push({ ifname: "veth0", up: false, running: true });
  src.push({ ifname: "veth1", up: true, running: true });
  src.push({ ifname: "veth0", up: true, running: true, deleted: true });
  await tick();
  assertEquals(seen, ["veth0=true", "veth1=false", "veth0=false", "veth1=true"]);
  assertEquals([t.isUp("veth0"), t.isUp("veth1"), t.isUp("eth9")], [false, true, undefined]);
  assertEquals(logger.lines, [
    "info: Netlink reports veth1 down",
    "info: Netlink reports veth0 down",
    "info: Netlink reports veth1 up",
  ]);
  await t.stop();
  src.push({ ifname: "veth1", up: false, running: false });
  await tick();
  assertEquals(seen.length, 4);
});

Deno.test("an event stream that fails is logged and tracking stops", async () => {
  const logger = memoryLogger();
  const t = new InterfaceTracker({
    names: ["veth0"],
    links: {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("socket closed")) }),
    },
    logger,
    onChange: () => {},
  });
  t.start();
  await t.done;
  assertEquals(logger.lines, ["error: Interface tracking stopped: Error: socket closed"]);
});
