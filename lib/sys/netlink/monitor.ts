/**
 * Link and address events from the kernel as an async iterator. When the kernel reports that
 * it dropped events (ENOBUFS), the monitor re-dumps links and addresses and yields one
 * `resync` event with the full picture, so a consumer never works from a stale view.
 *
 * @module
 */

import { SyscallError } from "../errno.ts";
import { NL } from "./constants.ts";
import { decodeMessages } from "./message.ts";
import { type AddressInfo, decodeAddress, decodeLink, type LinkInfo } from "./route.ts";
import type { Rtnetlink } from "./rtnetlink.ts";
import { decodeRouteMessage, decodeRuleMessage } from "./route_event.ts";
import type { RouteRequest, RuleRequest } from "./route_msg.ts";
import type { NetlinkTransport } from "./socket.ts";

/** One event: a link or address appeared/changed (`new`) or went away (`del`), or a resync. */
export type NetlinkEvent =
  | { kind: "link"; action: "new" | "del"; link: LinkInfo }
  | { kind: "address"; action: "new" | "del"; address: AddressInfo }
  | { kind: "route"; action: "new" | "del"; route: RouteRequest }
  | { kind: "rule"; action: "new" | "del"; rule: RuleRequest }
  | { kind: "resync"; links: LinkInfo[]; addresses: AddressInfo[] };

/**
 * The groups for IPv4 and IPv6 route and policy-rule events (RTMGRP_IPV4_ROUTE,
 * RTMGRP_IPV6_ROUTE, and RTNLGRP_IPV4_RULE / RTNLGRP_IPV6_RULE as legacy group bits).
 *
 * @example
 * ```ts
 * import { ROUTE_MONITOR_GROUPS } from "./monitor.ts";
 * console.assert(ROUTE_MONITOR_GROUPS === 0x40 + 0x400 + 0x80 + 0x40000);
 * ```
 */
export const ROUTE_MONITOR_GROUPS: number = 0x40 | 0x400 | (1 << (8 - 1)) | (1 << (19 - 1));

/** The groups for link, IPv4 and IPv6 address events. */
export const MONITOR_GROUPS: number = NL.RTMGRP_LINK | NL.RTMGRP_IPV4_IFADDR |
  NL.RTMGRP_IPV6_IFADDR;

/**
 * Decodes the events in one datagram (other message types are skipped).
 *
 * @example
 * ```ts
 * import { decodeEvents } from "./monitor.ts";
 * import { encodeMessage } from "./message.ts";
 * import { encodeAddressRequest } from "./route.ts";
 * const payload = encodeAddressRequest({ index: 2, address: "192.0.2.7", prefix: 24 });
 * const [e] = decodeEvents(encodeMessage({ type: 21, flags: 0, seq: 0, pid: 0, payload }));
 * console.assert(e?.kind === "address" && e.action === "del");
 * ```
 */
export function decodeEvents(datagram: Uint8Array): NetlinkEvent[] {
  const out: NetlinkEvent[] = [];
  for (const m of decodeMessages(datagram)) {
    if (m.type === NL.RTM_NEWLINK || m.type === NL.RTM_DELLINK) {
      const link = decodeLink(m.payload);
      if (link) out.push({ kind: "link", action: m.type === NL.RTM_NEWLINK ? "new" : "del", link });
    } else if (m.type === NL.RTM_NEWROUTE || m.type === NL.RTM_DELROUTE) {
      const route = decodeRouteMessage(m.payload);
      if (route) {
        out.push({ kind: "route", action: m.type === NL.RTM_NEWROUTE ? "new" : "del", route });
      }
    } else if (m.type === NL.RTM_NEWRULE || m.type === NL.RTM_DELRULE) {
      const rule = decodeRuleMessage(m.payload);
      if (rule) out.push({ kind: "rule", action: m.type === NL.RTM_NEWRULE ? "new" : "del", rule });
    } else if (m.type === NL.RTM_NEWADDR || m.type === NL.RTM_DELADDR) {
      const address = decodeAddress(m.payload);
      if (address) {
        out.push({ kind: "address", action: m.type === NL.RTM_NEWADDR ? "new" : "del", address });
      }
    }
  }
  return out;
}

/**
 * Yields events from `events` (a transport subscribed to `MONITOR_GROUPS`) until it is
 * closed; on ENOBUFS re-dumps through `requests` and yields a `resync`.
 *
 * @example
 * ```ts
 * import { watchNetlink } from "./monitor.ts";
 * import { FakeKernel, fakeNetlink } from "./fake.ts";
 * import { Rtnetlink } from "./rtnetlink.ts";
 * import { MONITOR_GROUPS } from "./monitor.ts";
 * const kernel = new FakeKernel([{ index: 2, name: "eth0" }]);
 * const events = kernel.subscribe(MONITOR_GROUPS);
 * const it = watchNetlink(events, new Rtnetlink(fakeNetlink(kernel.handler)));
 * kernel.setLink(2, false);
 * const first = await it.next();
 * console.assert(first.value?.kind === "link" && !first.value.link.running);
 * await events.close();
 * ```
 */
export async function* watchNetlink(
  events: NetlinkTransport,
  requests: Rtnetlink,
): AsyncGenerator<NetlinkEvent, void, undefined> {
  for (;;) {
    let datagram: Uint8Array | null;
    try {
      datagram = await events.receive();
    } catch (e) {
      if (!(e instanceof SyscallError && e.code === "ENOBUFS")) throw e;
      const links = await requests.dumpLinks();
      const addresses = await requests.dumpAddresses();
      yield { kind: "resync", links, addresses };
      continue;
    }
    if (datagram === null) return;
    yield* decodeEvents(datagram);
  }
}
