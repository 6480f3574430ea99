/**
 * Start-up of `vipkeeper run` (issue 4 §2): a configuration with errors is refused with its
 * diagnostics and exit status 1 before anything is touched (no address added, no notify, no pid
 * file), while the same file without the error does run; and VIPs left behind by a crashed
 * earlier run are removed at start-up even when the node stays BACKUP. SIGINT stops a run
 * cleanly (STOP notify, VIP released, pid file removed, exit status 0).
 */

import { assertEquals, assertMatch, assertOk } from "../assert.ts";
import { waitForState } from "../interop/_vipkeeper.ts";
import { ipJson, must, NETNS_IGNORE, run } from "./_netns.ts";
import { withLan } from "./_lan.ts";
import { hasAddress, lastState, sleep, withNodes } from "./helpers/agent_nodes.ts";
import { readNotifyLog } from "../interop/_peers.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const VIP = "192.0.2.100";

/** VI_1 is an address owner (it would add its VIP at once); VI_2 has an out-of-range VRID. */
function config(iface: string, dir: string, withError: boolean): string {
  return `vrrp_instance VI_1 {
    state MASTER
    interface ${iface}
    virtual_router_id 51
    priority 255
    advert_int 0.2
    version 3
    virtual_ipaddress {
        ${VIP}/24
    }
    notify "${dir}/notify.sh"
}
vrrp_instance VI_2 {
    state BACKUP
    interface ${iface}
    virtual_router_id ${withError ? 300 : 52}
    priority 100
    advert_int 0.2
    version 3
    virtual_ipaddress {
        192.0.2.101/24
    }
}
`;
}

Deno.test({
  name: "vipkeeper run refuses a configuration with errors, exits 1 and touches nothing",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan([["192.0.2.1/24"]], async ({ nodes: [n] }) => {
      const dir = await Deno.makeTempDir({ prefix: "vk-agent-badconf-" });
      try {
        await Deno.writeTextFile(
          `${dir}/notify.sh`,
          `#!/bin/sh\necho "$(date +%s.%N) $*" >> ${dir}/notify.log\n`,
        );
        await Deno.chmod(`${dir}/notify.sh`, 0o755);
        const conf = `${dir}/bad.conf`;
        await Deno.writeTextFile(conf, config(n!.ifname, dir, true));
        const before = await ipJson(n!.netns, ["addr", "show"]);
        const r = await run(
          // `timeout` turns a run that wrongly starts into a failure instead of a hang.
          [
            "timeout",
            "-s",
            "KILL",
            "20",
            Deno.execPath(),
            "run",
            "-A",
            MAIN,
            "run",
            "-f",
            conf,
            "-p",
            `${dir}/vk.pid`,
          ],
          { netns: n!.netns },
        );
        assertEquals(r.code, 1, `exit status; stderr:\n${r.stderr}`);
        assertMatch(r.stderr, /bad\.conf:\d+:\d+: error\[VK\d+\].*'300'/);
        assertMatch(r.stderr, /has errors; nothing was started/);
        assertEquals(await ipJson(n!.netns, ["addr", "show"]), before, "no address changed");
        assertOk(!await exists(`${dir}/notify.log`), "no notify ran");
        assertOk(!await exists(`${dir}/vk.pid`), "no pid file");

        // The control: without the error the owner takes its VIP at once.
        const good = `${dir}/good.conf`;
        await Deno.writeTextFile(good, config(n!.ifname, dir, false));
        const child = new Deno.Command("ip", {
          args: [
            "netns",
            "exec",
            n!.netns,
            Deno.execPath(),
            "run",
            "-A",
            MAIN,
            "run",
            "-f",
            good,
            "-p",
            `${dir}/vk.pid`,
          ],
          stdin: "null",
          stdout: "null",
          stderr: "null",
        }).spawn();
        let stopped = false;
        try {
          await waitForState(dir, "MASTER", 10_000, "the owner without the error");
          assertOk(await hasAddress(n!.netns, n!.ifname, VIP), "the control run added the VIP");
          // `ip netns exec` execs Deno, so the child's PID is vipkeeper's.
          assertEquals((await Deno.readTextFile(`${dir}/vk.pid`)).trim(), String(child.pid));
          // SIGINT stops it like SIGTERM: STOP notify, VIP released, exit status 0.
          child.kill("SIGINT"); // our own child, by its handle
          const status = await child.status;
          stopped = true;
          assertEquals(status.code, 0, "exit status after SIGINT");
          assertEquals((await lastLine(`${dir}/notify.log`))?.[2], "STOP");
          assertOk(!await hasAddress(n!.netns, n!.ifname, VIP), "VIP released at shutdown");
          assertOk(!await exists(`${dir}/vk.pid`), "pid file removed at shutdown");
        } finally {
          if (!stopped) {
            child.kill("SIGKILL");
            await child.status;
          }
        }
      } finally {
        await Deno.remove(dir, { recursive: true }).catch(() => undefined);
      }
    }),
});

Deno.test({
  name: "vipkeeper removes VIPs left behind by a crashed run when it starts as backup",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withLan(
      [["192.0.2.1/24"], ["192.0.2.2/24"]],
      ({ nodes: [na, nb] }) =>
        withNodes(async (nodes) => {
          const inst = (iface: string, priority: number) => ({
            interface: iface,
            vrid: 51,
            priority,
            version: 3 as const,
            advertInt: 0.2,
            vips: [`${VIP}/24`],
          });
          const b = await nodes.start("b", nb!.netns, [inst(nb!.ifname, 200)]);
          await waitForState(b.dir, "MASTER", 10_000, "the higher-priority peer");
          // What a crashed earlier run on a would have left behind.
          await must(["ip", "addr", "add", `${VIP}/24`, "dev", na!.ifname], { netns: na!.netns });
          assertOk(await hasAddress(na!.netns, na!.ifname, VIP), "leftover in place");
          const a = await nodes.start("a", na!.netns, [inst(na!.ifname, 100)]);
          await waitForState(a.dir, "BACKUP", 10_000, "a joins as backup");
          assertOk(!await hasAddress(na!.netns, na!.ifname, VIP), "the leftover VIP is gone");
          await sleep(1000);
          assertEquals([await lastState(a), await lastState(b)], ["BACKUP", "MASTER"]);
          assertOk(!await hasAddress(na!.netns, na!.ifname, VIP), "and stays gone");
          assertOk(await hasAddress(nb!.netns, nb!.ifname, VIP), "the master keeps its VIP");
        }),
    ),
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function lastLine(path: string): Promise<string[] | undefined> {
  return (await readNotifyLog(path)).at(-1)?.args;
}
