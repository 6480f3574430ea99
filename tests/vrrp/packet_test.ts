import fc from "fast-check";
import { assertEquals, assertOk, assertThrows } from "../assert.ts";
import type { Advert } from "../../lib/vrrp/advert.ts";
import {
  authDataFromPassword,
  decodeAdvert,
  type DecodeOptions,
  encodeAdvert,
  type EncodeOptions,
  messageLength,
} from "../../lib/vrrp/packet.ts";
import { decodeIpv4Packet } from "../../lib/vrrp/ipv4.ts";
import { formatIpv6 } from "../../lib/vrrp/addr.ts";
import {
  pcapFrames,
  V2_MANY,
  V2_MANY_ADDRESSES,
  V2_NONE,
  V2_PASS,
  V3_IPV4,
  V3_IPV4_AS_V2,
  V3_IPV6,
  V3_IPV6_SOURCE,
  V3_MULTI,
  V3_UNICAST,
} from "./testdata/captures.ts";

const ZERO8 = new Uint8Array(8);

interface Case {
  name: string;
  bytes: Uint8Array;
  advert: Advert;
  opts: EncodeOptions & { family: "inet" | "inet6" };
}

const CASES: Case[] = [
  {
    name: "v2 without authentication",
    bytes: V2_NONE,
    advert: {
      version: 2,
      vrid: 51,
      priority: 150,
      intervalCs: 100,
      family: "inet",
      addresses: ["192.0.2.100"],
      auth: { type: 0, data: ZERO8 },
    },
    opts: { family: "inet" },
  },
  {
    name: "v2 with a PASS password",
    bytes: V2_PASS,
    advert: {
      version: 2,
      vrid: 52,
      priority: 100,
      intervalCs: 100,
      family: "inet",
      addresses: ["192.0.2.101"],
      auth: { type: 1, data: authDataFromPassword("secret") },
    },
    opts: { family: "inet" },
  },
  {
    name: "v3 over IPv4 with the pseudo-header",
    bytes: V3_IPV4,
    advert: {
      version: 3,
      vrid: 53,
      priority: 200,
      intervalCs: 50,
      family: "inet",
      addresses: ["192.0.2.102"],
    },
    opts: { family: "inet", source: "192.0.2.1", destination: "224.0.0.18" },
  },
  {
    name: "v3 over IPv4 without the pseudo-header",
    bytes: V3_IPV4_AS_V2,
    advert: {
      version: 3,
      vrid: 53,
      priority: 200,
      intervalCs: 50,
      family: "inet",
      addresses: ["192.0.2.102"],
    },
    opts: { family: "inet", v3ChecksumAsV2: true },
  },
  {
    name: "v3 unicast to a peer",
    bytes: V3_UNICAST,
    advert: {
      version: 3,
      vrid: 56,
      priority: 100,
      intervalCs: 100,
      family: "inet",
      addresses: ["198.51.100.56"],
    },
    opts: { family: "inet", source: "192.0.2.1", destination: "192.0.2.2" },
  },
  {
    name: "v3 with three addresses",
    bytes: V3_MULTI,
    advert: {
      version: 3,
      vrid: 55,
      priority: 100,
      intervalCs: 100,
      family: "inet",
      addresses: ["192.0.2.110", "192.0.2.111", "203.0.113.7"],
    },
    opts: { family: "inet", source: "192.0.2.1", destination: "224.0.0.18" },
  },
  {
    name: "v3 over IPv6",
    bytes: V3_IPV6,
    advert: {
      version: 3,
      vrid: 54,
      priority: 100,
      intervalCs: 100,
      family: "inet6",
      addresses: ["fe80::54", "2001:db8::54"],
    },
    opts: { family: "inet6", source: V3_IPV6_SOURCE, destination: "ff02::12" },
  },
  {
    name: "v2 with 255 addresses",
    bytes: V2_MANY,
    advert: {
      version: 2,
      vrid: 57,
      priority: 100,
      intervalCs: 100,
      family: "inet",
      addresses: V2_MANY_ADDRESSES,
      auth: { type: 0, data: ZERO8 },
    },
    opts: { family: "inet" },
  },
];

for (const c of CASES) {
  Deno.test(`decodeAdvert reads keepalived's ${c.name} advert field by field`, () => {
    const r = decodeAdvert(c.bytes, { ...c.opts, verifyChecksum: true });
    assertEquals(r, { ok: true, advert: c.advert });
  });
  Deno.test(`encodeAdvert writes the ${c.name} advert byte for byte as keepalived did`, () => {
    assertEquals(encodeAdvert(c.advert, c.opts), c.bytes);
  });
}

