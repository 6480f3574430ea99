/**
 * SIGHUP reload of `script_user` (docs/agent.md): tracker scripts started after the reload run as
 * the new user, as keepalived 2.2.7 re-reads `global_defs` on reload.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { keepalivedConf, type PeerInstance, writeNotifyScript } from "../interop/_peers.ts";
import { waitForState } from "../interop/_vipkeeper.ts";
import { addLocalLink, must, NETNS_IGNORE, withNetns } from "./_netns.ts";
import { signal, spawnVipkeeper, waitOrKill } from "./_process.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, ms: number, test: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`not ${what} after ${ms} ms`);
    await sleep(50);
  }
}

/** keepalivedConf with `script_user USER` and a tracked `vrrp_script` running `dir/whoami.sh`. */
function confAs(dir: string, user: string, instance: PeerInstance): string {
  const script = `vrrp_script chk {\n    script "${dir}/whoami.sh"\n    interval 1\n}\n`;
  return script + keepalivedConf(dir, [instance])
    .replace("script_user root", `script_user ${user}`)
    .replace(
      `    notify "${dir}/notify.sh"\n`,
      `    notify "${dir}/notify.sh"\n    track_script {\n        chk\n    }\n`,
    );
}

/** The uids the tracker script wrote, one a run. */
async function uids(dir: string): Promise<string[]> {
  return (await Deno.readTextFile(`${dir}/uids.log`)).split("\n").filter((l) => l !== "");
}

Deno.test({
  name: "SIGHUP with a new script_user: tracker scripts run as the new user after the reload",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withNetns(async (ns) => {
      const link = await addLocalLink(ns);
      await must(["ip", "addr", "add", "192.0.2.1/24", "dev", link.name], { netns: ns });
      const dir = await Deno.makeTempDir({ prefix: "vk-reload-user-" });
      // Root-owned and not writable by others (script security), but readable by `nobody`;
      // the logs the scripts append to are writable by anyone.
      await Deno.chmod(dir, 0o755);
      for (const log of ["uids.log", "notify.log"]) {
        await Deno.writeTextFile(`${dir}/${log}`, "");
        await Deno.chmod(`${dir}/${log}`, 0o666);
      }
      await Deno.writeTextFile(`${dir}/whoami.sh`, `#!/bin/sh\nid -u >> ${dir}/uids.log\n`);
      await Deno.chmod(`${dir}/whoami.sh`, 0o755);
      await writeNotifyScript(dir);
      const conf = `${dir}/vipkeeper.conf`;
      const inst: PeerInstance = {
        interface: link.name,
        vrid: 51,
        priority: 150,
        version: 3,
        advertInt: 0.2,
        vips: ["192.0.2.100/24"],
      };
      await Deno.writeTextFile(conf, confAs(dir, "root", inst));
      const { child, pumped } = await spawnVipkeeper(ns, conf, `${dir}/vipkeeper.log`);
      let passed = false;
      try {
        await waitForState(dir, "MASTER", 10_000, "vipkeeper becomes master");
        assertOk((await uids(dir)).length > 0, "the tracker script ran");
        assertEquals([...new Set(await uids(dir))], ["0"]);

        await Deno.writeTextFile(conf, confAs(dir, "nobody", inst));
        const before = (await uids(dir)).length;
        signal(child.pid, "SIGHUP");
        await waitFor("a run as nobody", 5_000, async () => (await uids(dir)).includes("65534"));
        // Every run after the first one as nobody is as nobody (no run as root after the reload).
        await sleep(3_500);
        const after = (await uids(dir)).slice(before);
        const first = after.indexOf("65534");
        assertOk(after.slice(first).every((u) => u === "65534"), after.join(","));
        assertOk(after.slice(first).length >= 3, after.join(","));
        const log = await Deno.readTextFile(`${dir}/vipkeeper.log`);
        assertOk(log.includes("Reload complete"), log);
        passed = true;
      } finally {
        signal(child.pid, "SIGTERM");
        await waitOrKill(child, 5_000);
        await pumped;
        if (!passed) console.error(await Deno.readTextFile(`${dir}/vipkeeper.log`).catch(() => ""));
        await Deno.remove(dir, { recursive: true }).catch(() => undefined);
      }
    }),
});
