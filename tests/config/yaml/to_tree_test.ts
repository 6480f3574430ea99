import fc from "fast-check";
import { assertEquals, assertMatch, assertOk } from "../../assert.ts";
import { yamlToTree } from "../../../lib/config/yaml/to_tree.ts";
import type { Statement } from "../../../lib/config/syntax.ts";

const EXAMPLE = `global_defs:
  router_id: node1
  vrrp_version: 3
vrrp_script:
  chk_service:
    script: /usr/local/bin/check --fast   # a command string
    interval: 2
    weight: -20 reverse
vrrp_instance:
  VI_1:
    state: BACKUP
    nopreempt: true
    dont_track_primary: false
    strict_mode: false
    virtual_ipaddress:
      - 192.0.2.100/24
      - 192.0.2.101/24 dev eth1 label eth1:1
    track_script:
      - chk_service
      - { name: chk_other, weight: 10, reverse: true }
    authentication: { auth_type: PASS, auth_pass: "0123" }
    notify_master: { command: "/bin/notify 'a b'", user: root, group: wheel }
vrrp_sync_group:
  G1:
    group: [VI_1]
`;

/** A statement tree as indented raw lines, to compare whole shapes at once. */
function lines(statements: Statement[] | undefined, depth = 0): string[] {
  return (statements ?? []).flatMap((s) => [
    "  ".repeat(depth) + s.raw + (s.block ? " {" : ""),
    ...(s.block ? [...lines(s.block, depth + 1), "  ".repeat(depth) + "}"] : []),
  ]);
}

Deno.test("yamlToTree maps the documented form onto keepalived statements", async () => {
  const { tree, diagnostics } = await yamlToTree(EXAMPLE, "k.yaml");
  assertEquals(diagnostics, []);
  assertEquals(tree.files, ["k.yaml"]);
  assertEquals(lines(tree.statements), [
    "global_defs {",
    "  router_id node1",
    "  vrrp_version 3",
    "}",
    "vrrp_script chk_service {",
    '  script "/usr/local/bin/check --fast"',
    "  interval 2",
    "  weight -20 reverse",
    "}",
    "vrrp_instance VI_1 {",
    "  state BACKUP",
    "  nopreempt",
    "  strict_mode false",
    "  virtual_ipaddress {",
    "    192.0.2.100/24",
    "    192.0.2.101/24 dev eth1 label eth1:1",
    "  }",
    "  track_script {",
    "    chk_service",
    "    chk_other weight 10 reverse",
    "  }",
    "  authentication {",
    "    auth_type PASS",
    "    auth_pass 0123",
    "  }",
    `  notify_master "/bin/notify 'a b'" root wheel`,
    "}",
    "vrrp_sync_group G1 {",
    "  group {",
    "    VI_1",
    "  }",
    "}",
  ]);
});

Deno.test("yamlToTree keeps plain scalars as written and gives each word its column", async () => {
  const { tree } = await yamlToTree(
    "vrrp_instance:\n  VI_1:\n    use_vmac: vrrp.51 00:00:5e:00:01:33\n",
    "k.yaml",
  );
  const stmt = tree.statements[0]?.block?.[0];
  assertEquals(stmt?.keyword.text, "use_vmac");
  assertEquals(stmt?.keyword.at.line, 3);
  assertEquals(stmt?.keyword.at.column, 5);
  assertEquals(stmt?.args.map((w) => [w.text, w.at.line, w.at.column]), [
    ["vrrp.51", 3, 15],
    ["00:00:5e:00:01:33", 3, 23],
  ]);
});

Deno.test("yamlToTree writes a repeated keyword given as a list as one statement per item", async () => {
  const { tree, diagnostics } = await yamlToTree(
    "global_defs:\n  notification_email_from: [a@example.com, b@example.com]\n",
    "k.yaml",
  );
  assertEquals(diagnostics, []);
  assertEquals(lines(tree.statements), [
    "global_defs {",
    "  notification_email_from a@example.com",
    "  notification_email_from b@example.com",
    "}",
  ]);
});

Deno.test("yamlToTree reports a YAML syntax error with its line and column and reads nothing", async () => {
  const { tree, diagnostics } = await yamlToTree(
    "vrrp_instance:\n  VI_1: [1,\n  x: 2\n",
    "bad.yaml",
  );
  assertEquals(tree.statements, []);
  assertEquals(diagnostics.length > 0, true);
  assertEquals(diagnostics[0]?.code, "VK0701");
  assertEquals(diagnostics[0]?.file, "bad.yaml");
  assertEquals(diagnostics[0]?.line, 3);
});

