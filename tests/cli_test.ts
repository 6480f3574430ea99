import { assertEquals, assertMatch } from "./assert.ts";
import { bufferIo } from "../lib/cli/io.ts";
import { cli } from "../main.ts";

Deno.test("cli: --version prints the version and exits 0", async () => {
  const io = bufferIo();
  assertEquals(await cli(["--version"], io), 0);
  assertMatch(io.stdout(), /^vipkeeper \d+\.\d+\.\d+\n$/);
});

Deno.test("cli: an unknown subcommand is a usage error (exit 2)", async () => {
  const io = bufferIo();
  assertEquals(await cli(["frobnicate"], io), 2);
  assertMatch(io.stderr(), /unknown command 'frobnicate'/);
});
