import { assertEquals, assertOk } from "../assert.ts";
import { bufferIo } from "../../lib/cli/io.ts";
import { runCommand } from "../../lib/cli/run.ts";

Deno.test("an unknown option is a usage error that lists the options, --dump-dir among them", async () => {
  const io = bufferIo();
  assertEquals(await runCommand(["--bogus"], io), 2);
  assertOk(io.stderr().includes("--dump-dir DIR"), io.stderr());
  assertOk(io.stderr().includes("keepalived.stats"), io.stderr());
});

Deno.test("--dump-dir without a directory is a usage error", async () => {
  const io = bufferIo();
  assertEquals(await runCommand(["-f", "/nonexistent.conf", "--dump-dir"], io), 2);
  assertOk(io.stderr().includes("dump-dir"), io.stderr());
});

Deno.test("a configuration with errors is refused with exit 1 before anything is opened", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vk-run-" });
  try {
    const conf = `${dir}/bad.conf`;
    await Deno.writeTextFile(conf, "vrrp_instance VI_1 {\n    priority 900\n");
    const io = bufferIo();
    assertEquals(await runCommand(["-f", conf, "--dump-dir", dir], io), 1);
    assertOk(io.stderr().includes(`${conf} has errors; nothing was started`), io.stderr());
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["bad.conf"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
