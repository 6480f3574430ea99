/**
 * Runs the rtnetlink contract against the real kernel. Not a test by itself: the netns test
 * runs `ip netns exec NS deno test -A THIS_FILE` with `VK_IF=<interface>` and
 * `VIPKEEPER_FFI=deno|ffi-rs`, inside a namespace it created.
 */

import { loadLibc } from "../../../lib/sys/ffi.ts";
import { MONITOR_GROUPS } from "../../../lib/sys/netlink/monitor.ts";
import { Rtnetlink } from "../../../lib/sys/netlink/rtnetlink.ts";
import { openNetlinkSocket } from "../../../lib/sys/netlink/socket.ts";
import { NETLINK_CONTRACT, type NetlinkEnv } from "../../sys/netlink/_contract.ts";

const ifName = Deno.env.get("VK_IF");
if (!ifName) throw new Error("VK_IF must name the test interface");

async function ip(...args: string[]): Promise<void> {
  const out = await new Deno.Command("ip", { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`ip ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

async function realEnv(): Promise<NetlinkEnv> {
  const libc = await loadLibc();
  await ip("link", "set", ifName!, "up");
  const rt = new Rtnetlink(openNetlinkSocket(libc));
  const events = openNetlinkSocket(libc, { groups: MONITOR_GROUPS, receiveBuffer: 1024 });
  return {
    rt,
    events,
    ifIndex: libc.ifNameToIndex(ifName!),
    ifName: ifName!,
    setLinkDown: () => ip("link", "set", ifName!, "down"),
    async provokeOverrun() {
      // A tiny receive buffer and many events nobody reads: the kernel drops some.
      const index = libc.ifNameToIndex(ifName!);
      const req = (i: number) => ({
        index,
        address: `2001:db8:9::${i.toString(16)}`,
        prefix: 64,
        nodad: true,
      });
      for (let i = 1; i <= 60; i++) await rt.addAddress(req(i));
      for (let i = 1; i <= 60; i++) await rt.deleteAddress(req(i));
    },
    addressesNow() {
      const out = new Deno.Command("ip", { args: ["-o", "addr", "show", "dev", ifName!] })
        .outputSync();
      const text = new TextDecoder().decode(out.stdout);
      return [...text.matchAll(/ inet6? ([0-9a-f.:]+)\//g)].map((m) => m[1]!);
    },
    close: async () => {
      await rt.close();
      await events.close();
    },
  };
}

for (const [name, fn] of Object.entries(NETLINK_CONTRACT)) {
  Deno.test(`[real netlink, ${(await loadLibc()).backend}] ${name}`, async () => {
    const env = await realEnv();
    try {
      await fn(env);
    } finally {
      await env.close();
    }
  });
}