Deno.test("the message length is 8 + addresses, plus 8 for v2 over IPv4", () => {
  for (const c of CASES) {
    assertEquals(
      messageLength(c.advert.version, c.advert.family, c.advert.addresses.length),
      c.bytes.length,
    );
  }
});

Deno.test("every advert in the keepalived 2.2.7 capture decodes with a valid checksum and re-encodes identically", () => {
  const file = Deno.readFileSync(new URL("./testdata/keepalived-2.2.7.pcap", import.meta.url));
  let seen = 0;
  for (const frame of pcapFrames(file)) {
    const etherType = (frame[12]! << 8) | frame[13]!;
    let message: Uint8Array;
    let opts: DecodeOptions;
    if (etherType === 0x0800) {
      const ip = decodeIpv4Packet(frame.subarray(14));
      assertOk(ip.ok);
      message = ip.payload;
      opts = { family: "inet", source: ip.header.source, destination: ip.header.destination };
    } else {
      assertEquals(etherType, 0x86dd);
      const ip6 = frame.subarray(14);
      message = ip6.subarray(40);
      opts = { family: "inet6", source: formatIpv6(ip6, 8), destination: formatIpv6(ip6, 24) };
    }
    const r = decodeAdvert(message, { ...opts, verifyChecksum: true });
    assertOk(r.ok, `frame ${seen}: ${JSON.stringify(r)}`);
    assertEquals(encodeAdvert(r.advert, opts), message);
    seen++;
  }
  assertEquals(seen, 64, "tshark lists 64 frames in the capture");
});

Deno.test("decodeAdvert names the first thing wrong with a message", () => {
  const inet = { family: "inet" } as const;
  const v3 = V3_IPV4;
  const with_ = (i: number, v: number) => {
    const b = v3.slice();
    b[i] = v;
    return b;
  };
  assertEquals(decodeAdvert(v3.subarray(0, 7), inet), { ok: false, reason: "truncated" });
  assertEquals(decodeAdvert(with_(0, 0x41), inet), { ok: false, reason: "version" });
  assertEquals(decodeAdvert(with_(0, 0x32), inet), { ok: false, reason: "type" });
  assertEquals(decodeAdvert(v3.subarray(0, 11), inet), { ok: false, reason: "truncated" });
  assertEquals(decodeAdvert(new Uint8Array([...v3, 0, 0, 0, 0]), inet), {
    ok: false,
    reason: "length",
  });
  const badAuth = V2_NONE.slice();
  badAuth[4] = 3;
  assertEquals(decodeAdvert(badAuth, inet), { ok: false, reason: "auth-type-invalid" });
  const opts = { ...inet, verifyChecksum: true, source: "192.0.2.1", destination: "224.0.0.18" };
  assertOk(decodeAdvert(v3, opts).ok);
  assertEquals(decodeAdvert(with_(7, 0), opts), { ok: false, reason: "checksum" });
  assertEquals(decodeAdvert(v3, { ...opts, destination: "224.0.0.19" }), {
    ok: false,
    reason: "checksum",
  });
  assertEquals(decodeAdvert(v3, { ...inet, verifyChecksum: true }), {
    ok: false,
    reason: "checksum",
  });
  assertOk(decodeAdvert(with_(7, 0), inet).ok, "without verifyChecksum the checksum is not read");
});

Deno.test("decodeAdvert ignores v3's reserved bits and keeps 12 bits of interval", () => {
  const b = V3_IPV4.slice();
  b[4] = 0xf0 | b[4]!;
  const r = decodeAdvert(b, { family: "inet" });
  assertOk(r.ok);
  assertEquals(r.advert.intervalCs, 50);
  const max = encodeAdvert({ ...(CASES[3]!.advert), intervalCs: 4095 }, { v3ChecksumAsV2: true });
  assertEquals([max[4], max[5]], [0x0f, 0xff]);
});

