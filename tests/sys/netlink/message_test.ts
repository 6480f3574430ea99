import { assertEquals, assertOk, assertThrows } from "../../assert.ts";
import {
  attr,
  decodeAttrs,
  decodeMessages,
  encodeAttrs,
  encodeMessage,
  errorOf,
} from "../../../lib/sys/netlink/message.ts";
import {
  decodeAddress,
  decodeLink,
  encodeAddressRequest,
  encodeLink,
} from "../../../lib/sys/netlink/route.ts";
import { decodeEvents } from "../../../lib/sys/netlink/monitor.ts";

Deno.test("an RTM_GETLINK dump request encodes to the bytes `ip link` sends", () => {
  const bytes = encodeMessage({
    type: 18,
    flags: 0x301,
    seq: 0x01020304,
    pid: 0,
    payload: new Uint8Array(16),
  });
  assertEquals([...bytes], [
    ...[32, 0, 0, 0], // nlmsg_len 32
    ...[18, 0], // RTM_GETLINK
    ...[0x01, 0x03], // NLM_F_REQUEST | NLM_F_DUMP
    ...[4, 3, 2, 1], // seq
    ...[0, 0, 0, 0], // pid
    ...new Array(16).fill(0), // ifinfomsg
  ]);
});

Deno.test("an add-address request carries ifaddrmsg, local, address, broadcast and label", () => {
  const p = encodeAddressRequest({
    index: 5,
    address: "192.0.2.10",
    prefix: 24,
    broadcast: "192.0.2.255",
    label: "eth0:1",
  });
  assertEquals([...p], [
    ...[2, 24, 0, 0], // AF_INET, /24, flags, scope universe
    ...[5, 0, 0, 0], // ifindex 5
    ...[8, 0, 2, 0, 192, 0, 2, 10], // IFA_LOCAL
    ...[8, 0, 1, 0, 192, 0, 2, 10], // IFA_ADDRESS
    ...[8, 0, 4, 0, 192, 0, 2, 255], // IFA_BROADCAST
    ...[11, 0, 3, 0, 101, 116, 104, 48, 58, 49, 0, 0], // IFA_LABEL "eth0:1\0" + pad
  ]);
});

Deno.test("an address request is encoded once and handed out again; any other field is another", () => {
  const base = { index: 5, address: "192.0.2.11", prefix: 24 };
  const first = encodeAddressRequest(base);
  assertOk(encodeAddressRequest({ ...base }) === first, "the kept bytes");
  const others = [
    { ...base, index: 6 },
    { ...base, prefix: 25 },
    { ...base, label: "undefined" },
    { ...base, label: "" },
    { ...base, scope: 253 },
    { ...base, broadcast: "192.0.2.255" },
    { ...base, flags: 0x200 },
    { ...base, address: "192.0.2.12" },
  ];
  for (const r of others) {
    const bytes = encodeAddressRequest(r);
    assertOk(bytes !== first, JSON.stringify(r));
    assertEquals(decodeAddress(bytes)?.index, r.index);
  }
  assertEquals(decodeAddress(encodeAddressRequest(others[2]!))?.label, "undefined");
  assertEquals(decodeAddress(first)?.label, undefined);
});

Deno.test("an IPv6 request with nodad sets IFA_F_NODAD in the header", () => {
  const p = encodeAddressRequest({ index: 1, address: "2001:db8::1", nodad: true, scope: 253 });
  assertEquals([...p.subarray(0, 8)], [10, 128, 0x02, 253, 1, 0, 0, 0]);
  assertEquals([...p.subarray(8, 12)], [20, 0, 2, 0]);
  assertEquals([...p.subarray(12, 28)], [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1]);
});

Deno.test("flags above 8 bits travel in IFA_FLAGS and decode back", () => {
  const p = encodeAddressRequest({
    index: 3,
    address: "2001:db8::5",
    prefix: 64,
    flags: 0x200,
    nodad: true,
  });
  const a = decodeAddress(p);
  assertEquals([a?.flags, a?.prefix, a?.address, a?.index], [0x202, 64, "2001:db8::5", 3]);
});

