/**
 * Private: IPv4/IPv6 text ↔ bytes, MAC text ↔ bytes, for `lib/sys/` only.
 *
 * @module
 */

/** Parses dotted-quad IPv4 or IPv6 text into 4 or 16 bytes; throws on anything else. */
export function parseIp(text: string): Uint8Array {
  if (text.includes(":")) return parseIpv6(text);
  const parts = text.split(".");
  if (parts.length !== 4) throw new Error(`not an IP address: "${text}"`);
  return Uint8Array.from(parts, (p) => {
    const n = /^\d{1,3}$/.test(p) ? Number(p) : NaN;
    if (!(n >= 0 && n <= 255)) throw new Error(`not an IP address: "${text}"`);
    return n;
  });
}

function parseIpv6(text: string): Uint8Array {
  const bad = () => new Error(`not an IPv6 address: "${text}"`);
  let t = text.split("%")[0]!;
  const dot = t.lastIndexOf(":");
  if (t.slice(dot + 1).includes(".")) {
    const v4 = parseIp(t.slice(dot + 1));
    const hi = ((v4[0]! << 8) | v4[1]!).toString(16);
    t = `${t.slice(0, dot + 1)}${hi}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) throw bad();
  const words = (s: string) => (s === "" ? [] : s.split(":").map((w) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(w)) throw bad();
    return parseInt(w, 16);
  }));
  const head = words(halves[0]!);
  const rest = halves.length === 2 ? words(halves[1]!) : [];
  if (halves.length === 2 ? head.length + rest.length > 7 : head.length !== 8) throw bad();
  const all = [...head, ...new Array(8 - head.length - rest.length).fill(0), ...rest];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** Formats 4 or 16 bytes as IPv4 or RFC 5952 IPv6 text. */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join(".");
  if (bytes.length !== 16) throw new Error(`an IP address has 4 or 16 bytes, not ${bytes.length}`);
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(":");
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

/** Parses `aa:bb:cc:dd:ee:ff` into 6 bytes. */
export function parseMac(text: string): Uint8Array {
  const parts = text.split(":");
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) {
    throw new Error(`not a MAC address: "${text}"`);
  }
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/** Formats bytes as lower-case `aa:bb:...`. */
export function formatMac(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(":");
}
