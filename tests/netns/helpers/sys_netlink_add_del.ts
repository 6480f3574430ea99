/**
 * `deno run -A sys_netlink_add_del.ts add|del IFNAME`: adds or deletes 192.0.2.200/32 (label
 * IFNAME:v) and 2001:db8::200/128 (nodad) through rtnetlink. Run inside a test namespace.
 */

import { loadLibc } from "../../../lib/sys/ffi.ts";
import { Rtnetlink } from "../../../lib/sys/netlink/rtnetlink.ts";
import { openNetlinkSocket } from "../../../lib/sys/netlink/socket.ts";

const [action, ifName] = Deno.args;
if ((action !== "add" && action !== "del") || !ifName) throw new Error("usage: add|del IFNAME");
const libc = await loadLibc();
const index = libc.ifNameToIndex(ifName);
const rt = new Rtnetlink(openNetlinkSocket(libc));
const vips = [
  { index, address: "192.0.2.200", prefix: 32, label: `${ifName}:v`.slice(0, 15) },
  { index, address: "2001:db8::200", prefix: 128, nodad: true },
];
try {
  for (const vip of vips) {
    if (action === "add") await rt.addAddress(vip);
    else await rt.deleteAddress(vip);
  }
} finally {
  await rt.close();
}
