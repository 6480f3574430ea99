import fc from "fast-check";
import { assertEquals, assertOk } from "../assert.ts";
import {
  addressLength,
  canonicalAddress,
  compareAddresses,
  formatAddress,
  formatIpv4,
  formatIpv6,
  isMulticast,
  parseAddress,
  parseIpv4Number,
} from "../../lib/vrrp/addr.ts";

Deno.test("dotted quads parse strictly, as inet_pton does", () => {
  assertEquals(parseIpv4Number("0.0.0.0"), 0);
  assertEquals(parseIpv4Number("255.255.255.255"), 0xffffffff);
  assertEquals(parseIpv4Number("198.51.100.7"), 0xc6336407);
  for (
    const bad of [
      "",
      "1.2.3",
      "1.2.3.4.5",
      "256.0.0.1",
      "01.2.3.4",
      "1..2.3",
      "1.2.3.",
      " 1.2.3.4",
      "1.2.3.4/24",
      "a.b.c.d",
    ]
  ) {
    assertEquals(parseIpv4Number(bad), undefined, bad);
  }
});

Deno.test("IPv6 text parses with ::, embedded IPv4 and either case", () => {
  const cases: [string, string][] = [
    ["::", "00000000000000000000000000000000"],
    ["::1", "00000000000000000000000000000001"],
    ["ff02::12", "ff020000000000000000000000000012"],
    ["2001:DB8::54", "20010db8000000000000000000000054"],
    ["1:2:3:4:5:6:7:8", "00010002000300040005000600070008"],
    ["fe80::", "fe800000000000000000000000000000"],
    ["::ffff:192.0.2.1", "00000000000000000000ffffc0000201"],
  ];
  for (const [text, hexBytes] of cases) {
    const b = parseAddress(text, "inet6");
    assertOk(b, text);
    assertEquals(Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""), hexBytes, text);
  }
  for (
    const bad of [
      ":",
      ":::",
      "1::2::3",
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9",
      "12345::",
      "fe80::1%eth0",
      "1.2.3.4::",
      "g::1",
      "1:2:3:4:5:6:7::8",
    ]
  ) {
    assertEquals(parseAddress(bad), undefined, bad);
  }
});

Deno.test("parseAddress keeps to the family it is asked for", () => {
  assertEquals(parseAddress("192.0.2.1")?.length, 4);
  assertEquals(parseAddress("2001:db8::1")?.length, 16);
  assertEquals(parseAddress("2001:db8::1", "inet"), undefined);
  assertEquals(parseAddress("192.0.2.1", "inet6"), undefined);
  assertEquals(addressLength("inet"), 4);
  assertEquals(addressLength("inet6"), 16);
});

Deno.test("IPv6 is formatted as RFC 5952 says", () => {
  const cases: [string, string][] = [
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // first of two equal runs
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // a single zero word stays
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"], // the longest run wins
    ["0:0:0:0:0:0:0:0", "::"],
    ["fe80:0:0:0:947a:7aff:fe43:8d34", "fe80::947a:7aff:fe43:8d34"],
    ["1:0:0:0:0:0:0:0", "1::"],
  ];
  for (const [input, want] of cases) assertEquals(canonicalAddress(input), want, input);
});

Deno.test("formatting reads at an offset", () => {
  const b = new Uint8Array([9, 9, 203, 0, 113, 7]);
  assertEquals(formatIpv4(b, 2), "203.0.113.7");
  assertEquals(formatAddress(b, "inet", 2), "203.0.113.7");
  const six = new Uint8Array(18);
  six[2] = 0xfe;
  six[3] = 0x80;
  six[17] = 1;
  assertEquals(formatIpv6(six, 2), "fe80::1");
});

Deno.test("formatted addresses parse back to the same bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
      assertEquals(parseAddress(formatIpv6(b), "inet6"), b);
      assertEquals(parseAddress(formatIpv4(b), "inet"), b.slice(0, 4));
    }),
    { numRuns: 1000 },
  );
});

Deno.test("multicast means 224.0.0.0/4 or ff00::/8", () => {
  for (const m of ["224.0.0.18", "239.255.255.255", "ff02::12", "ff05::1:3"]) {
    assertOk(isMulticast(m), m);
  }
  for (const u of ["223.255.255.255", "240.0.0.1", "192.0.2.1", "fe80::1", "2001:db8::1", "x"]) {
    assertEquals(isMulticast(u), false, u);
  }
});

Deno.test("addresses compare numerically, not as text", () => {
  assertOk(compareAddresses("192.0.2.10", "192.0.2.9") > 0);
  assertOk(compareAddresses("192.0.2.9", "192.0.2.10") < 0);
  assertEquals(compareAddresses("192.0.2.1", "192.0.2.1"), 0);
  assertOk(compareAddresses("2001:db8::10", "2001:db8::9") > 0);
  assertOk(compareAddresses("2001:db8::1:0", "2001:db8::ffff") > 0);
  assertOk(Number.isNaN(compareAddresses("192.0.2.1", "2001:db8::1")));
});

Deno.test("formatting many distinct IPv4 addresses stays right through the text cache", () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ minLength: 4, maxLength: 4 }), { maxLength: 3000 }),
      (all) => {
        for (const b of all) assertEquals(formatIpv4(b), Array.from(b).join("."));
      },
    ),
    { numRuns: 20 },
  );
  const b = new Uint8Array([192, 0, 2, 1]);
  assertEquals(formatIpv4(b), "192.0.2.1");
  b[3] = 2; // the same bytes object, new contents
  assertEquals(formatIpv4(b), "192.0.2.2");
});