Deno.test("encodeAdvert refuses values the wire cannot carry", () => {
  const base: Advert = {
    version: 3,
    vrid: 1,
    priority: 100,
    intervalCs: 100,
    family: "inet",
    addresses: ["192.0.2.1"],
  };
  const opts = { v3ChecksumAsV2: true };
  assertThrows(() => encodeAdvert({ ...base, vrid: 0 }, opts), /VRID/);
  assertThrows(() => encodeAdvert({ ...base, vrid: 256 }, opts), /VRID/);
  assertThrows(() => encodeAdvert({ ...base, priority: -1 }, opts), /Priority/);
  assertThrows(() => encodeAdvert({ ...base, intervalCs: 4096 }, opts), /4095/);
  assertThrows(() => encodeAdvert({ ...base, version: 2, intervalCs: 150 }), /whole seconds/);
  assertThrows(() => encodeAdvert({ ...base, addresses: ["2001:db8::1"] }, opts), /inet address/);
  assertThrows(
    () => encodeAdvert({ ...base, addresses: Array(256).fill("192.0.2.1") }, opts),
    /255 addresses/,
  );
  assertThrows(() => encodeAdvert({ ...base, auth: { type: 1, data: ZERO8 } }, opts), /only in/);
  assertThrows(
    () => encodeAdvert({ ...base, version: 2, auth: { type: 1, data: new Uint8Array(7) } }),
    /8 bytes/,
  );
  assertThrows(() => encodeAdvert(base), /source address/);
});

Deno.test("encodeAdvert leaves the checksum to the kernel when asked", () => {
  const b = encodeAdvert(CASES[6]!.advert, { kernelChecksum: true });
  assertEquals([b[6], b[7]], [0, 0]);
});

Deno.test("a PASS password is truncated to 8 bytes and NUL padded", () => {
  assertEquals(authDataFromPassword("averylongpassword"), new TextEncoder().encode("averylon"));
  assertEquals(authDataFromPassword(""), ZERO8);
});

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join("."));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIpv6(b));

const advertArb: fc.Arbitrary<Advert> = fc.oneof(
  fc.record({
    version: fc.constant(2 as const),
    vrid: fc.integer({ min: 1, max: 255 }),
    priority: fc.nat(255),
    intervalCs: fc.nat(255).map((s) => s * 100),
    family: fc.constant("inet" as const),
    addresses: fc.array(ipv4, { maxLength: 255 }),
    auth: fc.record({
      type: fc.constantFrom(0 as const, 1 as const, 2 as const),
      data: fc.uint8Array({ minLength: 8, maxLength: 8 }),
    }),
  }),
  fc.record({
    version: fc.constant(3 as const),
    vrid: fc.integer({ min: 1, max: 255 }),
    priority: fc.nat(255),
    intervalCs: fc.nat(4095),
    family: fc.constant("inet" as const),
    addresses: fc.array(ipv4, { maxLength: 255 }),
  }),
  fc.record({
    version: fc.constant(3 as const),
    vrid: fc.integer({ min: 1, max: 255 }),
    priority: fc.nat(255),
    intervalCs: fc.nat(4095),
    family: fc.constant("inet6" as const),
    addresses: fc.array(ipv6, { maxLength: 255 }),
  }),
);

Deno.test("decode(encode(advert)) gives the advert back, checksum verified", () => {
  fc.assert(
    fc.property(advertArb, ipv4, ipv4, ipv6, ipv6, (advert, s4, d4, s6, d6) => {
      const opts = advert.family === "inet"
        ? { source: s4, destination: d4 }
        : { source: s6, destination: d6 };
      const bytes = encodeAdvert(advert, opts);
      const r = decodeAdvert(bytes, { family: advert.family, verifyChecksum: true, ...opts });
      // fast-check builds records without a prototype; compare plain copies.
      const plain: Advert = { ...advert, addresses: [...advert.addresses] };
      if (advert.auth) plain.auth = { ...advert.auth };
      assertEquals(r, { ok: true, advert: plain });
    }),
    { numRuns: 300 },
  );
});

Deno.test("decodeAdvert never throws on arbitrary bytes", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 1200 }),
      fc.constantFrom("inet" as const, "inet6" as const),
      fc.boolean(),
      (bytes, family, verifyChecksum) => {
        const r = decodeAdvert(bytes, {
          family,
          verifyChecksum,
          source: family === "inet" ? "192.0.2.1" : "fe80::1",
          destination: family === "inet" ? "224.0.0.18" : "ff02::12",
        });
        assertOk(typeof r.ok === "boolean");
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("decodeAdvert never throws on mutations of a real advert", () => {
  fc.assert(
    fc.property(fc.nat(V3_MULTI.length - 1), fc.nat(255), fc.nat(24), (i, v, cut) => {
      const b = V3_MULTI.slice(0, V3_MULTI.length - cut);
      if (i < b.length) b[i] = v;
      const r = decodeAdvert(b, { family: "inet", verifyChecksum: true });
      assertOk(typeof r.ok === "boolean");
    }),
    { numRuns: 2000 },
  );
});
