/**
 * The decoded form of a VRRP advertisement, shared by the codec (`packet.ts`), the receive
 * checks (`checks.ts`) and the state machine. It knows nothing of sockets.
 *
 * @module
 */

/** VRRP protocol version: 2 (RFC 3768) or 3 (RFC 5798 / RFC 9568). */
export type VrrpVersion = 2 | 3;

/** Address family of an advertisement's addresses. */
export type AdvertFamily = "inet" | "inet6";

/** v2 authentication types (RFC 3768 §5.3.6). */
export type AuthType = 0 | 1 | 2;

/**
 * One VRRP advertisement, version-independent.
 *
 * @example
 * ```ts
 * import type { Advert } from "./advert.ts";
 * const a: Advert = {
 *   version: 3, vrid: 51, priority: 100, intervalCs: 100, family: "inet",
 *   addresses: ["192.0.2.100"],
 * };
 * ```
 */
export interface Advert {
  /** 2 or 3. */
  version: VrrpVersion;
  /** Virtual router id 1..255. */
  vrid: number;
  /** Priority 0..255 (0 = the master is leaving, 255 = address owner). */
  priority: number;
  /**
   * Advertisement interval in centiseconds: v3's 12-bit Max Adver Int as carried; v2's whole
   * seconds × 100.
   */
  intervalCs: number;
  /** Family of `addresses`. */
  family: AdvertFamily;
  /** The virtual addresses in the order carried, as text (`192.0.2.1`, `2001:db8::1`). */
  addresses: string[];
  /** v2 only: authentication type and the 8 bytes of authentication data. */
  auth?: { type: AuthType; data: Uint8Array };
}

/** An advertisement as it arrived: the advert plus what the IP layer said about it. */
export interface ReceivedAdvert {
  /** The decoded advertisement. */
  advert: Advert;
  /** IP source address (the sending router). */
  source: string;
  /** IP destination address (multicast group or this host's unicast address). */
  destination: string;
  /** Received TTL / hop limit. */
  ttl: number;
  /** Name of the interface it arrived on. */
  interface: string;
}
