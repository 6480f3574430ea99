/**
 * SIGHUP reload of the notify FIFOs (docs/notify.md): a running vipkeeper whose `notify_fifo`
 * path changes closes the old FIFO (its script sees end-of-file and exits) and writes the
 * transitions after the reload to the new FIFO only, through a newly started FIFO script; a
 * changed `notify_fifo_script` on the same path replaces the running script; an unchanged FIFO
 * stays open, and `fifo_write_vrrp_states_on_reload` writes the unchanged states to it again.
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

/** The lines a FIFO script copied to `FIFO.suffix`. */
async function copied(fifo: string, suffix = "out"): Promise<string[]> {
  const text = await Deno.readTextFile(`${fifo}.${suffix}`).catch(() => "");
  return text.split("\n").filter((l) => l !== "");
}

/** keepalivedConf with a `notify_fifo`, its script (`fifo_copy.sh` by default), more globals. */
function confWithFifo(
  dir: string,
  fifo: string,
  instances: PeerInstance[],
  script = "fifo_copy.sh",
  globals: string[] = [],
): string {
  const lines = [`notify_fifo ${fifo}`, `notify_fifo_script ${dir}/${script}`, ...globals];
  return keepalivedConf(dir, instances).replace(
    "global_defs {\n",
    `global_defs {\n${lines.map((l) => `    ${l}\n`).join("")}`,
  );
}

/** Write an executable FIFO script `dir/name` that appends the FIFO's lines to `FIFO.suffix`. */
async function writeCopier(dir: string, name: string, suffix: string): Promise<void> {
  await Deno.writeTextFile(`${dir}/${name}`, `#!/bin/sh\nexec cat "$1" >> "$1.${suffix}"\n`);
  await Deno.chmod(`${dir}/${name}`, 0o755);
}

Deno.test({
  name: "SIGHUP with a new notify_fifo path or script: later transitions reach only the new one",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withNetns(async (ns) => {
      const link = await addLocalLink(ns);
      await must(["ip", "addr", "add", "192.0.2.1/24", "dev", link.name], { netns: ns });
      const dir = await Deno.makeTempDir({ prefix: "vk-reload-fifo-" });
      const conf = `${dir}/vipkeeper.conf`;
      const [fifo1, fifo2] = [`${dir}/one.fifo`, `${dir}/two.fifo`];
      const inst = (vrid: number, vips: string[]): PeerInstance => ({
        interface: link.name,
        vrid,
        priority: 150,
        version: 3,
        advertInt: 0.2,
        vips,
      });
      await writeNotifyScript(dir);
      // A FIFO script gets the FIFO path appended; these copy the lines to FIFO.out / .second.
      await writeCopier(dir, "fifo_copy.sh", "out");
      await writeCopier(dir, "fifo_copy2.sh", "second");
      await Deno.writeTextFile(conf, confWithFifo(dir, fifo1, [inst(51, ["192.0.2.100/24"])]));
      const { child, pumped } = await spawnVipkeeper(ns, conf, `${dir}/vipkeeper.log`);
      try {
        await waitForState(dir, "MASTER", 10_000, "vipkeeper becomes master");
        await waitFor("the MASTER line in the first FIFO", 5_000, async () =>
          (await copied(fifo1)).includes('INSTANCE "KA_1" MASTER 150'));
        assertEquals(await copied(fifo1), [
          'INSTANCE "KA_1" BACKUP 150',
          'INSTANCE "KA_1" MASTER 150',
        ]);

        // The instance replaced by another VRID and the FIFO moved: the removed instance's
        // FAULT and the new instance's BACKUP and MASTER go to the new FIFO.
        await Deno.writeTextFile(conf, confWithFifo(dir, fifo2, [inst(52, ["192.0.2.200/24"])]));
        signal(child.pid, "SIGHUP");
        await waitFor("the new instance's MASTER line in the new FIFO", 10_000, async () =>
          (await copied(fifo2)).includes('INSTANCE "KA_1" MASTER 150'));
        assertEquals(await copied(fifo2), [
          'INSTANCE "KA_1" FAULT 150',
          'INSTANCE "KA_1" BACKUP 150',
          'INSTANCE "KA_1" MASTER 150',
        ]);
        assertEquals(await copied(fifo1), [
          'INSTANCE "KA_1" BACKUP 150',
          'INSTANCE "KA_1" MASTER 150',
        ], "nothing after the reload in the old FIFO");
        const log = await Deno.readTextFile(`${dir}/vipkeeper.log`);
        assertOk(log.includes(`Notify FIFOs: ${fifo1} closed, ${fifo2} opened`), log);
        // The old FIFO's script saw end-of-file and exited by itself.
        assertOk(/FIFO script \S+ for \S+one\.fifo exited with status 0/.test(log), log);

        // Same FIFO, another script (and another VRID again): the old script is ended, the
        // new one gets the later lines.
        await Deno.writeTextFile(
          conf,
          confWithFifo(dir, fifo2, [inst(53, ["192.0.2.201/24"])], "fifo_copy2.sh"),
        );
        signal(child.pid, "SIGHUP");
        await waitFor("the MASTER line through the new script", 10_000, async () =>
          (await copied(fifo2, "second")).includes('INSTANCE "KA_1" MASTER 150'));
        assertEquals(await copied(fifo2, "second"), [
          'INSTANCE "KA_1" FAULT 150',
          'INSTANCE "KA_1" BACKUP 150',
          'INSTANCE "KA_1" MASTER 150',
        ]);
        assertEquals((await copied(fifo2)).length, 3, "the first script got nothing more");

        // The same FIFO and script with fifo_write_vrrp_states_on_reload: the FIFO stays open
        // (its script keeps running) and the unchanged MASTER state is written to it once more.
        await Deno.writeTextFile(
          conf,
          confWithFifo(dir, fifo2, [inst(53, ["192.0.2.201/24"])], "fifo_copy2.sh", [
            "fifo_write_vrrp_states_on_reload",
          ]),
        );
        const reloads = (await Deno.readTextFile(`${dir}/vipkeeper.log`)).split("Reload complete")
          .length;
        signal(child.pid, "SIGHUP");
        await waitFor("the state line written again", 10_000, async () =>
          (await copied(fifo2, "second")).length === 4);
        assertEquals((await copied(fifo2, "second")).at(-1), 'INSTANCE "KA_1" MASTER 150');
        const after = await Deno.readTextFile(`${dir}/vipkeeper.log`);
        assertEquals(after.split("Reload complete").length, reloads + 1, after);
        const changes = after.split("\n").filter((l) =>
          l.includes("Notify FIFOs: ")
        );
        assertEquals(changes.length, 2, "the last reload changed no FIFO");
      } finally {
        signal(child.pid, "SIGTERM");
        await waitOrKill(child, 5_000);
        await pumped;
        await Deno.remove(dir, { recursive: true }).catch(() =>
          undefined
        );
      }
    }),
});
