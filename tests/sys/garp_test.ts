import { assertEquals, assertThrows } from "../assert.ts";
import { buildGarpFrame } from "../../lib/sys/garp.ts";

Deno.test("a gratuitous ARP is a broadcast ARP request with sender and target IP both the VIP", () => {
  const frame = buildGarpFrame("02:00:5e:00:01:33", "192.0.2.100");
  assertEquals([...frame], [
    ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // Ethernet destination: broadcast
    ...[0x02, 0x00, 0x5e, 0x00, 0x01, 0x33], // Ethernet source: the interface MAC
    ...[0x08, 0x06], // EtherType ARP
    ...[0x00, 0x01], // hardware type Ethernet
    ...[0x08, 0x00], // protocol type IPv4
    ...[6, 4], // address lengths
    ...[0x00, 0x01], // opcode 1: request
    ...[0x02, 0x00, 0x5e, 0x00, 0x01, 0x33], // sender hardware address
    ...[192, 0, 2, 100], // sender IP: the VIP
    ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // target hardware address: broadcast
    ...[192, 0, 2, 100], // target IP: the VIP
  ]);
});

Deno.test("the MAC may be given as bytes, and IPv6 or malformed input is refused", () => {
  const mac = Uint8Array.of(2, 0, 0, 0, 0, 9);
  assertEquals([...buildGarpFrame(mac, "198.51.100.1").subarray(6, 12)], [...mac]);
  assertThrows(() => buildGarpFrame(mac, "2001:db8::1"), /IPv4/);
  assertThrows(() => buildGarpFrame("02:00", "192.0.2.1"), /MAC/);
});
