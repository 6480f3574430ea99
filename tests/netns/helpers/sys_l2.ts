/**
 * Layer-2 helper for netns tests, run inside a namespace:
 *
 *   deno run -A sys_l2.ts capture IFNAME COUNT TIMEOUT_MS arp|na|all
 *     prints {"ready":true}, then {"frame":"<hex>"} for each matching frame received on
 *     IFNAME (an AF_PACKET socket), then {"done":true,"count":N} after COUNT or the timeout.
 *   deno run -A sys_l2.ts garp IFNAME VIP        sends one gratuitous ARP (lib/sys/garp.ts)
 *   deno run -A sys_l2.ts garp-known IFNAME VIP MAC  the same through `sendKnown` (index, MAC
 *     given; sent twice, the second from the kept frame)
 *   deno run -A sys_l2.ts na IFNAME VIP [router] sends one unsolicited NA (lib/sys/ndisc.ts)
 *
 * Other helpers may use `capture` to see GARP/NA on the wire without tshark.
 */

import { loadLibc } from "../../../lib/sys/ffi.ts";
import { SOCK } from "../../../lib/sys/constants.ts";
import { openGarpSender } from "../../../lib/sys/garp.ts";
import { sendUnsolicitedNa } from "../../../lib/sys/ndisc.ts";

const [mode, ifName, a3, a4, a5] = Deno.args;
const libc = await loadLibc();
const print = (o: unknown) => console.log(JSON.stringify(o));
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

function matches(frame: Uint8Array, filter: string): boolean {
  const type = (frame[12]! << 8) | frame[13]!;
  if (filter === "arp") return type === SOCK.ETH_P_ARP;
  if (filter === "na") return type === SOCK.ETH_P_IPV6 && frame[20] === 58 && frame[54] === 136;
  return true;
}

if (mode === "capture" && ifName) {
  const count = Number(a3 ?? 1), timeoutMs = Number(a4 ?? 3000), filter = a5 ?? "all";
  const ethAll = 0x0300; // htons(ETH_P_ALL)
  const fd = libc.socket(
    SOCK.AF_PACKET,
    SOCK.SOCK_RAW | SOCK.SOCK_NONBLOCK | SOCK.SOCK_CLOEXEC,
    ethAll,
  );
  const ll = new Uint8Array(20);
  const v = new DataView(ll.buffer);
  v.setUint16(0, SOCK.AF_PACKET, true);
  v.setUint16(2, SOCK.ETH_P_ALL, false);
  v.setInt32(4, libc.ifNameToIndex(ifName), true);
  libc.bind(fd, ll);
  print({ ready: true });
  const buf = new Uint8Array(2048);
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (seen < count && Date.now() < deadline) {
    const got = libc.recvmsg(fd, buf, null, null);
    if (!got) {
      await libc.poll(
        [{ fd, events: SOCK.POLLIN }],
        Math.max(1, Math.min(100, deadline - Date.now())),
      );
      continue;
    }
    const frame = buf.subarray(0, got.length);
    if (matches(frame, filter)) {
      seen++;
      print({ frame: hex(frame) });
    }
  }
  libc.close(fd);
  print({ done: true, count: seen });
} else if (mode === "garp" && ifName && a3) {
  using garp = openGarpSender(libc);
  garp.send(ifName, a3);
  print({ sent: true });
} else if (mode === "garp-known" && ifName && a3 && a4) {
  using garp = openGarpSender(libc);
  const index = libc.ifNameToIndex(ifName);
  garp.sendKnown(index, a4, a3);
  garp.sendKnown(index, a4, a3);
  print({ sent: true });
} else if (mode === "na" && ifName && a3) {
  sendUnsolicitedNa(libc, ifName, a3, { router: a4 === "router" });
  print({ sent: true });
} else {
  throw new Error("usage: capture IF COUNT TIMEOUT_MS FILTER | garp IF VIP | na IF VIP [router]");
}
