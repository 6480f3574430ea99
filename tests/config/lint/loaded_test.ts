// Lint rules on models that came through the real front end (parser + validation), where
// validation has already resolved what keepalived changes: the rules must still see what was
// written, and must not repeat validation's findings.
import { assertEquals } from "../../assert.ts";
import { memoryConfigFs } from "../../../lib/config/fs.ts";
import { loadConfig } from "../../../lib/config/load.ts";
import { lintModel } from "../../../lib/config/lint/rules.ts";
import { mergeDiagnostics } from "../../../lib/config/lint/merge.ts";

function lint(text: string): [number, string][] {
  const fs = memoryConfigFs({ "/k.conf": text });
  const loaded = loadConfig("/k.conf", { fs });
  const lint = lintModel(loaded.model, { tree: loaded.tree, file: "/k.conf" });
  return mergeDiagnostics(loaded.diagnostics, lint)
    .filter((d) => /^VK0[56]/.test(d.code))
    .map((d) => [d.line, d.code]);
}

const SYNC = `vrrp_script chk {
    script /bin/true
    weight 10
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    advert_int 0.5
    virtual_ipaddress {
        192.0.2.10/24
        2001:db8::10/64
    }
    track_script {
        chk
    }
    track_interface {
        eth1 weight -20
    }
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    virtual_ipaddress {
        192.0.2.20/24
    }
}
vrrp_sync_group G {
    group {
        VI_1
        VI_2
    }
}
`;

Deno.test("lint on a loaded config: sync-group weights and v2 advert_int are judged as written", () => {
  const found = lint(SYNC);
  assertEquals(found.filter(([, c]) => c === "VK0506"), [[14, "VK0506"], [17, "VK0506"]]);
  assertEquals(found.filter(([, c]) => c === "VK0509"), [[8, "VK0509"]]);
});

Deno.test("lint on a loaded config: findings validation made are not repeated", () => {
  const found = lint(SYNC).map(([, c]) => c);
  assertEquals(found.includes("VK0510"), false, "validation reports the foreign VIP (VK0312)");
  const text = `vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    nopreempt
    version 3
    authentication {
        auth_type PASS
        auth_pass secret
    }
    unicast_peer {
    }
    virtual_ipaddress {
        192.0.2.10/24
    }
}
`;
  assertEquals(lint(text), [[1, "VK0516"]], "state MASTER without priority means 255");
  assertEquals(lint(text.replace("nopreempt", "priority 150")), []);
});

Deno.test("lint on a loaded config: a self peer and an undefined tracker point at their lines", () => {
  const text = `vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    unicast_src_ip 192.0.2.1
    unicast_peer {
        192.0.2.1
    }
    virtual_ipaddress {
        192.0.2.10/24
    }
    track_file {
        nothere
    }
}
`;
  assertEquals(lint(text), [[6, "VK0514"], [12, "VK0504"]]);
});
