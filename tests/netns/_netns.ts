/**
 * Shared helpers for network-namespace tests (they need root).
 *
 * - `NETNS_IGNORE`: pass as `ignore:` to `Deno.test`; when true (not root, or no `ip`) a loud
 *   SKIPPED line has been printed once.
 * - `withNetnsPair(fn)`: two fresh namespaces joined by a veth pair, both ends up, optional
 *   TEST-NET addresses, IPv6 DAD off and link-local addresses usable (`waitIpv6Ready`);
 *   everything is deleted in a `finally`, even on failure.
 * - `withNetns(fn)`: one fresh namespace with only `lo` up; `withNamespaces(n, fn)`: n of them.
 * - `createNetns`, `deleteNetns`, `addVeth`: the pieces, for other topologies (`_lan.ts`).
 * - `addLocalLink(netns)`: a veth pair inside one namespace, to track and set down and up.
 * - `run`, `ipJson`, `denoInNetns`: run a command (optionally inside a namespace) and collect
 *   its output; `denoInNetns` runs a Deno script there with all permissions.
 *
 * Names are unique per process and call (`vk<pid>n<k>`), so parallel tests do not collide, and
 * interface names stay within Linux's 15 characters.
 *
 * @module
 */

/** The result of a finished command. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function canRunAsRoot(): boolean {
  try {
    return Deno.uid() === 0;
  } catch {
    return false;
  }
}

/** True when netns tests must be skipped; the reason has then been printed once. */
export const NETNS_IGNORE: boolean = !canRunAsRoot();
if (NETNS_IGNORE) {
  console.error(
    "\n*** SKIPPED: network-namespace tests need root (run `sudo deno task test:netns`). ***\n",
  );
}

let counter = 0;
const TAG = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).slice(0, 6);
/** A fresh name `vk<tag><k><suffix>` (at most 15 characters for interface names). */
export function uniqueName(suffix = ""): string {
  counter++;
  // Test files may run as workers of one process (same pid): a random tag per module keeps
  // their names apart. Interface names stay within 15 characters.
  return `vk${TAG}${counter}${suffix}`;
}

