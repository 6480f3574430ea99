import fc from "fast-check";
import { assertEquals, assertOk, assertThrows } from "../assert.ts";
import {
  decodeIpv4Packet,
  encodeAhDatagram,
  encodeIpv4Header,
  IPPROTO_AH,
  nextIpId,
  verifyAh,
  vrrpOffset,
} from "../../lib/vrrp/ipv4.ts";
import { ahIcv } from "../../lib/vrrp/_ah.ts";
import { authDataFromPassword } from "../../lib/vrrp/packet.ts";
import { AH_DATAGRAM, hex, IPV4_HEADER_V3, pcapFrames, V3_IPV4 } from "./testdata/captures.ts";

const AH_KEY = authDataFromPassword("ahkey");

const DATAGRAM = new Uint8Array([...IPV4_HEADER_V3, ...V3_IPV4]);

Deno.test("decodeIpv4Packet reads keepalived's IPv4 header field by field", () => {
  const r = decodeIpv4Packet(DATAGRAM);
  assertOk(r.ok);
  assertEquals(r.header, {
    headerLength: 20,
    tos: 0xc0,
    totalLength: 32,
    id: 1,
    fragment: 0,
    ttl: 255,
    protocol: 112,
    checksum: 0x1899,
    checksumValid: true,
    source: "192.0.2.1",
    destination: "224.0.0.18",
  });
  assertEquals(r.ah, undefined);
  assertEquals(r.payload, V3_IPV4);
});

Deno.test("encodeIpv4Header builds the header keepalived sent, checksum included", () => {
  const h = encodeIpv4Header({
    source: "192.0.2.1",
    destination: "224.0.0.18",
    id: 1,
    payloadLength: V3_IPV4.length,
  });
  assertEquals(h, IPV4_HEADER_V3);
});

Deno.test("encodeIpv4Header takes the unicast TTL, another TOS and the AH protocol", () => {
  const h = encodeIpv4Header({
    source: "192.0.2.1",
    destination: "192.0.2.2",
    id: 0xfffe,
    payloadLength: 36,
    ttl: 64,
    tos: 0,
    protocol: IPPROTO_AH,
  });
  assertEquals([h[1], h[3], h[4], h[5], h[8], h[9]], [0, 56, 0xff, 0xfe, 64, 51]);
  const r = decodeIpv4Packet(new Uint8Array([...h, ...new Uint8Array(36)]));
  assertOk(r.ok);
  assertOk(r.header.checksumValid);
});

Deno.test("encodeIpv4Header refuses addresses and numbers that do not fit", () => {
  const f = { source: "192.0.2.1", destination: "224.0.0.18", id: 1, payloadLength: 12 };
  assertThrows(() => encodeIpv4Header({ ...f, source: "2001:db8::1" }), /IPv4 address/);
  assertThrows(() => encodeIpv4Header({ ...f, id: 65536 }), /IP id/);
  assertThrows(() => encodeIpv4Header({ ...f, ttl: 256 }), /TTL/);
  assertThrows(() => encodeIpv4Header({ ...f, payloadLength: 65516 }), /Payload length/);
});

Deno.test("decodeIpv4Packet parses an AH header and hands on the VRRP message after it", () => {
  const ah = hex(
    "70", //       next header 112
    "04", //       payload length 4
    "0000", //     reserved
    "c0000201", // SPI = sender 192.0.2.1
    "00000007", // sequence number 7
    "0102030405060708090a0b0c", // ICV (HMAC-MD5-96)
  );
  const ip = encodeIpv4Header({
    source: "192.0.2.1",
    destination: "224.0.0.18",
    id: 9,
    payloadLength: ah.length + V3_IPV4.length,
    protocol: IPPROTO_AH,
  });
  const r = decodeIpv4Packet(new Uint8Array([...ip, ...ah, ...V3_IPV4]));
  assertOk(r.ok);
  assertEquals(r.ah, {
    nextHeader: 112,
    payloadLength: 4,
    spi: 0xc0000201,
    sequence: 7,
    icv: ah.slice(12),
  });
  assertEquals(r.payload, V3_IPV4);
});

Deno.test("decodeIpv4Packet wants the IP header, any AH header and a VRRP header", () => {
  assertEquals(decodeIpv4Packet(DATAGRAM.subarray(0, 19)), { ok: false, reason: "truncated" });
  assertEquals(decodeIpv4Packet(DATAGRAM.subarray(0, 27)), { ok: false, reason: "truncated" });
  const v6 = DATAGRAM.slice();
  v6[0] = 0x65;
  assertEquals(decodeIpv4Packet(v6), { ok: false, reason: "truncated" });
  const short = DATAGRAM.slice();
  short[0] = 0x44; // IHL 4 (16 bytes) is not a valid header
  assertEquals(decodeIpv4Packet(short), { ok: false, reason: "truncated" });
  const tcp = DATAGRAM.slice();
  tcp[9] = 6;
  assertEquals(decodeIpv4Packet(tcp), { ok: false, reason: "protocol" });
  const ah = DATAGRAM.slice();
  ah[9] = IPPROTO_AH; // 12 bytes after the header: not room for AH (24) + VRRP (8)
  assertEquals(decodeIpv4Packet(ah), { ok: false, reason: "truncated" });
});

