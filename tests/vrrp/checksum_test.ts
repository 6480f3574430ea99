import fc from "fast-check";
import { assertEquals, assertThrows } from "../assert.ts";
import {
  addressWordSum,
  finishChecksum,
  internetChecksum,
  pseudoHeaderSum,
  sumWords,
  usesPseudoHeader,
  vrrpChecksum,
  vrrpChecksumFromSum,
} from "../../lib/vrrp/checksum.ts";
import {
  hex,
  IPV4_HEADER_V3,
  V2_MANY,
  V2_NONE,
  V2_PASS,
  V3_IPV4,
  V3_IPV4_AS_V2,
  V3_IPV6,
  V3_IPV6_SOURCE,
  V3_UNICAST,
} from "./testdata/captures.ts";

function carried(message: Uint8Array): number {
  return (message[6]! << 8) | message[7]!;
}

Deno.test("the Internet checksum of RFC 1071's example words is the complement of ddf2", () => {
  const words = hex("0001 f203 f4f5 f6f7");
  assertEquals(finishChecksum(sumWords(words)), ~0xddf2 & 0xffff);
  assertEquals(internetChecksum(words), 0x220d);
});

Deno.test("an odd trailing byte is summed as the high byte of a word", () => {
  assertEquals(sumWords(hex("0102 03")), 0x0102 + 0x0300);
  assertEquals(sumWords(hex("ffff ffff ff")), 0xffff + 0xffff + 0xff00);
});

Deno.test("a header that carries its checksum sums to zero", () => {
  assertEquals(internetChecksum(IPV4_HEADER_V3), 0);
});

Deno.test("v2 checksums cover the message only, password and 255 addresses included", () => {
  for (const m of [V2_NONE, V2_PASS, V2_MANY]) {
    assertEquals(vrrpChecksum(m, m.length, { version: 2, family: "inet" }), carried(m));
    assertEquals(internetChecksum(m), 0);
  }
});

Deno.test("keepalived's v3 IPv4 checksum covers the pseudo-header to the multicast group", () => {
  const opts = {
    version: 3,
    family: "inet",
    source: "192.0.2.1",
    destination: "224.0.0.18",
  } as const;
  assertEquals(vrrpChecksum(V3_IPV4, V3_IPV4.length, opts), 0xa19f);
  // The same sum written out: pseudo-header words, then the message with the field as zero.
  const pseudo = hex("c000 0201", "e000 0012", "0070", "000c");
  const zeroed = V3_IPV4.slice();
  zeroed.set([0, 0], 6);
  assertEquals(internetChecksum(new Uint8Array([...pseudo, ...zeroed])), 0xa19f);
});

Deno.test("a unicast v3 checksum uses the peer as the pseudo-header destination", () => {
  const opts = { version: 3, family: "inet", source: "192.0.2.1" } as const;
  assertEquals(
    vrrpChecksum(V3_UNICAST, V3_UNICAST.length, { ...opts, destination: "192.0.2.2" }),
    0xbb75,
  );
  const pre136 = vrrpChecksum(V3_UNICAST, V3_UNICAST.length, {
    ...opts,
    destination: "224.0.0.18",
  });
  assertEquals(pre136 === 0xbb75, false);
});

Deno.test("v3_checksum_as_v2 leaves the pseudo-header out (RFC 9568)", () => {
  const opts = { version: 3, family: "inet", v3ChecksumAsV2: true } as const;
  assertEquals(vrrpChecksum(V3_IPV4_AS_V2, 12, opts), 0x4430);
  assertEquals(internetChecksum(V3_IPV4_AS_V2), 0);
  assertEquals(usesPseudoHeader(opts), false);
  assertEquals(usesPseudoHeader({ ...opts, family: "inet6" }), true, "IPv6 always has one");
  assertEquals(usesPseudoHeader({ version: 2, family: "inet" }), false);
});

Deno.test("the v3 IPv6 checksum covers the IPv6 pseudo-header, as the kernel computed it", () => {
  const opts = {
    version: 3,
    family: "inet6",
    source: V3_IPV6_SOURCE,
    destination: "ff02::12",
  } as const;
  assertEquals(vrrpChecksum(V3_IPV6, V3_IPV6.length, opts), 0xa460);
  const pseudo = hex(
    "fe80000000000000947a7afffe438d34", // source
    "ff020000000000000000000000000012", // destination
    "00000028", // upper-layer length 40
    "000000 70", // zero, next header 112
  );
  const zeroed = V3_IPV6.slice();
  zeroed.set([0, 0], 6);
  assertEquals(internetChecksum(new Uint8Array([...pseudo, ...zeroed])), 0xa460);
});

Deno.test("a v3 pseudo-header needs both addresses of the right family", () => {
  const m = V3_IPV4;
  assertThrows(() => vrrpChecksum(m, 12, { version: 3, family: "inet" }), /source address/);
  assertThrows(
    () => vrrpChecksum(m, 12, { version: 3, family: "inet", source: "192.0.2.1" }),
    /destination address/,
  );
  assertThrows(
    () => pseudoHeaderSum("inet6", "192.0.2.1", "ff02::12", 12),
    /source address as inet6/,
  );
  assertEquals(
    pseudoHeaderSum("inet", new Uint8Array([192, 0, 2, 1]), "224.0.0.18", 12),
    pseudoHeaderSum("inet", "192.0.2.1", "224.0.0.18", 12),
  );
});

Deno.test("addressWordSum sums an address's words, or says it is not one", () => {
  assertEquals(addressWordSum("inet", "224.0.0.18"), 0xe000 + 0x0012);
  assertEquals(addressWordSum("inet6", "ff02::12"), 0xff02 + 0x12);
  assertEquals(addressWordSum("inet", "ff02::12"), undefined);
  assertEquals(addressWordSum("inet", "224.0.0"), undefined);
});

Deno.test("summing in pieces gives the same checksum as summing at once", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(150), (bytes, cut) => {
      const at = Math.min(bytes.length, cut * 2); // an even split keeps the word alignment
      const pieces = sumWords(bytes, at, bytes.length, sumWords(bytes, 0, at));
      assertEquals(finishChecksum(pieces), internetChecksum(bytes));
    }),
    { numRuns: 500 },
  );
});

Deno.test("vrrpChecksumFromSum with a pseudo-header sum equals vrrpChecksum", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 12, maxLength: 64 }), fc.nat(0xffffffff), (m, src) => {
      const source = new Uint8Array([src >>> 24, (src >>> 16) & 255, (src >>> 8) & 255, src & 255]);
      const opts = { version: 3, family: "inet", source, destination: "224.0.0.18" } as const;
      const sum = pseudoHeaderSum("inet", source, "224.0.0.18", m.length);
      assertEquals(vrrpChecksumFromSum(m, m.length, sum), vrrpChecksum(m, m.length, opts));
    }),
    { numRuns: 300 },
  );
});
