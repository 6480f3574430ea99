/**
 * One `virtual_ipaddress` / `virtual_ipaddress_excluded` line: the address and its options, with
 * what keepalived does to each bad option.
 *
 * @module
 */

import type { VirtualAddress } from "./model.ts";
import type { Word } from "./syntax.ts";
import type { Ctx } from "./_validate_context.ts";
import type { VipEntry } from "./_validate_entries.ts";
import { parseAddress } from "./_validate_values.ts";

const VIP_VALUE_OPTS = new Set([
  "brd",
  "broadcast",
  "dev",
  "scope",
  "label",
  "peer",
  "preferred_lft",
]);
const SCOPES = new Set(["global", "site", "link", "host", "nowhere"]);
const VIP_FLAG_OPTS = new Set([
  "home",
  "-nodad",
  "noprefixroute",
  "autojoin",
  "no_track",
  "use_vmac",
]);

/** Read one virtual address line; undefined when keepalived skips it. */
export function readVip(ctx: Ctx, words: Word[]): VipEntry | undefined {
  const first = words[0]!;
  let a = parseAddress(first.text, true);
  const slash = first.text.indexOf("/");
  if (a === undefined && slash > 0) {
    // keepalived keeps an address whose prefix is too long, with the full-length prefix.
    const bare = parseAddress(first.text.slice(0, slash), false);
    if (bare !== undefined && /^[0-9]+$/.test(first.text.slice(slash + 1))) {
      const full = bare.family === "inet" ? 32 : 128;
      ctx.error(
        first.at,
        "VK0310",
        `Prefix length of '${first.text}' is more than ${full}; keepalived uses /${full}`,
      );
      a = { ...bare, prefix: full };
    }
  }
  if (a === undefined) {
    ctx.error(
      first.at,
      "VK0310",
      `Invalid virtual address '${first.text}'; keepalived skips the entry`,
    );
    return undefined;
  }
  const vip: VirtualAddress = {
    address: a.address,
    prefix: a.prefix ?? (a.family === "inet" ? 32 : 128),
    family: a.family,
  };
  const extra: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const opt = w.text;
    if (VIP_VALUE_OPTS.has(opt)) {
      const v = words[i + 1];
      if (v === undefined) {
        ctx.error(
          w.at,
          "VK0310",
          `Option '${opt}' of virtual address '${first.text}' has no value; keepalived ignores it`,
        );
        break;
      }
      i++;
      if (opt === "brd" || opt === "broadcast") {
        const derived = v.text === "+" || v.text === "-";
        if (derived && a.family === "inet" && (a.prefix ?? 32) >= 31) {
          ctx.error(
            v.at,
            "VK0310",
            `Prefix /${
              a.prefix ?? 32
            } of '${first.text}' is too long for 'brd ${v.text}'; keepalived ignores the broadcast`,
          );
          continue;
        }
        if (!derived && parseAddress(v.text, false)?.family !== a.family) {
          ctx.error(
            v.at,
            "VK0310",
            `Invalid broadcast '${v.text}' for virtual address '${first.text}'; keepalived skips the entry`,
          );
          return undefined;
        }
        vip.broadcast = v.text;
      } else if (opt === "dev") vip.dev = v.text;
      else if (opt === "scope") {
        if (SCOPES.has(v.text) || (/^[0-9]+$/.test(v.text) && Number(v.text) <= 255)) {
          vip.scope = v.text;
        } else {
          ctx.error(
            v.at,
            "VK0310",
            `Invalid scope '${v.text}' for virtual address '${first.text}'; keepalived ignores it`,
            "use global, site, link, host, nowhere or a number 0..255",
          );
        }
      } else if (opt === "label") vip.label = v.text;
      else if (opt === "peer") {
        if (a.prefix !== undefined) {
          ctx.error(
            w.at,
            "VK0310",
            `Virtual address '${first.text}' has a prefix and a peer; keepalived ignores the peer`,
          );
        } else vip.peer = v.text;
      } else {
        const n = /^[0-9]+$/.test(v.text) || v.text === "forever" ? v.text : undefined;
        if (n === undefined) {
          ctx.error(
            v.at,
            "VK0310",
            `Invalid preferred_lft '${v.text}' for virtual address '${first.text}'; keepalived ignores it`,
          );
        } else if (n !== "forever") vip.preferredLft = Number(n);
        else extra.push("preferred_lft", "forever");
      }
    } else if (VIP_FLAG_OPTS.has(opt)) {
      if (opt === "home") vip.home = true;
      else if (opt === "-nodad") vip.nodad = true;
      else if (opt === "noprefixroute") vip.noprefixroute = true;
      else if (opt === "autojoin") vip.autojoin = true;
      else if (opt === "no_track") vip.noTrack = true;
      else extra.push(opt);
    } else {
      ctx.error(
        w.at,
        "VK0310",
        `Unknown option '${opt}' for virtual address '${first.text}'; keepalived ignores it`,
      );
    }
  }
  if (extra.length > 0) vip.extra = extra;
  return { vip, at: first.at };
}
