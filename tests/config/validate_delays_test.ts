import { assertEquals, assertMatch } from "../assert.ts";
import { memoryConfigFs } from "../../lib/config/fs.ts";
import { loadConfig, type Loaded } from "../../lib/config/load.ts";
import { emitConf } from "../../lib/config/emit/conf.ts";
import { stripLocations } from "../../lib/config/model.ts";

function conf(text: string): Loaded {
  return loadConfig("/t/k.conf", { fs: memoryConfigFs({ "/t/k.conf": text }) });
}
const INSTANCE = `vrrp_instance VI_1 {
 interface eth0
 virtual_router_id 51
 advert_int 1
 virtual_ipaddress {
  192.0.2.10/24
 }
}
`;

Deno.test("interface_up_down_delays: down and up seconds per interface, up 0 when left out", () => {
  const l = conf(`interface_up_down_delays {\n eth0 1.5 0.5\n eth1 2\n}\n${INSTANCE}`);
  assertEquals(l.diagnostics, []);
  assertEquals(stripLocations(l.model.interfaceDelays), [
    { interface: "eth0", down: 1.5, up: 0.5 },
    { interface: "eth1", down: 2, up: 0 },
  ]);
});

Deno.test("interface_up_down_delays: lines without delays or with bad ones are ignored with a warning", () => {
  const l = conf(
    `interface_up_down_delays {\n eth0\n eth1 300\n eth2 1 x\n eth3 1 2 3\n}\n${INSTANCE}`,
  );
  assertEquals(l.diagnostics.map((d) => `${d.line}:${d.code}`), [
    "2:VK0424",
    "3:VK0424",
    "4:VK0424",
    "5:VK0424",
  ]);
  assertMatch(l.diagnostics[1]!.message, /Invalid down delay '300' for eth1/);
  assertEquals(stripLocations(l.model.interfaceDelays), [{ interface: "eth3", down: 1, up: 2 }]);
});

Deno.test("interface_up_down_delays: a delay on an instance's interface beyond Master_Down is lowered", () => {
  const l = conf(`interface_up_down_delays {\n eth0 5 5\n}\n${INSTANCE}`);
  // (3 − 1) × 1 s − 1/256 s = 1.996094 s (keepalived's bound, in µs).
  assertEquals(l.diagnostics.map((d) => d.code), ["VK0425"]);
  assertEquals(stripLocations(l.model.interfaceDelays), [
    { interface: "eth0", down: 1.996094, up: 1.996094 },
  ]);
});

Deno.test("interface_up_down_delays survive convert: the written configuration reads back the same", () => {
  const l = conf(`interface_up_down_delays {\n eth0 1.5 0.5\n}\n${INSTANCE}`);
  const text = emitConf(l.model);
  const again = conf(text);
  assertEquals(
    stripLocations(again.model.interfaceDelays),
    stripLocations(l.model.interfaceDelays),
  );
});
