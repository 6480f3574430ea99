import { assertEquals, assertMatch, assertOk } from "../assert.ts";
import { bufferIo } from "../../lib/cli/io.ts";
import { explainCommand } from "../../lib/cli/explain.ts";

const CONF = `vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 150
    virtual_ipaddress {
        192.0.2.100/24
    }
    notify "/usr/local/bin/notify 'x y'"
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    virtual_ipaddress {
        192.0.2.101/24
    }
}
`;

async function withConf(text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "vipkeeper-explain-" });
  try {
    Deno.writeTextFileSync(`${dir}/k.conf`, text);
    await fn(`${dir}/k.conf`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("explain prints every transition of every instance with the hooks' argv", async () => {
  await withConf(CONF, async (path) => {
    const io = bufferIo();
    assertEquals(await explainCommand([path], io), 0);
    const out = io.stdout();
    assertMatch(out, /^instance VI_1$/m);
    assertMatch(out, /^instance VI_2$/m);
    for (
      const t of ["start-up", "to MASTER", "to BACKUP", "to FAULT", "stop", "deleted by reload"]
    ) {
      assertMatch(out, new RegExp(`^  ${t} \\(from`, "m"));
    }
    assertOk(out.includes('hook 1: notify: /usr/local/bin/notify "x y" INSTANCE VI_1 MASTER 150'));
    assertOk(out.includes("(VI_1) send advert, priority 150"));
  });
});

Deno.test("explain --instance --format json gives one subject as data", async () => {
  await withConf(CONF, async (path) => {
    const io = bufferIo();
    assertEquals(await explainCommand([path, "--instance", "VI_2", "--format", "json"], io), 0);
    const json = JSON.parse(io.stdout());
    assertEquals(json.subjects.map((s: { name: string }) => s.name), ["VI_2"]);
    assertEquals(json.subjects[0].tracking[0].effective, 100);
  });
});

Deno.test("explain refuses an unknown instance, a broken file and bad usage", async () => {
  await withConf(CONF, async (path) => {
    const io = bufferIo();
    assertEquals(await explainCommand([path, "--instance", "VI_9"], io), 1);
    assertMatch(io.stderr(), /no vrrp_instance named 'VI_9'/);
    assertEquals(await explainCommand([path, "--format", "xml"], bufferIo()), 2);
    assertEquals(await explainCommand([], bufferIo()), 2);
  });
  await withConf("vrrp_instance VI_1 {\n  virtual_router_id 999\n}\n", async (path) => {
    const io = bufferIo();
    assertEquals(await explainCommand([path], io), 1);
    assertMatch(io.stderr(), /has errors/);
  });
});