/** Runs `argv` and returns its exit code and output; never throws on a non-zero exit. */
export async function run(
  argv: string[],
  options: { netns?: string; env?: Record<string, string>; stdin?: string } = {},
): Promise<RunResult> {
  const full = options.netns ? ["ip", "netns", "exec", options.netns, ...argv] : argv;
  const cmd = new Deno.Command(full[0]!, {
    args: full.slice(1),
    stdout: "piped",
    stderr: "piped",
    stdin: options.stdin === undefined ? "null" : "piped",
    ...(options.env ? { env: options.env } : {}),
  });
  const child = cmd.spawn();
  if (options.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(options.stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Runs `argv` and throws (with its stderr) unless it exits 0; returns stdout. */
export async function must(argv: string[], options: { netns?: string } = {}): Promise<string> {
  const r = await run(argv, options);
  if (r.code !== 0) throw new Error(`${argv.join(" ")} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** `ip -j ARGS` inside a namespace, parsed. */
export async function ipJson(netns: string, args: string[]): Promise<unknown> {
  return JSON.parse(await must(["ip", "-j", ...args], { netns }));
}

/** Runs `deno run -A SCRIPT ARGS` inside a namespace (with extra environment variables). */
export function denoInNetns(
  netns: string,
  script: string | URL,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<RunResult> {
  const path = script instanceof URL ? script.pathname : script;
  return run([Deno.execPath(), "run", "-A", "--quiet", path, ...args], { netns, env });
}

/** Creates a fresh namespace with `lo` up and IPv6 DAD off; the caller deletes it. */
export async function createNetns(): Promise<string> {
  const name = uniqueName();
  await must(["ip", "netns", "add", name]);
  await must(["ip", "link", "set", "lo", "up"], { netns: name });
  for (const key of ["all", "default"]) {
    await must(["sysctl", "-qw", `net.ipv6.conf.${key}.accept_dad=0`], { netns: name });
  }
  return name;
}

/** Deletes a namespace (and so its links); a failure is printed, not thrown. */
export async function deleteNetns(name: string): Promise<void> {
  const r = await run(["ip", "netns", "del", name]);
  if (r.code !== 0) console.error(`cleanup: ip netns del ${name}: ${r.stderr.trim()}`);
}

/** Creates `count` namespaces, runs `fn`, and deletes every one of them afterwards. */
export async function withNamespaces<T>(
  count: number,
  fn: (names: string[]) => Promise<T>,
): Promise<T> {
  const created: string[] = [];
  try {
    for (let i = 0; i < count; i++) created.push(await createNetns());
    return await fn([...created]);
  } finally {
    for (const ns of created) await deleteNetns(ns);
  }
}

/** One throwaway namespace. */
export function withNetns<T>(fn: (netns: string) => Promise<T>): Promise<T> {
  return withNamespaces(1, ([ns]) => fn(ns!));
}

/** The two ends of a veth pair. */
export interface Veth {
  /** Name of the end in the first namespace. */
  ifA: string;
  /** Name of the end in the second namespace. */
  ifB: string;
}

/** Addresses to put on the veth ends, with prefix: `{ a: ["192.0.2.1/24"], b: [...] }`. */
export interface PairAddresses {
  a?: string[];
  b?: string[];
}

/** Joins namespaces `a` and `b` with a veth pair; both ends up, with the given addresses. */
export async function addVeth(a: string, b: string, addresses: PairAddresses = {}): Promise<Veth> {
  const ifA = uniqueName("a");
  const ifB = uniqueName("b");
  await must([
    "ip",
    "link",
    "add",
    ifA,
    "netns",
    a,
    "type",
    "veth",
    "peer",
    "name",
    ifB,
    "netns",
    b,
  ]);
  for (const [ns, dev, addrs] of [[a, ifA, addresses.a], [b, ifB, addresses.b]] as const) {
    for (const addr of addrs ?? []) {
      await must(["ip", "addr", "add", addr, "dev", dev], { netns: ns });
    }
    await must(["ip", "link", "set", dev, "up"], { netns: ns });
  }
  return { ifA, ifB };
}

/**
 * Waits (up to 3 s) until `dev` in `netns` has its IPv6 link-local address and none of its
 * addresses is still tentative. Until then the kernel drops IPv6 multicast to and from it
 * (e.g. VRRP to ff02::12), even with DAD off.
 */
export async function waitIpv6Ready(netns: string, dev: string): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const out = await must(["ip", "-6", "addr", "show", "dev", dev], { netns });
    if (out.includes("fe80:") && !out.includes("tentative")) return;
    if (Date.now() > deadline) throw new Error(`IPv6 on ${dev} not ready after 3 s:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The tracked end of a veth pair that lies wholly inside one namespace. */
export interface LocalLink {
  /** The end to track (`track_interface`). */
  name: string;
  /** Sets that end up (true) or down (false). */
  set(up: boolean): Promise<void>;
}

/** Adds a veth pair inside `netns`, both ends up: an interface a test can track and flap. */
export async function addLocalLink(netns: string): Promise<LocalLink> {
  const name = uniqueName("t");
  const peer = uniqueName("u");
  await must(["ip", "link", "add", name, "type", "veth", "peer", "name", peer], { netns });
  await must(["ip", "link", "set", peer, "up"], { netns });
  await must(["ip", "link", "set", name, "up"], { netns });
  return {
    name,
    set: async (up) => void await must(["ip", "link", "set", name, up ? "up" : "down"], { netns }),
  };
}

/** Two namespaces `a` and `b` joined by veth `ifA` (in a) ↔ `ifB` (in b). */
export interface NetnsPair extends Veth {
  a: string;
  b: string;
}

/**
 * Creates two namespaces joined by a veth pair (both ends and `lo` up, DAD off, the given
 * addresses added), runs `fn`, and deletes both namespaces (and so the veth) afterwards.
 */
export function withNetnsPair<T>(
  fn: (pair: NetnsPair) => Promise<T>,
  addresses: PairAddresses = {},
): Promise<T> {
  return withNamespaces(2, async ([a, b]) => {
    const { ifA, ifB } = await addVeth(a!, b!, addresses);
    await waitIpv6Ready(a!, ifA);
    await waitIpv6Ready(b!, ifB);
    return await fn({ a: a!, b: b!, ifA, ifB });
  });
}
