import fc from "fast-check";
import { assertEquals, assertOk } from "../assert.ts";
import {
  checkAdvert,
  type CheckContext,
  type CheckResult,
  type CheckView,
  checkViewFromInstance,
  type ReceivedDatagram,
  type ReceivedPacket,
} from "../../lib/vrrp/checks.ts";
import {
  DROP_REASONS,
  type DropReason,
  newCounters,
  recordCheck,
} from "../../lib/vrrp/counters.ts";
import { authDataFromPassword, encodeAdvert } from "../../lib/vrrp/packet.ts";
import { AH_DATAGRAM, V2_NONE, V2_PASS, V3_IPV4, V3_UNICAST } from "./testdata/captures.ts";
import {
  AH_VIEW,
  DATAGRAM,
  instance,
  IPV6_RX,
  IPV6_VIEW,
  PASS_VIEW,
  patch,
  rx,
  UNICAST,
  UNICAST_VIEW,
  V2_VIEW,
  v2Message,
  VIEW,
  wrap,
} from "./testdata/check_fixtures.ts";

interface DropCase {
  reason: DropReason;
  story: string;
  input: ReceivedPacket | ReceivedDatagram;
  view: CheckView;
  stats: string[];
  context?: CheckContext;
}

/** One case per drop reason, in the order the checks run. */
const DROPS: DropCase[] = [
  {
    reason: "truncated",
    story: "a datagram too short for the IP header and an 8-byte VRRP header",
    input: rx(DATAGRAM.subarray(0, 27)),
    view: VIEW,
    stats: [],
  },
  {
    reason: "protocol",
    story: "an IPv4 datagram that carries neither VRRP (112) nor AH (51)",
    input: rx(wrap(V3_IPV4, { protocol: 6 })),
    view: VIEW,
    stats: [],
  },
  {
    reason: "vrid",
    story: "an advert for another virtual router id",
    input: rx(DATAGRAM),
    view: { ...VIEW, vrid: 54 },
    stats: [],
  },
  {
    reason: "dst-mismatch",
    story: "an IPv6 advert sent to a unicast address reaching a multicast instance",
    input: { ...IPV6_RX, destination: "2001:db8::2" },
    view: IPV6_VIEW,
    stats: [],
  },
  {
    reason: "ah-mismatch",
    story: "keepalived's AH-protected advert reaching an instance without AH",
    input: rx(AH_DATAGRAM),
    view: { ...V2_VIEW, vrid: 58, vips: ["192.0.2.158"] },
    stats: ["authtype_mismatch"],
  },
  {
    reason: "length",
    story: "an advert with 4 stray bytes after its address",
    input: rx(wrap(new Uint8Array([...V3_IPV4, 0, 0, 0, 0]))),
    view: VIEW,
    stats: ["packet_len_err"],
  },
  {
    reason: "ttl",
    story: "a multicast advert that crossed a router (TTL 254)",
    input: rx(wrap(V3_IPV4, { ttl: 254 })),
    view: VIEW,
    stats: ["ip_ttl_err"],
  },
  {
    reason: "version",
    story: "a VRRPv2 advert reaching a v3 instance",
    input: rx(wrap(v2Message(0))),
    view: VIEW,
    stats: [],
  },
  {
    reason: "auth-type-invalid",
    story: "a v2 advert with auth type 3",
    input: rx(wrap(v2Message(3))),
    view: V2_VIEW,
    stats: ["invalid_authtype"],
  },
  {
    reason: "auth-type",
    story: "a v2 advert without a password reaching a PASS instance",
    input: rx(wrap(v2Message(0))),
    view: PASS_VIEW,
    stats: ["authtype_mismatch"],
  },
  {
    reason: "auth",
    story: "a v2 advert with the wrong password",
    input: rx(wrap(v2Message(1, authDataFromPassword("secreT")))),
    view: PASS_VIEW,
    stats: ["auth_failure"],
  },
  {
    reason: "ah-next-header",
    story: "an AH header that protects something other than VRRP",
    input: rx(patch(AH_DATAGRAM, 20, 6)),
    view: AH_VIEW,
    stats: [],
  },
  {
    reason: "ah-unsupported",
    story: "an AH advert handed over without its IP header, which AH cannot be verified without",
    input: {
      family: "inet",
      message: AH_DATAGRAM.subarray(44),
      source: "192.0.2.1",
      destination: "224.0.0.18",
      ttl: 255,
      interface: "vb",
      ipv4: { totalLength: 64, receivedLength: 64, ah: true },
    },
    view: AH_VIEW,
    stats: [],
  },
  {
    reason: "interval",
    story: "a v2 advert every 2 s reaching an instance with advert_int 1",
    input: rx(wrap(v2Message(0, undefined, 2))),
    view: V2_VIEW,
    stats: [],
  },
  {
    reason: "type",
    story: "a VRRP message of type 2",
    input: rx(wrap(patch(V3_IPV4, 0, 0x32))),
    view: VIEW,
    stats: ["invalid_type_rcvd"],
  },
  {
    reason: "addr-count",
    story: "an advert with one address reaching an instance with two",
    input: rx(DATAGRAM),
    view: { ...VIEW, vips: ["192.0.2.102", "192.0.2.103"] },
    stats: ["addr_list_err"],
  },
  {
    reason: "ip-length",
    story: "an IPv4 header whose total length disagrees with the bytes received",
    input: rx(patch(DATAGRAM, 2, 0x00, 0x24)),
    view: VIEW,
    stats: ["packet_len_err"],
  },
  {
    reason: "checksum",
    story: "an advert whose checksum is off by one",
    input: rx(patch(DATAGRAM, 27, 0xa0)),
    view: VIEW,
    stats: [],
  },
  {
    reason: "dst-mismatch",
    story: "a multicast IPv4 advert reaching a unicast instance",
    input: rx(DATAGRAM),
    view: { ...VIEW, unicastPeers: [{ address: "192.0.2.1", minTtl: 0, maxTtl: 255 }] },
    stats: ["addr_list_err"],
  },
  {
    reason: "owner-ignore",
    story: "any advert reaching an address owner with owner_ignore_adverts",
    input: rx(DATAGRAM),
    view: { ...VIEW, priority: 255, ownerIgnoreAdverts: true },
    stats: [],
  },
  {
    reason: "addr-list",
    story: "an advert whose address is not ours (counted as received, then dropped)",
    input: rx(DATAGRAM),
    view: { ...VIEW, vips: ["192.0.2.103"] },
    stats: ["advert_rcvd", "addr_list_err"],
  },
  {
    reason: "not-peer",
    story: "a unicast advert from an address that is not a peer, with check_unicast_src",
    input: rx(UNICAST),
    view: {
      ...UNICAST_VIEW,
      checkUnicastSrc: true,
      unicastPeers: [{ address: "192.0.2.9", minTtl: 0, maxTtl: 255 }],
    },
    stats: ["advert_rcvd"],
  },
  {
    reason: "peer-ttl",
    story: "a unicast advert whose TTL is below the peer's min_ttl",
    input: rx(wrap(V3_UNICAST, { destination: "192.0.2.2", ttl: 63 })),
    view: {
      ...UNICAST_VIEW,
      checkUnicastSrc: true,
      unicastPeers: [{ address: "192.0.2.1", minTtl: 64, maxTtl: 255 }],
    },
    stats: ["advert_rcvd", "ip_ttl_err"],
  },
];

