import { parse } from "yaml";
import { assertEquals, assertMatch } from "../../assert.ts";
import { yamlSchema } from "../../../lib/config/yaml/schema.ts";
import { checkSchema } from "./_schema_check.ts";

const root = new URL("../../../", import.meta.url);
const read = (path: string) => Deno.readTextFileSync(new URL(path, root));

Deno.test("config/vipkeeper.schema.json is the schema generated from the keyword table", () => {
  assertEquals(
    JSON.parse(read("config/vipkeeper.schema.json")),
    yamlSchema(),
    "regenerate: deno run lib/config/yaml/schema.ts > config/vipkeeper.schema.json && deno fmt config/",
  );
});

Deno.test("the shipped YAML example conforms to the schema", () => {
  assertEquals(checkSchema(yamlSchema(), parse(read("config/keepalived.yaml"))), []);
});

Deno.test("every YAML example in docs/yaml.md conforms to the schema", () => {
  const blocks = [...read("docs/yaml.md").matchAll(/```yaml\n([\s\S]*?)```/g)];
  assertEquals(blocks.length > 0, true);
  for (const [, text] of blocks) assertEquals(checkSchema(yamlSchema(), parse(text ?? "")), []);
});

Deno.test("the schema rejects unknown keys, wrong shapes and out-of-range numbers", () => {
  const errors = checkSchema(yamlSchema(), {
    vrrp_instanse: {},
    vrrp_instance: {
      VI_1: { priority: 300, prority: 1, virtual_ipaddress: "192.0.2.1", nopreempt: "x" },
    },
  });
  assertEquals(errors.length, 5, errors.join("\n"));
  assertMatch(errors.join("\n"), /unknown key vrrp_instanse/);
  assertMatch(errors.join("\n"), /VI_1\.priority: above 255/);
  assertMatch(errors.join("\n"), /unknown key prority/);
  assertMatch(errors.join("\n"), /virtual_ipaddress: matches no alternative/);
  assertMatch(errors.join("\n"), /nopreempt: expected boolean\|null/);
});
