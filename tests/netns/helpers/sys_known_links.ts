/**
 * `NetlinkAddresses`' knowledge of links, on the real kernel. Not a test by itself:
 * `tests/netns/sys_netlink_test.ts` runs `ip netns exec NS deno test -A THIS_FILE` inside a
 * namespace it created (the veth pairs made here die with it).
 */

import { assertEquals, assertOk } from "../../assert.ts";
import { NetlinkAddresses } from "../../../lib/agent/linux_addresses.ts";
import { loadLibc } from "../../../lib/sys/ffi.ts";

const libc = await loadLibc();

/** Runs `ip ARGS` synchronously: no netlink event can be read meanwhile. */
function ipNow(...args: string[]): string {
  const out = new Deno.Command("ip", { args }).outputSync();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`ip ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  assertOk(ok(), what);
}

function macOf(name: string): string {
  return (JSON.parse(ipNow("-j", "link", "show", "dev", name)) as { address: string }[])[0]!
    .address;
}

Deno.test("links are known from the dump and from events: MAC changes, renames and deletions", async () => {
  ipNow("link", "add", "vkd0", "type", "veth", "peer", "name", "vkp0");
  const net = new NetlinkAddresses(libc);
  const stop = await net.watchLinks(() => {});
  try {
    await until("vkd0 known", () => net.knownLink("vkd0") !== undefined);
    assertEquals(net.knownLink("vkd0")?.index, libc.ifNameToIndex("vkd0"));
    assertEquals(net.knownLink("vkd0")?.mac, macOf("vkd0"));
    ipNow("link", "set", "dev", "vkd0", "address", "02:00:5e:00:01:07");
    await until("new MAC", () => net.knownLink("vkd0")?.mac === "02:00:5e:00:01:07");
    const index = libc.ifNameToIndex("vkd0");
    ipNow("link", "set", "dev", "vkd0", "name", "vkd1");
    await until("renamed", () => net.knownLink("vkd1")?.index === index);
    assertEquals(net.knownLink("vkd0"), undefined);
    ipNow("link", "del", "vkd1");
    await until("deleted", () => net.knownLink("vkd1") === undefined);
  } finally {
    stop();
    await net.close();
  }
  assertEquals(net.knownLink("lo"), undefined, "nothing is known once events are not followed");
});

Deno.test("a VIP added with a stale index (link re-created, events unread) goes to the new link", async () => {
  ipNow("link", "add", "vkd2", "type", "veth", "peer", "name", "vkp2");
  ipNow("link", "set", "vkd2", "up");
  const net = new NetlinkAddresses(libc);
  const stop = await net.watchLinks(() => {});
  try {
    await until("vkd2 known", () => net.knownLink("vkd2") !== undefined);
    const old = net.knownLink("vkd2")!.index;
    // Re-created in this same turn: the agent has not read the events yet.
    ipNow("link", "del", "vkd2");
    ipNow("link", "add", "vkd2", "type", "veth", "peer", "name", "vkp2");
    ipNow("link", "set", "vkd2", "up");
    assertEquals(net.knownLink("vkd2")?.index, old, "still the old index");
    await net.add({ interface: "vkd2", address: "192.0.2.77", prefix: 32, family: "inet" });
    assertOk(
      ipNow("-o", "addr", "show", "dev", "vkd2").includes("192.0.2.77/32"),
      "on the new link",
    );
    await net.remove({ interface: "vkd2", address: "192.0.2.77", prefix: 32, family: "inet" });
    assertOk(!ipNow("-o", "addr", "show", "dev", "vkd2").includes("192.0.2.77"), "removed");
  } finally {
    stop();
    await net.close();
    ipNow("link", "del", "vkd2");
  }
});
