import { assertEquals, assertMatch } from "../assert.ts";
import { bufferIo } from "../../lib/cli/io.ts";
import { formatStatusTable, statusCommand } from "../../lib/cli/status.ts";

Deno.test("status: which process is a usage error (exit 2), both ways too", async () => {
  for (const args of [[], ["-p", "/x.pid", "--process", "12"], ["--process", "abc"]]) {
    const io = bufferIo();
    assertEquals(await statusCommand(args, io), 2, args.join(" "));
    assertMatch(io.stderr(), /^vipkeeper status: /);
  }
});

Deno.test("status: a pid file that cannot be read, or a process that is not there, exits 1", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let io = bufferIo();
    assertEquals(await statusCommand(["-p", `${dir}/none.pid`, "--dump-dir", dir], io), 1);
    assertMatch(io.stderr(), /cannot read .*none\.pid/);
    // A pid far above pid_max: no such process.
    await Deno.writeTextFile(`${dir}/gone.pid`, "2147483646\n");
    io = bufferIo();
    assertEquals(await statusCommand(["-p", `${dir}/gone.pid`, "--dump-dir", dir], io), 1);
    assertMatch(io.stderr(), /cannot signal process 2147483646/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("status: the table lists every instance of keepalived's JSON dump, v1 and v2", () => {
  const v1 = [
    { data: { iname: "VI_1", state: 2, vrid: 51, effective_priority: 150, base_priority: 150 } },
    { data: { iname: "VI_2", state: 3, vrid: 52, effective_priority: 0, base_priority: 100 } },
  ];
  const text = formatStatusTable(v1);
  assertEquals(text.split("\n").map((l) => l.split(/ +/).slice(0, 3).join(" ")), [
    "INSTANCE STATE VRID",
    "VI_1 MASTER 51",
    "VI_2 FAULT 52",
    "",
  ]);
  assertEquals(formatStatusTable({ vrrp: v1 }), text);
});
