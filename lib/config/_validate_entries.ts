/**
 * Readers for the lines of list blocks: virtual addresses, tracked-object references, unicast
 * peers, sync-group members, routes and rules.
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";
import type { EntryKind } from "./keywords/types.ts";
import type { UnicastPeer, VirtualAddress } from "./model.ts";
import type { Statement, Word } from "./syntax.ts";
import type { Ctx } from "./_validate_context.ts";
import { parseAddressIgnoringPrefix } from "./_validate_read.ts";
import { readVip } from "./_validate_vip.ts";

/** A tracked-object reference as written, before weight rules are applied. */
export interface RawTrack {
  /** Object name. */
  name: string;
  /** Span of the name. */
  at: Span;
  /** The weight word, when given. */
  weight?: Word;
  /** `reverse` given. */
  reverse: boolean;
  /** `noreverse` given. */
  noreverse: boolean;
}

/** A virtual address entry with the span of its line. */
export interface VipEntry {
  /** The address. */
  vip: VirtualAddress;
  /** Span of the address word. */
  at: Span;
}

/** A unicast peer with the span of its line. */
export interface PeerEntry {
  /** The peer. */
  peer: UnicastPeer;
  /** Span of the address word. */
  at: Span;
  /** Family of the address. */
  family: "inet" | "inet6";
}

/** A sync-group member name with its span. */
export interface MemberEntry {
  /** Instance name. */
  name: string;
  /** Span of the word. */
  at: Span;
}

/** The parsed entries of one list block. */
export type Entries =
  | { kind: "vip"; items: VipEntry[] }
  | { kind: "track"; items: RawTrack[] }
  | { kind: "peer"; items: PeerEntry[] }
  | { kind: "member"; items: MemberEntry[] }
  | { kind: "words"; items: string[][] };

/** Lines of a list block as word arrays: the keyword and its arguments are all entry words. */
function lines(block: Statement[]): Word[][] {
  return block.map((s) => [s.keyword, ...s.args]);
}

/** Read the entries of a list block of the given kind. */
export function readEntries(ctx: Ctx, kind: EntryKind, block: Statement[]): Entries {
  for (const s of block) {
    if (s.block !== undefined) {
      ctx.error(
        s.at,
        "VK0206",
        `Unexpected block after '${s.keyword.text}' in a list`,
        "keepalived ignores the '{' and reads the lines inside as entries of this list",
      );
    }
  }
  switch (kind) {
    case "vip":
      return { kind: "vip", items: lines(block).flatMap((l) => readVip(ctx, l) ?? []) };
    case "track_interface":
    case "track_ref":
      return {
        kind: "track",
        items: lines(block).map((l) => readTrack(ctx, l, kind === "track_ref")),
      };
    case "unicast_peer":
      return { kind: "peer", items: lines(block).flatMap((l) => readPeer(ctx, l) ?? []) };
    case "member":
      return {
        kind: "member",
        items: lines(block).flat().map((w) => ({ name: w.text, at: w.at })),
      };
    default:
      return { kind: "words", items: lines(block).map((l) => l.map((w) => w.text)) };
  }
}

function readTrack(ctx: Ctx, words: Word[], allowNoreverse: boolean): RawTrack {
  const first = words[0]!;
  const t: RawTrack = { name: first.text, at: first.at, reverse: false, noreverse: false };
  let i = 1;
  while (i < words.length) {
    const w = words[i]!;
    if (w.text === "weight") {
      const v = words[i + 1];
      if (v === undefined) {
        ctx.error(
          w.at,
          "VK0307",
          `'weight' of '${first.text}' has no value; keepalived ignores it`,
        );
        break;
      }
      t.weight = v;
      i += 2;
    } else if (w.text === "reverse") {
      t.reverse = true;
      i++;
    } else if (w.text === "noreverse" && allowNoreverse) {
      t.noreverse = true;
      i++;
    } else {
      ctx.error(
        w.at,
        "VK0305",
        `Unknown word '${w.text}' after tracked '${first.text}'; keepalived ignores it`,
      );
      i++;
    }
  }
  return t;
}

function readPeer(ctx: Ctx, words: Word[]): PeerEntry | undefined {
  const first = words[0]!;
  const a = parseAddressIgnoringPrefix(ctx, first.text, first.at, "unicast_peer");
  if (a === undefined) {
    ctx.error(
      first.at,
      "VK0306",
      `Invalid unicast peer address '${first.text}'; keepalived skips the peer`,
    );
    return undefined;
  }
  const peer: UnicastPeer = { address: a.address };
  for (let i = 1; i < words.length; i += 2) {
    const w = words[i]!;
    const v = words[i + 1];
    if ((w.text === "min_ttl" || w.text === "max_ttl") && v !== undefined) {
      if (!/^[0-9]+$/.test(v.text) || Number(v.text) > 255) {
        ctx.error(
          v.at,
          "VK0302",
          `Invalid ${w.text} '${v.text}' for peer '${first.text}' (0..255); keepalived ignores it`,
        );
      } else if (w.text === "min_ttl") peer.minTtl = Number(v.text);
      else peer.maxTtl = Number(v.text);
    } else {
      ctx.error(
        w.at,
        "VK0305",
        `Unknown option '${w.text}' for unicast peer '${first.text}'; keepalived ignores it`,
      );
      i--; // advance by one word only
    }
  }
  return { peer, at: first.at, family: a.family };
}
