import { assertEquals, assertOk } from "../assert.ts";
import { InstanceIo } from "../../lib/agent/_instance_io.ts";
import type { Advert } from "../../lib/vrrp/advert.ts";
import { checkViewFromInstance } from "../../lib/vrrp/checks.ts";
import { decodeAdvert, encodeAdvert } from "../../lib/vrrp/packet.ts";
import { globalDefs, instance, vip } from "../_fixtures/model.ts";

function io(extra: Parameters<typeof instance>[1] = {}): InstanceIo {
  const inst = instance("VI_1", {
    interface: "eth0",
    vrid: 51,
    version: 3,
    vips: [vip("192.0.2.100", { prefix: 24 })],
    ...extra,
  });
  const g = globalDefs();
  const i = new InstanceIo(inst, g, checkViewFromInstance(inst, g.mcastGroup4));
  i.source = "192.0.2.1";
  return i;
}

function advert(priority: number, addresses = ["192.0.2.100"]): Advert {
  return { version: 3, vrid: 51, priority, intervalCs: 100, family: "inet", addresses };
}

Deno.test("outgoing encodes one packet to the group with a valid checksum", () => {
  const [p, ...rest] = io().outgoing(advert(100));
  assertEquals(rest.length, 0);
  assertEquals([p?.destination, p?.source, p?.ttl], ["224.0.0.18", "192.0.2.1", 255]);
  const expected = encodeAdvert(advert(100), { source: "192.0.2.1", destination: "224.0.0.18" });
  assertEquals(p?.message, expected);
  const decoded = decodeAdvert(p!.message, {
    family: "inet",
    verifyChecksum: true,
    source: "192.0.2.1",
    destination: "224.0.0.18",
  });
  assertOk(decoded.ok);
});

Deno.test("outgoing hands out the same packets again for an unchanged advert", () => {
  const i = io();
  const first = i.outgoing(advert(100));
  assertOk(i.outgoing(advert(100)) === first, "an equal advert is not encoded again");
});

Deno.test("outgoing encodes again when the priority, the addresses or the source change", () => {
  const i = io();
  const addresses = ["192.0.2.100"];
  const a = i.outgoing(advert(100, addresses))[0]!.message.slice();
  const zero = i.outgoing(advert(0, addresses))[0]!.message;
  assertEquals(zero[2], 0);
  assertOk(zero.some((b, k) => b !== a[k]));
  // The same array changed in place must not give the old bytes.
  addresses[0] = "192.0.2.101";
  const moved = i.outgoing(advert(0, addresses))[0]!.message;
  assertEquals([...moved.subarray(8, 12)], [192, 0, 2, 101]);
  i.source = "192.0.2.2";
  const other = i.outgoing(advert(0, addresses))[0]!;
  assertEquals(other.source, "192.0.2.2");
  assertOk(other.message[6] !== moved[6] || other.message[7] !== moved[7], "checksum differs");
});

Deno.test("outgoing sends one copy per unicast peer, each with its own checksum", () => {
  const i = io({ unicastPeers: [{ address: "198.51.100.2" }, { address: "198.51.100.3" }] });
  const packets = i.outgoing(advert(100));
  assertEquals(packets.map((p) => p.destination), ["198.51.100.2", "198.51.100.3"]);
  assertOk(
    packets[0]!.message[6] !== packets[1]!.message[6] ||
      packets[0]!.message[7] !== packets[1]!.message[7],
  );
  assertOk(i.outgoing(advert(100)) === packets);
});

Deno.test("outgoing sends nothing without a source address", () => {
  const i = io();
  i.source = undefined;
  assertEquals(i.outgoing(advert(100)).length, 0);
});
