/**
 * Numeric comparison of IP addresses for the MASTER equal-priority tie-break (spec §4.6):
 * IPv4 as a 32-bit number, IPv6 word by word.
 *
 * @module
 */

function v4Words(address: string): number[] {
  return address.split(".").map((p) => Number.parseInt(p, 10) || 0);
}

function v6Words(address: string): number[] {
  let text = address.replace(/%.*$/, "");
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/)?.[1];
  if (dotted !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = v4Words(dotted);
    const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    text = text.slice(0, -dotted.length) + hex;
  }
  const parse = (s: string) => s === "" ? [] : s.split(":").map((x) => Number.parseInt(x, 16) || 0);
  const parts = text.split("::");
  if (parts.length === 1) return parse(text);
  const head = parse(parts[0] ?? "");
  const tail = parse(parts[1] ?? "");
  const zeros = new Array<number>(Math.max(0, 8 - head.length - tail.length)).fill(0);
  return [...head, ...zeros, ...tail];
}

/**
 * Compares two addresses of the same family numerically (IPv4 as one 32-bit number, IPv6 as
 * eight 16-bit words).
 *
 * @returns A negative number when `a` < `b`, 0 when equal, positive when `a` > `b`.
 */
export function compareAddresses(a: string, b: string): number {
  const x = a.includes(":") ? v6Words(a) : v4Words(a);
  const y = b.includes(":") ? v6Words(b) : v4Words(b);
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