DROPS.forEach((c, i) => {
  Deno.test(`check ${i + 1} drops ${c.story} as "${c.reason}"`, () => {
    const r = checkAdvert(c.input, c.view, c.context);
    assertEquals({ ...r }, { dropped: c.reason, stats: c.stats });
  });
});

Deno.test("the drop cases cover every drop reason, in the order the checks run", () => {
  const seen = [...new Set(DROPS.map((c) => c.reason))];
  assertEquals(seen, [...DROP_REASONS]);
});

function accepted(r: CheckResult) {
  assertOk("accepted" in r, `dropped: ${"dropped" in r ? r.dropped : ""}`);
  return r;
}

Deno.test("the captured keepalived advert passes every check", () => {
  const r = accepted(checkAdvert(rx(DATAGRAM), VIEW));
  assertEquals(r.stats, ["advert_rcvd"]);
  assertEquals(r.accepted, {
    advert: {
      version: 3,
      vrid: 53,
      priority: 200,
      intervalCs: 50,
      family: "inet",
      addresses: ["192.0.2.102"],
    },
    source: "192.0.2.1",
    destination: "224.0.0.18",
    ttl: 255,
    interface: "vb",
    addressesChecked: true,
    addrListMismatch: false,
    intervalMismatch: false,
    priorityZero: false,
    oldUnicastChecksum: false,
  });
});

Deno.test("captured v2, PASS, IPv6 and unicast adverts pass their instances' checks", () => {
  const v2 = { ...V2_VIEW, vrid: 51, vips: ["192.0.2.100"] };
  accepted(checkAdvert(rx(wrap(V2_NONE)), v2));
  accepted(checkAdvert(rx(wrap(V2_PASS)), { ...PASS_VIEW, vrid: 52, vips: ["192.0.2.101"] }));
  accepted(checkAdvert(IPV6_RX, IPV6_VIEW));
  const u = accepted(checkAdvert(rx(UNICAST), { ...UNICAST_VIEW, checkUnicastSrc: true }));
  assertEquals(u.accepted.destination, "192.0.2.2");
});

