import { parse } from "yaml";
import { assertEquals, assertMatch } from "../assert.ts";
import { bufferIo } from "../../lib/cli/io.ts";
import { convertCommand } from "../../lib/cli/convert.ts";
import { cli } from "../../main.ts";

const CONF = `global_defs {
    router_id node1
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    virtual_ipaddress {
        192.0.2.100/24 dev eth1
    }
    notify_master "/usr/local/bin/notify 'a b'" root
}
`;

async function withFiles(
  files: Record<string, string>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "vipkeeper-convert-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      Deno.writeTextFileSync(`${dir}/${name}`, text);
    }
    await fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("convert --to yaml writes the documented YAML form of a keepalived.conf", async () => {
  await withFiles({ "k.conf": CONF }, async (dir) => {
    const io = bufferIo();
    assertEquals(await convertCommand([`${dir}/k.conf`, "--to", "yaml"], io), 0);
    const doc = parse(io.stdout());
    assertEquals(doc.global_defs, { router_id: "node1" });
    const vi = doc.vrrp_instance.VI_1;
    assertEquals([vi.state, vi.priority, vi.virtual_router_id], ["MASTER", 255, 51]);
    assertEquals(vi.virtual_ipaddress, ["192.0.2.100/24 dev eth1"]);
    assertEquals(vi.notify_master, { command: "/usr/local/bin/notify 'a b'", user: "root" });
  });
});

Deno.test("convert goes from YAML back to the same keepalived.conf, through main.ts", async () => {
  await withFiles({ "k.conf": CONF }, async (dir) => {
    const toYaml = bufferIo();
    assertEquals(await cli(["convert", `${dir}/k.conf`, "--to=yaml"], toYaml), 0);
    Deno.writeTextFileSync(`${dir}/k.yaml`, toYaml.stdout());
    const confA = bufferIo();
    const confB = bufferIo();
    assertEquals(await cli(["convert", "--to", "conf", `${dir}/k.yaml`], confA), 0);
    assertEquals(await cli(["convert", "--to", "conf", `${dir}/k.conf`], confB), 0);
    assertEquals(confA.stdout(), confB.stdout());
    assertMatch(confA.stdout(), /^ {4}notify_master "\/usr\/local\/bin\/notify 'a b'" root$/m);
  });
});

Deno.test("convert writes nothing and exits 1 when the input has errors, with diagnostics on stderr", async () => {
  await withFiles({ "bad.yaml": "vrrp_instance:\n  VI_1:\n    priority: [1\n" }, async (dir) => {
    const io = bufferIo();
    assertEquals(await convertCommand([`${dir}/bad.yaml`, "--to", "conf"], io), 1);
    assertEquals(io.stdout(), "");
    assertMatch(io.stderr(), /bad\.yaml:\d+:\d+: error\[VK0701\]/);
    assertMatch(io.stderr(), /has errors; nothing written/);
  });
});

Deno.test("convert exits 2 for usage errors and unreadable files", async () => {
  for (const args of [[], ["a.conf"], ["a.conf", "--to", "json"], ["a", "b", "--to", "yaml"]]) {
    const io = bufferIo();
    assertEquals(await convertCommand(args, io), 2, args.join(" "));
    assertMatch(io.stderr(), /Usage: vipkeeper convert/);
  }
  await withFiles({}, async (dir) => {
    const io = bufferIo();
    assertEquals(await convertCommand([`${dir}/missing.conf`, "--to", "yaml"], io), 2);
    assertMatch(io.stderr(), /cannot read '.*missing\.conf': no such file/);
    const dirIo = bufferIo();
    assertEquals(await convertCommand([dir, "--to", "yaml"], dirIo), 2);
    assertMatch(dirIo.stderr(), /not a regular file/);
  });
});

Deno.test("convert --help prints the usage and exits 0", async () => {
  const io = bufferIo();
  assertEquals(await convertCommand(["--help"], io), 0);
  assertMatch(io.stdout(), /--to yaml\|conf/);
});
