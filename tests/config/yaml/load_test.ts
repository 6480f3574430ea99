import { assertEquals, assertOk } from "../../assert.ts";
import { memoryConfigFs } from "../../../lib/config/fs.ts";
import { loadConfig } from "../../../lib/config/load.ts";
import { isYamlPath, loadAny, loadYaml } from "../../../lib/config/yaml/load.ts";
import { stripLocations } from "../../../lib/config/model.ts";

const YAML = `vrrp_instance:
  VI_1:
    interface: eth0
    virtual_router_id: 51
    priority: 300
    virtual_ipaddress:
      - 192.0.2.100/24
`;

const CONF = `vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 300
    virtual_ipaddress {
        192.0.2.100/24
    }
}
`;

Deno.test("loadYaml validates with the shared rules and points diagnostics into the YAML", async () => {
  const fs = memoryConfigFs({ "/k.yaml": YAML, "/k.conf": CONF });
  const yaml = await loadYaml("/k.yaml", { fs });
  const conf = loadConfig("/k.conf", { fs });
  // The same findings as the keepalived.conf twin, at the YAML positions.
  assertEquals(yaml.diagnostics.map((d) => d.code), conf.diagnostics.map((d) => d.code));
  const onPriority = yaml.diagnostics.filter((d) => d.line === 5);
  assertOk(onPriority.length > 0, "a diagnostic on the priority line");
  assertEquals(onPriority[0]?.file, "/k.yaml");
  assertEquals(onPriority[0]?.column, 15);
  assertEquals(stripLocations(yaml.model), stripLocations(conf.model));
  assertEquals(yaml.model.instances[0]?.at?.line, 2);
});

Deno.test("loadYaml reports YAML problems and a missing file without throwing", async () => {
  const fs = memoryConfigFs({ "/bad.yaml": "vrrp_instance: [\n" });
  assertEquals((await loadYaml("/bad.yaml", { fs })).diagnostics[0]?.code, "VK0701");
  const missing = await loadYaml("/none.yaml", { fs });
  assertEquals(missing.diagnostics.map((d) => d.code), ["VK0117"]);
  assertEquals(missing.model.instances, []);
});

Deno.test("loadAny reads .yaml and .yml as YAML and everything else as keepalived.conf", async () => {
  const fs = memoryConfigFs({ "/a.yml": YAML, "/a.conf": CONF, "/a.YAML": YAML });
  for (const path of ["/a.yml", "/a.conf", "/a.YAML"]) {
    assertEquals((await loadAny(path, { fs })).model.instances[0]?.vrid, 51, path);
  }
  assertEquals([isYamlPath("x.yaml"), isYamlPath("x.yml"), isYamlPath("x.conf")], [
    true,
    true,
    false,
  ]);
});

Deno.test("the YAML examples of docs/yaml.md load without findings", async () => {
  const root = new URL("../../../", import.meta.url);
  const texts = [
    ...Deno.readTextFileSync(new URL("docs/yaml.md", root))
      .matchAll(/```yaml\n([\s\S]*?)```/g),
  ].map((m) => m[1] ?? "");
  assertOk(texts.length > 0);
  for (const text of texts) {
    const loaded = await loadYaml("/ex.yaml", { fs: memoryConfigFs({ "/ex.yaml": text }) });
    assertEquals(loaded.diagnostics, []);
    assertOk(loaded.model.instances.length > 0);
  }
});

Deno.test("config/keepalived.yaml has the same findings as its twin config/keepalived.conf", async () => {
  const root = new URL("../../../config/", import.meta.url);
  const fs = memoryConfigFs({
    "/k.yaml": Deno.readTextFileSync(new URL("keepalived.yaml", root)),
    "/k.conf": Deno.readTextFileSync(new URL("keepalived.conf", root)),
  });
  const codes = (ds: { code: string; severity: string }[]) =>
    ds.map((d) => `${d.severity} ${d.code}`);
  assertEquals(
    codes((await loadYaml("/k.yaml", { fs })).diagnostics),
    codes(loadConfig("/k.conf", { fs }).diagnostics),
  );
});

Deno.test("loadYaml points a bad list entry and a bad entry option at their words", async () => {
  const text = [
    "vrrp_instance:",
    "  VI_1:",
    "    interface: eth0",
    "    virtual_router_id: 51",
    "    virtual_ipaddress:",
    "      - 192.0.2.10/24",
    "      - 192.0.2.300/24",
    "    track_interface:",
    "      - { name: eth1, weight: 999 }",
    "",
  ].join("\n");
  const { diagnostics } = await loadYaml("/e.yaml", { fs: memoryConfigFs({ "/e.yaml": text }) });
  const at = (line: number) => diagnostics.filter((d) => d.line === line).map((d) => d.column);
  assertEquals(at(7), [9]);
  assertEquals(at(9), [31]);
});
