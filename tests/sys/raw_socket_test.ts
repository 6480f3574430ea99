import { assertEquals, assertOk, assertThrows } from "../assert.ts";
import type { Libc } from "../../lib/sys/ffi.ts";
import { VrrpSocket } from "../../lib/sys/raw_socket.ts";
import { encodeIpv4Header } from "../../lib/vrrp/ipv4.ts";
import { encodeAdvert } from "../../lib/vrrp/packet.ts";

interface Sent {
  fd: number;
  data: Uint8Array;
  address: Uint8Array | null;
}

/** A libc that records sendto calls (EBADF for fd -1, as the kernel does). */
function fakeLibc(sent: Sent[]): Libc {
  const fake: Partial<Libc> = {
    eventfd: () => 99,
    sendto(fd, data, address) {
      if (fd < 0) throw new Error("EBADF");
      sent.push({ fd, data: data.slice(), address: address?.slice() ?? null });
      return data.length;
    },
  };
  return fake as Libc;
}

function advert(priority: number, addresses = ["192.0.2.100"]): Uint8Array {
  return encodeAdvert(
    { version: 3, vrid: 51, priority, intervalCs: 100, family: "inet", addresses },
    { source: "192.0.2.1", destination: "224.0.0.18" },
  );
}

Deno.test("sendIpv4 sends the same bytes as encodeIpv4Header followed by the message", () => {
  const sent: Sent[] = [];
  const socket = new VrrpSocket(fakeLibc(sent), 7, "inet", "eth0", 2);
  const cases = [
    { message: advert(100), source: "192.0.2.1", destination: "224.0.0.18", id: 1, ttl: 255 },
    { message: advert(0), source: "192.0.2.1", destination: "224.0.0.18", id: 0xffff, ttl: 255 },
    {
      message: advert(200, Array.from({ length: 40 }, (_, i) => `198.51.100.${i + 1}`)),
      source: "203.0.113.9",
      destination: "198.51.100.77",
      id: 4242,
      ttl: 7,
    },
    { message: advert(100), source: "192.0.2.1", destination: "224.0.0.18", id: 2, ttl: 255 },
  ];
  for (const c of cases) socket.sendIpv4(c.message, c);
  assertEquals(sent.length, cases.length);
  cases.forEach((c, i) => {
    const header = encodeIpv4Header({
      source: c.source,
      destination: c.destination,
      id: c.id,
      payloadLength: c.message.length,
      ttl: c.ttl,
    });
    assertEquals(sent[i]!.fd, 7);
    assertEquals(sent[i]!.data, new Uint8Array([...header, ...c.message]), `case ${i}`);
    // sockaddr_in: AF_INET, port 0, the destination.
    assertEquals([...sent[i]!.address!.subarray(4, 8)], c.destination.split(".").map(Number));
  });
});

Deno.test("send and sendIpv4 reuse the destination's sockaddr and report failures", () => {
  const sent: Sent[] = [];
  const socket = new VrrpSocket(fakeLibc(sent), 7, "inet", "eth0", 2);
  socket.send(new Uint8Array(32), "224.0.0.18");
  socket.send(new Uint8Array(32), "198.51.100.2");
  socket.send(new Uint8Array(32), "224.0.0.18");
  assertEquals(sent.map((s) => s.address![4]), [224, 198, 224]);
  assertThrows(
    () =>
      socket.sendIpv4(advert(1), {
        source: "2001:db8::1",
        destination: "224.0.0.18",
        id: 1,
        ttl: 255,
      }),
    /must be|needs|not an IPv4/,
  );
  assertThrows(
    () =>
      socket.sendIpv4(advert(1), {
        source: "192.0.2.1",
        destination: "224.0.0.18",
        id: 70000,
        ttl: 255,
      }),
    /must be|needs|not an IPv4/,
  );
  assertThrows(
    () =>
      socket.sendIpv4(advert(1), {
        source: "192.0.2.1",
        destination: "224.0.0.18",
        id: 1,
        ttl: 256,
      }),
    /must be|needs|not an IPv4/,
  );
  const v6 = new VrrpSocket(fakeLibc(sent), 8, "inet6", "eth0", 2);
  assertThrows(
    () =>
      v6.sendIpv4(advert(1), { source: "192.0.2.1", destination: "224.0.0.18", id: 1, ttl: 255 }),
    /must be|needs|not an IPv4/,
  );
});

Deno.test("warmSend reaches sendto only with an invalid descriptor, so nothing is sent", () => {
  const sent: Sent[] = [];
  let calls = 0;
  const libc = fakeLibc(sent);
  const counting: Libc = {
    ...libc,
    sendto(fd, data, address) {
      calls++;
      return libc.sendto(fd, data, address);
    },
  };
  for (const family of ["inet", "inet6"] as const) {
    const socket = new VrrpSocket(counting, 7, family, "eth0", 2);
    socket.warmSend([family === "inet" ? "224.0.0.18" : "ff02::12"]);
    socket.warmSend([]);
  }
  assertOk(calls > 0, "the path was run");
  assertEquals(sent.length, 0);
});
