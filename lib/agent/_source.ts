/**
 * An instance's own source address, as keepalived picks it: the configured `mcast_src_ip` /
 * `unicast_src_ip`, else the interface's primary address of the family (IPv6: its link-local).
 * VIPs never count. With `track_src_ip`, a configured address that is not on the interface counts
 * as none. No address is keepalived's "no source IP" fault.
 *
 * @module
 */

import type { VrrpInstance } from "../config/model.ts";
import type { AddressNet } from "./ports.ts";

/** Why an instance has no source address, for the log line. */
export function noSourceReason(inst: VrrpInstance): string {
  const v = inst.family === "inet" ? "IPv4" : "IPv6";
  const configured = inst.unicastPeers.length > 0 ? inst.unicastSrcIp : inst.mcastSrcIp;
  if (configured !== undefined) {
    return `its source address ${configured} (track_src_ip) is not on ${inst.interface}`;
  }
  if (inst.interface === undefined) return "no interface and no configured source address";
  return `no ${v} ${v === "IPv6" ? "link-local " : ""}address on ${inst.interface}`;
}

/**
 * Finds source addresses for a pass over instances, asking the system once per interface and
 * family (a pass at start-up covers hundreds of instances on a few interfaces).
 */
export class SourceFinder {
  #primary = new Map<string, Promise<string | undefined>>();
  #present = new Map<string, Promise<boolean>>();

  /** A finder over `addresses`; `vips` are never a source. */
  constructor(readonly addresses: AddressNet, readonly vips: ReadonlySet<string>) {}

  /** The instance's source address now, or undefined when it has none. */
  find(inst: VrrpInstance): Promise<string | undefined> {
    const configured = inst.unicastPeers.length > 0 ? inst.unicastSrcIp : inst.mcastSrcIp;
    const iface = inst.interface;
    if (configured !== undefined) {
      if (!inst.trackSrcIp || iface === undefined) return Promise.resolve(configured);
      const key = `${iface}|${inst.family}|${configured}`;
      let present = this.#present.get(key);
      if (present === undefined) {
        present = this.addresses.hasAddress(iface, inst.family, configured);
        this.#present.set(key, present);
      }
      return present.then((yes) => yes ? configured : undefined);
    }
    if (iface === undefined) return Promise.resolve(undefined);
    const key = `${iface}|${inst.family}`;
    let primary = this.#primary.get(key);
    if (primary === undefined) {
      primary = this.addresses.primaryAddress(iface, inst.family, this.vips);
      this.#primary.set(key, primary);
    }
    return primary;
  }
}