Deno.test("decodeIpv4Packet skips IP options and reports a bad header checksum", () => {
  const withOptions = new Uint8Array([...DATAGRAM.subarray(0, 20), 1, 1, 1, 0, ...V3_IPV4]);
  withOptions[0] = 0x46;
  const r = decodeIpv4Packet(withOptions);
  assertOk(r.ok);
  assertEquals(r.header.headerLength, 24);
  assertEquals(r.payload, V3_IPV4);
  assertEquals(r.header.checksumValid, false, "the header changed, its checksum did not");
});

Deno.test("vrrpOffset agrees with decodeIpv4Packet on every input", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
      const at = vrrpOffset(bytes);
      const r = decodeIpv4Packet(bytes);
      if (typeof at === "number") {
        assertOk(r.ok);
        assertEquals(r.payload.length, bytes.length - at);
      } else {
        assertEquals(r, { ok: false, reason: at });
      }
    }),
    { numRuns: 3000 },
  );
});

Deno.test("decodeIpv4Packet never throws on arbitrary bytes, nor on mangled real headers", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(31), fc.nat(255), (bytes, i, v) => {
      decodeIpv4Packet(bytes);
      const b = DATAGRAM.slice();
      b[i] = v;
      const r = decodeIpv4Packet(b);
      assertOk(typeof r.ok === "boolean");
    }),
    { numRuns: 3000 },
  );
});

Deno.test("decodeIpv4Packet reads keepalived's AH header and the VRRP message behind it", () => {
  const r = decodeIpv4Packet(AH_DATAGRAM);
  assertOk(r.ok);
  assertEquals([r.header.protocol, r.header.totalLength, r.header.checksumValid], [51, 64, true]);
  assertEquals(r.ah, {
    nextHeader: 112,
    payloadLength: 4,
    spi: 0xc0000201,
    sequence: 1,
    icv: hex("ed03c7045f8e22af416028a2"),
  });
  assertEquals(r.payload, AH_DATAGRAM.subarray(44));
});

Deno.test("encodeAhDatagram rebuilds keepalived's AH advert byte for byte", () => {
  const d = encodeAhDatagram(
    { source: "192.0.2.1", destination: "224.0.0.18", id: 1, payloadLength: 0 },
    AH_DATAGRAM.subarray(44),
    { key: AH_KEY, sequence: 1, unicast: false },
  );
  assertEquals(d, AH_DATAGRAM);
});

Deno.test("verifyAh accepts keepalived's ICV and names what is wrong otherwise", () => {
  assertEquals(verifyAh(AH_DATAGRAM, AH_KEY, false), "ok");
  assertEquals(verifyAh(AH_DATAGRAM, authDataFromPassword("ahkez"), false), "icv");
  assertEquals(verifyAh(AH_DATAGRAM, AH_KEY, true), "icv", "unicast also zeroes the TTL");
  const tampered = AH_DATAGRAM.slice();
  tampered[45] = 0x3b; // the VRID
  assertEquals(verifyAh(tampered, AH_KEY, false), "icv");
  const nextHeader = AH_DATAGRAM.slice();
  nextHeader[20] = 6;
  assertEquals(verifyAh(nextHeader, AH_KEY, false), "next-header");
  const spi = AH_DATAGRAM.slice();
  spi[27] = 9; // SPI 192.0.2.9, ICV recomputed: a valid MAC over a foreign SPI
  spi.set(ahIcv(spi, 20, AH_KEY, false), 32);
  assertEquals(verifyAh(spi, AH_KEY, false), "spi");
});

Deno.test("the ICV ignores the mutable fields: TOS, fragment field, header checksum", () => {
  const d = AH_DATAGRAM.slice();
  d[1] = 0;
  d.set([0x40, 0x00], 6);
  d.set([0x12, 0x34], 10);
  assertEquals(verifyAh(d, AH_KEY, false), "ok");
  const ttl = AH_DATAGRAM.slice();
  ttl[8] = 64;
  assertEquals(verifyAh(ttl, AH_KEY, false), "icv", "multicast covers the TTL");
});

Deno.test("every AH advert in the capture verifies, with sequence numbers counting up", () => {
  const file = Deno.readFileSync(new URL("./testdata/keepalived-2.2.7-ah.pcap", import.meta.url));
  const sequences = pcapFrames(file).map((frame) => {
    const datagram = frame.subarray(14);
    assertEquals(verifyAh(datagram, AH_KEY, false), "ok");
    const r = decodeIpv4Packet(datagram);
    assertOk(r.ok);
    return r.ah?.sequence;
  });
  assertEquals(sequences, [1, 2, 3, 4, 5]);
});

Deno.test("IP ids count up per advert from 1 and skip 0 when they wrap", () => {
  let id = 0;
  const seen: number[] = [];
  for (let i = 0; i < 3; i++) seen.push(id = nextIpId(id));
  assertEquals(seen, [1, 2, 3]);
  assertEquals(nextIpId(0xfffe), 0xffff);
  assertEquals(nextIpId(0xffff), 1);
});
