import { assertEquals, assertThrows } from "../assert.ts";
import { buildUnsolicitedNa, isIpv6Forwarding } from "../../lib/sys/ndisc.ts";

Deno.test("an unsolicited NA carries Override, the target and the link-layer option", () => {
  const m = buildUnsolicitedNa({ target: "2001:db8::100", mac: "02:00:5e:00:02:33" });
  assertEquals([...m], [
    ...[136, 0], // type neighbour advertisement, code 0
    ...[0, 0], // checksum: left to the kernel
    ...[0x20, 0, 0, 0], // R clear, S clear, O set; reserved
    ...[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00], // target address
    ...[2, 1], // option: target link-layer address, 8 bytes
    ...[0x02, 0x00, 0x5e, 0x00, 0x02, 0x33], // the MAC
  ]);
});

Deno.test("the Router flag is set when asked, and IPv4 targets are refused", () => {
  const m = buildUnsolicitedNa({ target: "fe80::1", mac: "02:00:00:00:00:01", router: true });
  assertEquals(m[4], 0xa0);
  assertThrows(() => buildUnsolicitedNa({ target: "192.0.2.1", mac: "02:00:00:00:00:01" }), /IPv6/);
});

Deno.test("IPv6 forwarding is read from the interface's sysctl file", () => {
  const paths: string[] = [];
  const read = (value: string) => (path: string) => (paths.push(path), value);
  assertEquals(isIpv6Forwarding("veth0", read("1\n")), true);
  assertEquals(isIpv6Forwarding("veth0", read("0\n")), false);
  assertEquals(paths, [
    "/proc/sys/net/ipv6/conf/veth0/forwarding",
    "/proc/sys/net/ipv6/conf/veth0/forwarding",
  ]);
  assertEquals(
    isIpv6Forwarding("gone0", () => {
      throw new Deno.errors.NotFound();
    }),
    false,
  );
});