Deno.test("an NLMSG_ERROR payload yields the positive errno, 0 for an ACK", () => {
  const err = { type: 2, flags: 0, seq: 1, pid: 0, payload: Uint8Array.of(0xef, 0xff, 0xff, 0xff) };
  assertEquals(errorOf(err), 17);
  assertEquals(errorOf({ ...err, payload: new Uint8Array(20) }), 0);
  assertEquals(errorOf({ ...err, type: 3 }), undefined);
});

Deno.test("a datagram of several padded messages splits into each", () => {
  const a = encodeMessage({ type: 20, flags: 2, seq: 9, pid: 0, payload: Uint8Array.of(1, 2, 3) });
  const b = encodeMessage({ type: 3, flags: 2, seq: 9, pid: 0, payload: new Uint8Array(4) });
  assertEquals(a.length, 20); // 19 bytes padded to 20
  const ms = decodeMessages(new Uint8Array([...a, ...b]));
  assertEquals(ms.map((m) => [m.type, m.payload.length]), [[20, 3], [3, 4]]);
});

Deno.test("a message whose length overruns the datagram is rejected", () => {
  const bad = encodeMessage({ type: 20, flags: 0, seq: 1, pid: 0, payload: new Uint8Array(8) });
  bad[0] = 200;
  assertThrows(() => decodeMessages(bad), /does not fit/);
});

Deno.test("attributes round-trip and a nested flag is masked off the type", () => {
  const bytes = encodeAttrs([attr.u32(4, 1500), attr.string(3, "veth0")]);
  bytes[3] = 0x80; // NLA_F_NESTED on the first attribute's type
  const attrs = decodeAttrs(bytes);
  assertEquals(attrs.map((a) => a.type), [4, 3]);
  assertEquals(attr.toU32(attrs[0]!.value), 1500);
  assertEquals(attr.toString(attrs[1]!.value), "veth0");
});

Deno.test("a link payload decodes name, MTU, MAC and running state", () => {
  const payload = Uint8Array.of(
    ...[0, 0, 1, 0], // family, pad, ARPHRD_ETHER
    ...[7, 0, 0, 0], // index 7
    ...[0x43, 0x10, 0, 0], // UP|BROADCAST|RUNNING|MULTICAST, no LOWER_UP
    ...[0, 0, 0, 0], // change
    ...[10, 0, 3, 0, 118, 101, 116, 104, 48, 0, 0, 0], // IFLA_IFNAME "veth0"
    ...[8, 0, 4, 0, 0xdc, 0x05, 0, 0], // IFLA_MTU 1500
    ...[10, 0, 1, 0, 2, 0, 0x5e, 0, 1, 7, 0, 0], // IFLA_ADDRESS
  );
  const link = decodeLink(payload);
  assertEquals(link, {
    index: 7,
    name: "veth0",
    flags: 0x1043,
    up: true,
    running: false,
    mtu: 1500,
    mac: "02:00:5e:00:01:07",
  });
  assertEquals(decodeLink(encodeLink(link!)), link);
});

Deno.test("events decode link and address announcements and skip other types", () => {
  const link = encodeLink({ index: 2, name: "e", flags: 0x10003, up: true, running: true });
  const addr = encodeAddressRequest({ index: 2, address: "198.51.100.1", prefix: 24 });
  const datagram = new Uint8Array([
    ...encodeMessage({ type: 16, flags: 0, seq: 0, pid: 0, payload: link }),
    ...encodeMessage({ type: 24, flags: 0, seq: 0, pid: 0, payload: new Uint8Array(12) }), // route
    ...encodeMessage({ type: 20, flags: 0, seq: 0, pid: 0, payload: addr }),
  ]);
  const events = decodeEvents(datagram);
  assertEquals(events.map((e) => `${e.kind}:${"action" in e ? e.action : ""}`), [
    "link:new",
    "address:new",
  ]);
});
