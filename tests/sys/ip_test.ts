import fc from "fast-check";
import { assertEquals, assertThrows } from "../assert.ts";
import { formatIp, formatMac, parseIp, parseMac } from "../../lib/sys/_ip.ts";

Deno.test("IPv4 and IPv6 text parse to network-order bytes", () => {
  assertEquals([...parseIp("192.0.2.1")], [192, 0, 2, 1]);
  assertEquals([...parseIp("ff02::12")], [0xff, 2, ...new Array(13).fill(0), 0x12]);
  assertEquals([...parseIp("::ffff:192.0.2.1")].slice(10), [0xff, 0xff, 192, 0, 2, 1]);
  assertEquals([...parseIp("fe80::1%eth0")].slice(0, 2), [0xfe, 0x80]);
});

Deno.test("malformed addresses are rejected", () => {
  for (
    const bad of [
      "192.0.2",
      "192.0.2.256",
      "1::2::3",
      "2001:db8:::1",
      "g::1",
      "1:2:3:4:5:6:7:8:9",
      "",
    ]
  ) {
    assertThrows(() => parseIp(bad));
  }
});

Deno.test("IPv6 is formatted the RFC 5952 way (longest zero run, lower case)", () => {
  assertEquals(formatIp(parseIp("2001:DB8:0:0:1:0:0:1")), "2001:db8::1:0:0:1");
  assertEquals(formatIp(parseIp("2001:db8:0:1:1:1:1:1")), "2001:db8:0:1:1:1:1:1");
  assertEquals(formatIp(new Uint8Array(16)), "::");
  assertEquals(formatIp(parseIp("fe80::")), "fe80::");
});

Deno.test("formatting then parsing any address gives the same bytes", () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
    assertEquals([...parseIp(formatIp(b))], [...b]);
  }));
  fc.assert(fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (b) => {
    assertEquals([...parseIp(formatIp(b))], [...b]);
  }));
});

Deno.test("MAC addresses round-trip and bad ones are rejected", () => {
  assertEquals(formatMac(parseMac("02:00:5E:00:01:33")), "02:00:5e:00:01:33");
  assertThrows(() => parseMac("02:00:5e:00:01"), /MAC/);
});