Deno.test("a priority-0 advert is accepted and counted in pri_zero_rcvd", () => {
  const m = encodeAdvert(
    {
      version: 3,
      vrid: 53,
      priority: 0,
      intervalCs: 50,
      family: "inet",
      addresses: ["192.0.2.102"],
    },
    { source: "192.0.2.1", destination: "224.0.0.18" },
  );
  const r = accepted(checkAdvert(rx(wrap(m)), VIEW));
  assertEquals(r.stats, ["advert_rcvd", "pri_zero_rcvd"]);
  assertOk(r.accepted.priorityZero);
});

Deno.test("a v3 advert with another interval is accepted and flagged", () => {
  const r = accepted(checkAdvert(rx(DATAGRAM), { ...VIEW, advertIntervalCs: 100 }));
  assertOk(r.accepted.intervalMismatch);
});

Deno.test("TTL is not checked on a unicast instance, nor when the socket did not report it", () => {
  accepted(checkAdvert(rx(wrap(V3_UNICAST, { destination: "192.0.2.2", ttl: 3 })), UNICAST_VIEW));
  accepted(checkAdvert({ ...IPV6_RX, ttl: -1 }, IPV6_VIEW));
});

Deno.test("with skip_check_adv_addr the current master's adverts skip the address checks", () => {
  const view = { ...VIEW, skipCheckAdvAddr: true, vips: ["192.0.2.103", "192.0.2.104"] };
  const r = accepted(checkAdvert(rx(DATAGRAM), view, { currentMaster: "192.0.2.1" }));
  assertEquals(r.accepted.addressesChecked, false);
  const other = checkAdvert(rx(DATAGRAM), view, { currentMaster: "192.0.2.9" });
  assertEquals({ ...other }, { dropped: "addr-count", stats: ["addr_list_err"] });
});

Deno.test("in count mode an address-list mismatch is counted once and the advert accepted", () => {
  const count = { ...VIEW, addressMismatch: "count" as const };
  const a = accepted(checkAdvert(rx(DATAGRAM), { ...count, vips: ["192.0.2.9", "192.0.2.102"] }));
  assertEquals(a.stats, ["addr_list_err", "advert_rcvd"]);
  assertOk(a.accepted.addrListMismatch);
  const b = accepted(checkAdvert(rx(DATAGRAM), { ...count, vips: ["192.0.2.9"] }));
  assertEquals(b.stats, ["addr_list_err", "advert_rcvd"]);
});

Deno.test("the pre-1.3.6 unicast checksum is detected in auto mode, refused with never", () => {
  const advert = {
    version: 3 as const,
    vrid: 56,
    priority: 100,
    intervalCs: 100,
    family: "inet" as const,
    addresses: ["198.51.100.56"],
  };
  const old = encodeAdvert(advert, { source: "192.0.2.1", destination: "224.0.0.18" });
  const datagram = rx(wrap(old, { destination: "192.0.2.2" }));
  const r = accepted(checkAdvert(datagram, UNICAST_VIEW));
  assertOk(r.accepted.oldUnicastChecksum);
  const never = checkAdvert(datagram, { ...UNICAST_VIEW, oldUnicastChecksum: "never" });
  assertEquals("dropped" in never && never.dropped, "checksum");
  accepted(checkAdvert(datagram, { ...UNICAST_VIEW, oldUnicastChecksum: "always" }));
  const modern = checkAdvert(rx(UNICAST), { ...UNICAST_VIEW, oldUnicastChecksum: "always" });
  assertEquals("dropped" in modern && modern.dropped, "checksum");
});

Deno.test("v3_checksum_as_v2 accepts only the checksum without the pseudo-header", () => {
  const asV2 = { ...VIEW, v3ChecksumAsV2: true };
  const dropped = checkAdvert(rx(DATAGRAM), asV2);
  assertEquals("dropped" in dropped && dropped.dropped, "checksum");
  const m = encodeAdvert(
    {
      version: 3,
      vrid: 53,
      priority: 200,
      intervalCs: 50,
      family: "inet",
      addresses: ["192.0.2.102"],
    },
    { v3ChecksumAsV2: true },
  );
  accepted(checkAdvert(rx(wrap(m)), asV2));
});

Deno.test("an earlier failing check wins over a later one", () => {
  const ttlAndVersion = rx(wrap(v2Message(0), { ttl: 1 }));
  const r1 = checkAdvert(ttlAndVersion, VIEW);
  assertEquals("dropped" in r1 && r1.dropped, "ttl");
  const typeAndChecksum = rx(wrap(patch(V3_IPV4, 0, 0x32, 0x35, 0xc8, 0x01, 0, 0x32, 0, 0)));
  const r2 = checkAdvert(typeAndChecksum, VIEW);
  assertEquals("dropped" in r2 && r2.dropped, "type");
  const lengthAndTtl = rx(wrap(new Uint8Array([...V3_IPV4, 1, 2, 3, 4]), { ttl: 1 }));
  const r3 = checkAdvert(lengthAndTtl, VIEW);
  assertEquals("dropped" in r3 && r3.dropped, "length");
});

