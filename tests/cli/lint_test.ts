import { assertEquals, assertMatch } from "../assert.ts";
import { bufferIo } from "../../lib/cli/io.ts";
import { lintCommand } from "../../lib/cli/lint.ts";
import { cli } from "../../main.ts";

const root = new URL("../../", import.meta.url).pathname;
const cluster = (n: string) => `${root}tests/config/testdata/cluster/node_${n}.conf`;

/** Write `text` to a temp .conf file, run `fn` with its path, remove the directory. */
async function withConf(text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "vipkeeper_lint_" });
  try {
    const path = `${dir}/keepalived.conf`;
    await Deno.writeTextFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const instance = (body: string) =>
  `vrrp_instance VI_1 {
    state BACKUP
    interface eth0
${body}
    priority 100
    virtual_ipaddress {
        192.0.2.10/24
    }
}
`;

Deno.test("lint cli: the shipped example has no errors without host checks", async () => {
  const io = bufferIo();
  const code = await lintCommand(["--no-host-checks", `${root}config/keepalived.conf`], io);
  assertEquals(io.stdout().includes("error["), false, io.stdout());
  assertEquals(code, 0, io.stdout());
  assertMatch(io.stderr(), /^vipkeeper lint: 0 errors, \d+ warnings?, \d+ infos? in 1 file\n$/);
});

Deno.test("lint cli: an error prints file:line:col: severity[code] with a hint, and exits 1", async () => {
  const body = "    virtual_router_id 51\n    track_script {\n        chk_nothere\n    }";
  await withConf(instance(body), async (path) => {
    const io = bufferIo();
    assertEquals(await lintCommand(["--no-host-checks", path], io), 1);
    const lines = io.stdout().split("\n");
    const i = lines.findIndex((l) => l.includes("[VK0504]"));
    assertEquals(
      lines[i],
      `${path}:6:9: error[VK0504]: 'VI_1' tracks vrrp_script 'chk_nothere' (in track_script), which is not defined`,
    );
    assertMatch(lines[i + 1] ?? "", /^ {4}hint: define 'vrrp_script chk_nothere/);
    assertMatch(io.stderr(), /^vipkeeper lint: 1 error, \d+ warnings?, \d+ infos? in 1 file\n$/);
  });
});

Deno.test("lint cli: a missing virtual_router_id is reported once", async () => {
  await withConf(instance("    advert_int 1"), async (path) => {
    const io = bufferIo();
    assertEquals(await lintCommand(["--no-host-checks", path], io), 1);
    const vrid = io.stdout().split("\n").filter((l) =>
      /virtual.router.id/i.test(l) && l.includes("error[")
    );
    assertEquals(vrid.length, 1, io.stdout());
  });
});

Deno.test("lint cli: warnings alone exit 0", async () => {
  await withConf(
    instance("    virtual_router_id 51\n    nopreempt\n    state MASTER"),
    async (path) => {
      const io = bufferIo();
      const code = await lintCommand(["--no-host-checks", path], io);
      assertMatch(io.stdout(), /warning\[VK0[45]07\]/);
      assertEquals(io.stdout().includes("error["), false, io.stdout());
      assertEquals(code, 0);
    },
  );
});

Deno.test("lint cli: --format json prints exactly one object with files and diagnostics", async () => {
  await withConf(instance("    advert_int 1"), async (path) => {
    const io = bufferIo();
    assertEquals(await lintCommand(["--format", "json", "--no-host-checks", path], io), 1);
    const doc = JSON.parse(io.stdout());
    assertEquals(Object.keys(doc), ["files", "diagnostics"]);
    assertEquals(doc.files[0], path);
    const d = doc.diagnostics.find((x: { severity: string }) => x.severity === "error");
    assertEquals(d.file, path);
    assertEquals(typeof d.line, "number");
    assertMatch(d.code, /^VK\d{4}$/);
  });
});

Deno.test("lint cli: a missing file exits 2, and JSON output stays one object", async () => {
  const io = bufferIo();
  assertEquals(await lintCommand(["--format=json", "/nonexistent/vipkeeper.conf"], io), 2);
  assertMatch(io.stderr(), /cannot read '\/nonexistent\/vipkeeper\.conf'/);
  assertEquals(Object.keys(JSON.parse(io.stdout())), ["files", "diagnostics"]);
});

Deno.test("lint cli: usage errors exit 2", async () => {
  for (
    const args of [[], ["--format", "xml", "a.conf"], ["--bogus", "a.conf"], [
      "--cluster",
      "a.conf",
    ]]
  ) {
    const io = bufferIo();
    assertEquals(await lintCommand(args, io), 2, args.join(" "));
    assertMatch(io.stderr(), /Usage: vipkeeper lint/);
    assertEquals(io.stdout(), "");
  }
});

Deno.test("lint cli: keepalived's -t -f runs lint on that file", async () => {
  const io = bufferIo();
  assertEquals(await cli(["-t", "-f", "/nonexistent/keepalived.conf"], io), 2);
  assertMatch(io.stderr(), /cannot read '\/nonexistent\/keepalived\.conf'/);
});

Deno.test("lint cli: --cluster accepts two agreeing nodes", async () => {
  const io = bufferIo();
  const code = await lintCommand(["--cluster", cluster("a"), cluster("b")], io);
  assertEquals(io.stdout().match(/\[VK06\d\d\]/g), null, io.stdout());
  assertEquals(code, 0, io.stdout());
});

Deno.test("lint cli: --cluster reports a sync group split between nodes", async () => {
  const io = bufferIo();
  assertEquals(
    await lintCommand(["--cluster", "--format", "json", cluster("a"), cluster("c")], io),
    1,
  );
  const doc = JSON.parse(io.stdout());
  const split = doc.diagnostics.filter((d: { code: string }) => d.code === "VK0611");
  assertEquals(split.length, 1);
  assertMatch(split[0].message, /'VI_1' \(150\).* 'VI_2' \(200\)/);
  assertEquals(doc.files.length, 2);
});

Deno.test("lint cli: a YAML configuration is linted with the same rules", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vipkeeper_lint_" });
  try {
    const path = `${dir}/agent.yaml`;
    await Deno.writeTextFile(
      path,
      "vrrp_instance:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 51\n" +
        "    virtual_ipaddress: [192.0.2.1/24]\n    track_script: [chk_nothere]\n",
    );
    const io = bufferIo();
    assertEquals(await lintCommand(["--no-host-checks", path], io), 1);
    assertMatch(io.stdout(), new RegExp(`^${path}:\\d+:\\d+: error\\[VK0504\\]`, "m"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lint cli: the shipped YAML example has no errors without host checks", async () => {
  const io = bufferIo();
  assertEquals(await lintCommand(["--no-host-checks", `${root}config/keepalived.yaml`], io), 0);
  assertEquals(io.stdout().includes("error["), false, io.stdout());
});

Deno.test("lint cli: a directory given as FILE is unreadable input (exit 2)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vipkeeper_lint_" });
  try {
    const io = bufferIo();
    assertEquals(await lintCommand(["--no-host-checks", dir], io), 2);
    assertMatch(io.stderr(), /not a regular file/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
