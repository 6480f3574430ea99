/**
 * keepalived's dump signals on a running vipkeeper (docs/agent.md): SIGUSR2 writes the statistics
 * file and SIGUSR1 the data file, mode 0600, into the `--dump-dir` directory.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { keepalivedConf, type PeerInstance, writeNotifyScript } from "../interop/_peers.ts";
import { waitForState } from "../interop/_vipkeeper.ts";
import { addLocalLink, must, NETNS_IGNORE, run, withNetns } from "./_netns.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
import { signal, spawnVipkeeper, waitOrKill } from "./_process.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The file's text once it exists (polled every 50 ms for up to `ms`). */
async function readWhenThere(path: string, ms: number): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await Deno.readTextFile(path);
    } catch (e) {
      if (Date.now() > end) throw new Error(`${path} not written after ${ms} ms: ${e}`);
      await sleep(50);
    }
  }
}

/** The number on the first line of `text` that starts with `prefix`. */
function count(text: string, prefix: string): number {
  const line = text.split("\n").find((l) => l.startsWith(prefix));
  if (line === undefined) throw new Error(`no '${prefix}' in:\n${text}`);
  return Number(line.slice(prefix.length));
}

Deno.test({
  name:
    "SIGUSR2 writes keepalived.stats, SIGUSR1 keepalived.data and keepalived.json, and `vipkeeper status` reads them",
  ignore: NETNS_IGNORE,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withNetns(async (ns) => {
      const link = await addLocalLink(ns);
      await must(["ip", "addr", "add", "192.0.2.1/24", "dev", link.name], { netns: ns });
      const dir = await Deno.makeTempDir({ prefix: "vk-dump-" });
      const dumps = `${dir}/dumps`;
      await Deno.mkdir(dumps);
      const inst: PeerInstance = {
        interface: link.name,
        vrid: 51,
        priority: 150,
        version: 3,
        advertInt: 0.1,
        vips: ["192.0.2.100/24"],
      };
      await writeNotifyScript(dir);
      await Deno.writeTextFile(`${dir}/vipkeeper.conf`, keepalivedConf(dir, [inst]));
      const { child, pumped } = await spawnVipkeeper(
        ns,
        `${dir}/vipkeeper.conf`,
        `${dir}/vipkeeper.log`,
        ["--dump-dir", dumps],
      );
      try {
        await waitForState(dir, "MASTER", 10_000, "vipkeeper becomes master");
        await sleep(500); // a few adverts at 0.1 s
        signal(child.pid, "SIGUSR2");
        const stats = await readWhenThere(`${dumps}/keepalived.stats`, 5_000);
        assertEquals(stats.split("\n").slice(0, 2), ["VRRP Instance: KA_1", "  Advertisements:"]);
        assertEquals(count(stats, "  Became master: "), 1);
        assertEquals(count(stats, "  Released master: "), 0);
        const sent = count(stats, "    Sent: ");
        assertOk(sent >= 4, `adverts sent: ${sent}\n${stats}`);
        assertEquals((Deno.statSync(`${dumps}/keepalived.stats`).mode ?? 0) & 0o777, 0o600);

        // A second SIGUSR2 replaces the file with newer counters.
        await sleep(500);
        signal(child.pid, "SIGUSR2");
        const end = Date.now() + 5_000;
        let later = sent;
        while (later <= sent && Date.now() < end) {
          await sleep(50);
          later = count(await Deno.readTextFile(`${dumps}/keepalived.stats`), "    Sent: ");
        }
        assertOk(later > sent, `sent ${sent}, then ${later}`);

        signal(child.pid, "SIGUSR1");
        const data = await readWhenThere(`${dumps}/keepalived.data`, 5_000);
        for (
          const line of [
            " VRRP Instance = KA_1",
            "   State = MASTER",
            "   Virtual Router ID = 51",
            "   Priority = 150",
            `     192.0.2.100/24 dev ${link.name} scope global set`,
          ]
        ) assertOk(data.split("\n").includes(line), `no '${line}' in:\n${data}`);
        await readWhenThere(`${dumps}/keepalived.json`, 5_000);
        const left = [...Deno.readDirSync(dumps)].map((e) => e.name).sort();
        assertEquals(
          left,
          ["keepalived.data", "keepalived.json", "keepalived.stats"],
          "no temporary files left",
        );

        // `vipkeeper status` asks the same way (SIGUSR1) and reads the fresh JSON dump.
        const status = await run([
          Deno.execPath(),
          "run",
          "-A",
          MAIN,
          "status",
          "--process",
          String(child.pid),
          "--dump-dir",
          dumps,
        ]);
        assertEquals(status.code, 0, status.stderr);
        assertOk(
          /^KA_1 +MASTER +51 +150 +150 +\S+ +192\.0\.2\.100\/24$/m.test(status.stdout),
          status.stdout,
        );
        const json = await run([
          Deno.execPath(),
          "run",
          "-A",
          MAIN,
          "status",
          "--process",
          String(child.pid),
          "--dump-dir",
          dumps,
          "--json",
        ]);
        const parsed = JSON.parse(json.stdout) as { data: { iname: string; state: number } }[];
        assertEquals(parsed.map((x) => [x.data.iname, x.data.state]), [["KA_1", 2]]);
        const log = await Deno.readTextFile(`${dir}/vipkeeper.log`);
        assertOk(log.includes(`Wrote ${dumps}/keepalived.stats`), log);
      } finally {
        signal(child.pid, "SIGTERM");
        await waitOrKill(child, 5_000);
        await pumped;
        await Deno.remove(dir, { recursive: true }).catch(() => undefined);
      }
    }),
});