Deno.test("recordCheck adds a result's statistics and drop reason to the instance counters", () => {
  const c = newCounters();
  recordCheck(c, checkAdvert(rx(DATAGRAM), VIEW));
  recordCheck(c, checkAdvert(rx(DATAGRAM), { ...VIEW, vips: ["192.0.2.103"] }));
  recordCheck(c, checkAdvert(rx(wrap(V3_IPV4, { ttl: 1 })), VIEW));
  assertEquals(c.stats.advert_rcvd, 2);
  assertEquals(c.stats.addr_list_err, 1);
  assertEquals(c.stats.ip_ttl_err, 1);
  assertEquals(c.drops["addr-list"], 1);
  assertEquals(c.drops.ttl, 1);
  assertEquals(Object.values(c.drops).reduce((a, b) => a + b), 2);
});

Deno.test("checkAdvert never throws on arbitrary datagrams or messages", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(255), (bytes, ttl) => {
      const a = checkAdvert(rx(bytes), VIEW);
      assertOk("dropped" in a || "accepted" in a);
      const b = checkAdvert({ ...IPV6_RX, message: bytes, ttl }, IPV6_VIEW);
      assertOk("dropped" in b || "accepted" in b);
      const c = checkAdvert(rx(bytes), AH_VIEW);
      assertOk("dropped" in c || "accepted" in c);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("checkAdvert never throws on mutations of the captured datagram", () => {
  fc.assert(
    fc.property(fc.nat(DATAGRAM.length - 1), fc.nat(255), (i, v) => {
      const r = checkAdvert(rx(patch(DATAGRAM, i, v)), { ...VIEW, unicastPeers: [] });
      assertOk("dropped" in r || "accepted" in r);
      const ah = checkAdvert(rx(patch(AH_DATAGRAM, i, v)), AH_VIEW);
      assertOk("dropped" in ah || "accepted" in ah);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("checkViewFromInstance takes what the checks need from the model", () => {
  const v = checkViewFromInstance(
    instance({
      version: 3,
      family: "inet6",
      advertInt: 0.35,
      vips: [{ address: "2001:DB8:0::54", prefix: 64, family: "inet6" }],
      unicastPeers: [{ address: "2001:db8::2" }, { address: "2001:db8::3", minTtl: 250 }],
      oldUnicastChecksum: "never",
    }),
  );
  assertEquals(v.advertIntervalCs, 35);
  assertEquals(v.vips, ["2001:db8::54"]);
  assertEquals(v.unicastPeers, [
    { address: "2001:db8::2", minTtl: 0, maxTtl: 255 },
    { address: "2001:db8::3", minTtl: 250, maxTtl: 255 },
  ]);
  assertOk(v.checkUnicastSrc, "a peer TTL option switches the source check on");
  assertEquals(v.oldUnicastChecksum, "never");
  assertEquals(v.addressMismatch, "drop");
  assertEquals(v.auth, undefined);
});

Deno.test("checkViewFromInstance turns a v2 password into its 8 bytes", () => {
  const v = checkViewFromInstance(
    instance({ authentication: { type: "PASS", password: "secret" } }),
    "224.0.0.19",
  );
  assertEquals(v.auth, { type: "PASS", data: authDataFromPassword("secret") });
  assertEquals(v.mcastGroup4, "224.0.0.19");
  assertEquals(v.oldUnicastChecksum, "auto");
  accepted(checkAdvert(rx(wrap(V2_PASS)), { ...v, vrid: 52, vips: ["192.0.2.101"] }));
});

Deno.test("keepalived's AH advert is verified and its sequence number handed back", () => {
  const r = accepted(checkAdvert(rx(AH_DATAGRAM), AH_VIEW));
  assertEquals(r.accepted.ahSequence, 1);
  assertEquals(r.accepted.advert.auth?.type, 2);
  accepted(checkAdvert(rx(AH_DATAGRAM), AH_VIEW, { ahSequence: 0 }));
});

Deno.test("an AH advert with a wrong key or a replayed sequence number fails authentication", () => {
  const wrongKey = { ...AH_VIEW, auth: { type: "AH" as const, data: authDataFromPassword("x") } };
  assertEquals({ ...checkAdvert(rx(AH_DATAGRAM), wrongKey) }, {
    dropped: "auth",
    stats: ["auth_failure"],
  });
  assertEquals({ ...checkAdvert(rx(AH_DATAGRAM), AH_VIEW, { ahSequence: 1 }) }, {
    dropped: "auth",
    stats: ["auth_failure"],
  });
});
