/**
 * Per-instance receive counters: keepalived's own statistics (spec §7.2, the names of its JSON
 * dump) and one counter per typed drop reason of the receive checks (`checks.ts`).
 *
 * The checks never touch counters; they return which ones to bump, and `recordCheck` applies
 * that to an instance's counters.
 *
 * @module
 */

/**
 * Why a received packet was not accepted, in the order the checks run (see `checks.ts` and
 * docs/packets.md). keepalived counts some of these in its statistics (`DROP_STAT`); vipkeeper
 * counts every one of them in `InstanceCounters.drops`.
 */
export const DROP_REASONS = [
  "truncated",
  "protocol",
  "vrid",
  "dst-mismatch",
  "ah-mismatch",
  "length",
  "ttl",
  "version",
  "auth-type-invalid",
  "auth-type",
  "auth",
  "ah-next-header",
  "ah-unsupported",
  "interval",
  "type",
  "addr-count",
  "ip-length",
  "checksum",
  "owner-ignore",
  "addr-list",
  "not-peer",
  "peer-ttl",
] as const;

/** One typed reason for dropping a received packet (see `DROP_REASONS`). */
export type DropReason = typeof DROP_REASONS[number];

/** keepalived's per-instance statistics, by the names of its JSON dump (spec §7.2). */
export const STAT_NAMES = [
  "advert_rcvd",
  "advert_sent",
  "become_master",
  "release_master",
  "packet_len_err",
  "advert_interval_err",
  "ip_ttl_err",
  "invalid_type_rcvd",
  "addr_list_err",
  "invalid_authtype",
  "authtype_mismatch",
  "auth_failure",
  "pri_zero_rcvd",
  "pri_zero_sent",
] as const;

/** The name of one keepalived statistic. */
export type StatName = typeof STAT_NAMES[number];

/** keepalived's statistics of one instance, keyed as in its JSON dump. */
export type KeepalivedStats = Record<StatName, number>;

/**
 * The keepalived statistic a drop reason increments, or `undefined` when keepalived counts
 * none (it has SNMP-only counters for VRID, version and checksum errors; v2 interval
 * mismatches are never counted — `advert_interval_err` stays 0, as in keepalived).
 *
 * @example
 * ```ts
 * import { DROP_STAT } from "./counters.ts";
 * if (DROP_STAT.ttl !== "ip_ttl_err" || DROP_STAT.interval !== undefined) throw new Error();
 * ```
 */
export const DROP_STAT: Readonly<Record<DropReason, StatName | undefined>> = {
  "truncated": undefined,
  "protocol": undefined,
  "vrid": undefined,
  "dst-mismatch": "addr_list_err",
  "ah-mismatch": "authtype_mismatch",
  "length": "packet_len_err",
  "ttl": "ip_ttl_err",
  "version": undefined,
  "auth-type-invalid": "invalid_authtype",
  "auth-type": "authtype_mismatch",
  "auth": "auth_failure",
  "ah-next-header": undefined,
  "ah-unsupported": undefined,
  "interval": undefined,
  "type": "invalid_type_rcvd",
  "addr-count": "addr_list_err",
  "ip-length": "packet_len_err",
  "checksum": undefined,
  "owner-ignore": undefined,
  "addr-list": "addr_list_err",
  "not-peer": undefined,
  "peer-ttl": "ip_ttl_err",
};

/** The counters of one instance. */
export interface InstanceCounters {
  /** keepalived's statistics (the engine bumps the send-side ones itself). */
  stats: KeepalivedStats;
  /** Packets dropped, per reason. */
  drops: Record<DropReason, number>;
}

/**
 * Fresh, all-zero counters for one instance.
 *
 * @example
 * ```ts
 * import { newCounters } from "./counters.ts";
 * const c = newCounters();
 * if (c.stats.advert_rcvd !== 0 || c.drops.checksum !== 0) throw new Error();
 * ```
 */
export function newCounters(): InstanceCounters {
  const stats = {} as KeepalivedStats;
  for (const s of STAT_NAMES) stats[s] = 0;
  const drops = {} as Record<DropReason, number>;
  for (const r of DROP_REASONS) drops[r] = 0;
  return { stats, drops };
}

/** The part of a check result that counters care about (see `CheckResult` in `checks.ts`). */
export type CountedResult =
  | { dropped: DropReason; stats: readonly StatName[] }
  | { accepted: unknown; stats: readonly StatName[] };

/**
 * Applies one check result to an instance's counters: its statistics, and its drop reason.
 *
 * @example
 * ```ts
 * import { newCounters, recordCheck } from "./counters.ts";
 * const c = newCounters();
 * recordCheck(c, { dropped: "ttl", stats: ["ip_ttl_err"] });
 * if (c.drops.ttl !== 1 || c.stats.ip_ttl_err !== 1) throw new Error();
 * ```
 */
export function recordCheck(counters: InstanceCounters, result: CountedResult): void {
  for (const s of result.stats) counters.stats[s]++;
  if ("dropped" in result) counters.drops[result.dropped]++;
}