Deno.test("yamlToTree reports duplicate keys as VK0702", async () => {
  const { diagnostics } = await yamlToTree(
    "global_defs:\n  router_id: a\n  router_id: b\n",
    "d.yaml",
  );
  assertEquals(diagnostics.map((d) => [d.code, d.line]), [["VK0702", 3]]);
});

Deno.test("yamlToTree reports an unknown top-level key with a did-you-mean hint", async () => {
  const { tree, diagnostics } = await yamlToTree("vrrp_instanse:\n  VI_1: {}\n", "u.yaml");
  assertEquals(tree.statements, []);
  assertEquals(diagnostics.map((d) => [d.code, d.line, d.column]), [["VK0706", 1, 1]]);
  assertEquals(diagnostics[0]?.hint, "did you mean 'vrrp_instance'?");
});

Deno.test("yamlToTree reports shape errors: a list for a named block, a mapping for a list", async () => {
  const text = [
    "vrrp_script: [a]",
    "vrrp_instance:",
    "  VI_1:",
    "    virtual_ipaddress: { a: 1 }",
    "    authentication: [PASS]",
    "    priority: { x: 1 }",
    "    track_script:",
    "      - { weight: 10 }",
    "  VI_2: [x]",
    "",
  ].join("\n");
  const { diagnostics } = await yamlToTree(text, "s.yaml");
  assertEquals(diagnostics.map((d) => [d.code, d.line]), [
    ["VK0707", 1],
    ["VK0709", 4],
    ["VK0708", 5],
    ["VK0710", 6],
    ["VK0711", 8],
    ["VK0708", 9],
  ]);
  for (const d of diagnostics) assertMatch(d.message, /.+/);
});

Deno.test("yamlToTree reports a document that is not a mapping, and reads an empty one as empty", async () => {
  assertEquals((await yamlToTree("- a\n", "l.yaml")).diagnostics.map((d) => d.code), ["VK0704"]);
  const empty = await yamlToTree("# nothing\n", "e.yaml");
  assertEquals([empty.tree.statements, empty.diagnostics], [[], []]);
});

Deno.test("yamlToTree resolves anchors and aliases", async () => {
  const text = "vrrp_instance:\n  VI_1:\n    virtual_ipaddress: &v [192.0.2.1/32]\n" +
    "  VI_2:\n    virtual_ipaddress: *v\n";
  const { tree, diagnostics } = await yamlToTree(text, "a.yaml");
  assertEquals(diagnostics, []);
  assertEquals(tree.statements[1]?.block?.[0]?.block?.[0]?.keyword.text, "192.0.2.1/32");
});

Deno.test("yamlToTree leaves out a flag set to false and writes an optional boolean as false", async () => {
  const { tree } = await yamlToTree(
    "global_defs:\n  enable_script_security: false\n  vrrp_higher_prio_send_advert: false\n" +
      "  vrrp_check_unicast_src:\n",
    "b.yaml",
  );
  assertEquals(lines(tree.statements), [
    "global_defs {",
    "  vrrp_higher_prio_send_advert false",
    "  vrrp_check_unicast_src",
    "}",
  ]);
});

Deno.test("yamlToTree reads list entries given as lists of words, and reports bad command mappings", async () => {
  const text = [
    "vrrp_instance:",
    "  VI_1:",
    "    virtual_ipaddress:",
    "      - [192.0.2.1/24, dev, eth1]",
    "      - { address: 192.0.2.2/32, no_track: true, label: false }",
    "    notify_master: { user: root }",
    "    notify_backup: { command: /bin/b, shell: sh }",
    "",
  ].join("\n");
  const { tree, diagnostics } = await yamlToTree(text, "c.yaml");
  assertEquals(lines(tree.statements[0]?.block), [
    "virtual_ipaddress {",
    "  192.0.2.1/24 dev eth1",
    "  192.0.2.2/32 no_track",
    "}",
    "notify_backup /bin/b",
  ]);
  assertEquals(diagnostics.map((d) => [d.code, d.line]), [["VK0710", 6], ["VK0710", 7]]);
});

Deno.test("yamlToTree never throws: arbitrary text and mutated examples give diagnostics", async () => {
  const mutated = fc.tuple(fc.nat(EXAMPLE.length), fc.nat(20), fc.string({ maxLength: 8 }))
    .map(([at, cut, insert]) => EXAMPLE.slice(0, at) + insert + EXAMPLE.slice(at + cut));
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), mutated),
      async (text) => {
        const { tree, diagnostics } = await yamlToTree(text, "f.yaml");
        for (const d of diagnostics) {
          assertOk(d.line >= 1 && d.column >= 1 && d.code.startsWith("VK07"));
        }
        assertOk(Array.isArray(tree.statements));
      },
    ),
    { numRuns: 500 },
  );
});
