/**
 * Literal VRRP packets for the codec and check tests, taken from `keepalived-2.2.7.pcap`
 * and annotated per field.
 *
 * How the capture was made (2026-11-29, keepalived 2.2.7 from Debian, tshark 4.x): two network
 * namespaces joined by a veth pair, `va` = 192.0.2.1/24 + 2001:db8::1/64 (link-local
 * fe80::947a:7aff:fe43:8d34), `vb` = 192.0.2.2/24 + 2001:db8::2/64. keepalived ran with
 * `keepalived-2.2.7-a.conf` on `va` and `keepalived-2.2.7-b.conf` on `vb`
 * (`keepalived -n -l -D -G -P -f CONF`) for 9 s, then got SIGTERM (hence the priority-0
 * adverts); `tshark -i vb -f "ip proto 112 or ip6 proto 112"` recorded both directions, and
 * `editcap -F pcap` turned the pcapng into a classic pcap.
 *
 * @module
 */

/** Bytes from hex strings (spaces ignored), so that each field can sit on its own line. */
export function hex(...parts: string[]): Uint8Array {
  const s = parts.join("").replace(/\s+/g, "");
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Reads a classic (libpcap) capture of Ethernet frames into their frames. */
export function pcapFrames(file: Uint8Array): Uint8Array[] {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (dv.getUint32(0, true) !== 0xa1b2c3d4) throw new Error("Not a little-endian pcap file");
  const frames: Uint8Array[] = [];
  for (let off = 24; off + 16 <= file.length;) {
    const incl = dv.getUint32(off + 8, true);
    frames.push(file.subarray(off + 16, off + 16 + incl));
    off += 16 + incl;
  }
  return frames;
}

/** The IPv4 header keepalived put on the VRID 53 advert (instance V3V4 of config a). */
export const IPV4_HEADER_V3 = hex(
  "45", //     version 4, IHL 5
  "c0", //     TOS: internetwork control
  "0020", //   total length 32
  "0001", //   id 1 (first advert)
  "0000", //   flags and fragment offset: DF clear
  "ff", //     TTL 255
  "70", //     protocol 112
  "1899", //   header checksum
  "c0000201", // source 192.0.2.1
  "e0000012", // destination 224.0.0.18
);

/** V2NONE: v2, VRID 51, priority 150, one address, no authentication, 1 s. */
export const V2_NONE = hex(
  "21", //       version 2, type 1 (advertisement)
  "33", //       VRID 51
  "96", //       priority 150
  "01", //       1 address
  "00", //       auth type 0 (none)
  "01", //       advert interval 1 s
  "8665", //     checksum (message only)
  "c0000264", // 192.0.2.100
  "0000000000000000", // authentication data: zeros
);

/** V2PASS: v2, VRID 52, priority 100, auth_type PASS, auth_pass "secret". */
export const V2_PASS = hex(
  "21", //       version 2, type 1
  "34", //       VRID 52
  "64", //       priority 100
  "01", //       1 address
  "01", //       auth type 1 (simple password)
  "01", //       advert interval 1 s
  "7b17", //     checksum (message only, password included)
  "c0000265", // 192.0.2.101
  "7365637265740000", // "secret", NUL padded to 8 bytes
);

/** V3V4: v3 over IPv4, VRID 53, priority 200, advert_int 0.5, multicast 192.0.2.1 → 224.0.0.18. */
export const V3_IPV4 = hex(
  "31", //       version 3, type 1
  "35", //       VRID 53
  "c8", //       priority 200
  "01", //       1 address
  "0032", //     reserved 0 + max advert interval 50 cs
  "a19f", //     checksum with the IPv4 pseudo-header (keepalived's default)
  "c0000266", // 192.0.2.102
);

/**
 * The same message with the RFC 9568 checksum (no pseudo-header, `v3_checksum_as_v2`). keepalived
 * 2.2.7 does not know that keyword (it logged "Unknown keyword"), so this value was computed by
 * hand: ~(0x3135 + 0xc801 + 0x0032 + 0xc000 + 0x0266) folded = 0x4430.
 */
export const V3_IPV4_AS_V2 = hex("31 35 c8 01 0032", "4430", "c0000266");

/** V3UNI: v3 unicast 192.0.2.1 → peer 192.0.2.2, VRID 56, priority 100, 1 s. */
export const V3_UNICAST = hex(
  "31", //       version 3, type 1
  "38", //       VRID 56
  "64", //       priority 100
  "01", //       1 address
  "0064", //     max advert interval 100 cs
  "bb75", //     checksum, pseudo-header destination = the peer 192.0.2.2
  "c6336438", // 198.51.100.56
);

/** V3MULTI: v3, VRID 55, priority 100, three addresses in configuration order. */
export const V3_MULTI = hex(
  "31 37 64", // version 3 type 1, VRID 55, priority 100
  "03", //       3 addresses
  "0064", //     100 cs
  "06e2", //     checksum (pseudo-header 192.0.2.1 → 224.0.0.18)
  "c000026e", // 192.0.2.110
  "c000026f", // 192.0.2.111
  "cb007107", // 203.0.113.7
);

/** V3V6: v3 over IPv6 fe80::947a:7aff:fe43:8d34 → ff02::12, VRID 54, two addresses. */
export const V3_IPV6 = hex(
  "31", //       version 3, type 1
  "36", //       VRID 54
  "64", //       priority 100
  "02", //       2 addresses
  "0064", //     100 cs
  "a460", //     checksum with the IPv6 pseudo-header (filled by the kernel)
  "fe800000000000000000000000000054", // fe80::54
  "20010db8000000000000000000000054", // 2001:db8::54
);

/** Source of `V3_IPV6`. */
export const V3_IPV6_SOURCE = "fe80::947a:7aff:fe43:8d34";

/** V2MANY: v2, VRID 57, 255 addresses 198.51.100.1 … .254 then 203.0.113.1. */
export const V2_MANY = hex(
  "21 39 64", // version 2 type 1, VRID 57, priority 100
  "ff", //       255 addresses
  "00 01", //    auth none, 1 s
  "df80", //     checksum
  ...Array.from({ length: 254 }, (_, i) => "c63364" + (i + 1).toString(16).padStart(2, "0")),
  "cb007101", // 203.0.113.1
  "0000000000000000", // authentication data
);

/** The 255 addresses of `V2_MANY`. */
export const V2_MANY_ADDRESSES = [
  ...Array.from({ length: 254 }, (_, i) => `198.51.100.${i + 1}`),
  "203.0.113.1",
];

/**
 * V2AH: the first advert of `keepalived-2.2.7-ah.pcap` — keepalived 2.2.7 alone on `va` with
 * `keepalived-2.2.7-ah.conf` (v2, VRID 58, priority 255, `auth_type AH`, `auth_pass ahkey`),
 * captured on `vb` as above (filter `ip proto 51` added) for 4 s.
 */
export const AH_DATAGRAM = hex(
  "45 c0 0040", //      IPv4, TOS 0xC0, total length 64
  "0001 0000", //       id 1, DF clear
  "ff 33 18b6", //      TTL 255, protocol 51 (AH), header checksum
  "c0000201 e0000012", // 192.0.2.1 → 224.0.0.18
  "70", //              AH: next header 112 (VRRP)
  "04", //              payload length 4 ((24 / 4) − 2)
  "0000", //            reserved
  "c0000201", //        SPI = sender address
  "00000001", //        sequence number 1
  "ed03c7045f8e22af416028a2", // ICV: HMAC-MD5-96 keyed by "ahkey\0\0\0"
  "21 3a ff 01", //     VRRP v2, VRID 58, priority 255, 1 address
  "02 01", //           auth type 2 (AH), 1 s
  "1b24", //            checksum
  "c000029e", //        192.0.2.158
  "0000000000000000", // authentication data: zeros
);
