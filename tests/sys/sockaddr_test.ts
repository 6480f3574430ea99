import { assertEquals } from "../assert.ts";
import {
  parseCmsgs,
  sockaddrAddress,
  sockaddrIn,
  sockaddrIn6,
  sockaddrLl,
} from "../../lib/sys/_sockaddr.ts";

Deno.test("sockaddr_in carries family 2, port 0 and the address", () => {
  assertEquals([...sockaddrIn("224.0.0.18")], [2, 0, 0, 0, 224, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0, 0]);
});

Deno.test("sockaddr_in6 carries family 10, the address and the scope id", () => {
  const b = sockaddrIn6("ff02::12", 7);
  assertEquals(b.length, 28);
  assertEquals([...b.subarray(0, 8)], [10, 0, 0, 0, 0, 0, 0, 0]);
  assertEquals([...b.subarray(8, 10)], [0xff, 0x02]);
  assertEquals(b[23], 0x12);
  assertEquals([...b.subarray(24)], [7, 0, 0, 0]);
  assertEquals(sockaddrAddress(b, 28), "ff02::12");
  assertEquals(sockaddrAddress(sockaddrIn("192.0.2.9"), 16), "192.0.2.9");
});

Deno.test("sockaddr_ll names the interface, the protocol in network order and the MAC", () => {
  const b = sockaddrLl(3, 0x0806, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
  assertEquals([...b], [
    17,
    0,
    0x08,
    0x06,
    3,
    0,
    0,
    0,
    0,
    0,
    0,
    6,
    255,
    255,
    255,
    255,
    255,
    255,
    0,
    0,
  ]);
});

Deno.test("control messages split on 8-byte boundaries (IPV6_PKTINFO then IPV6_HOPLIMIT)", () => {
  const control = Uint8Array.of(
    ...[36, 0, 0, 0, 0, 0, 0, 0], // cmsg_len 16 + 20
    ...[41, 0, 0, 0, 50, 0, 0, 0], // IPPROTO_IPV6, IPV6_PKTINFO
    ...[0xff, 2, ...new Array(13).fill(0), 0x12], // ff02::12
    ...[4, 0, 0, 0], // ifindex 4
    ...[0, 0, 0, 0], // padding to 40
    ...[20, 0, 0, 0, 0, 0, 0, 0], // cmsg_len 16 + 4
    ...[41, 0, 0, 0, 52, 0, 0, 0], // IPV6_HOPLIMIT
    ...[255, 0, 0, 0],
  );
  const ms = parseCmsgs(control, control.length);
  assertEquals(ms.map((m) => [m.level, m.type, m.data.length]), [[41, 50, 20], [41, 52, 4]]);
  assertEquals(ms[1]!.data[0], 255);
  assertEquals(parseCmsgs(control, 30).length, 0, "a truncated first message yields nothing");
});
