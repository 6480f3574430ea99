import { assertEquals, assertOk } from "../assert.ts";
import { memoryConfigFs } from "../../lib/config/fs.ts";
import { loadConfig } from "../../lib/config/load.ts";
import { explainModel, type TransitionExplanation } from "../../lib/explain/explain.ts";
import { renderJson, renderText } from "../../lib/explain/render.ts";

function load(text: string) {
  const { model, diagnostics } = loadConfig("/k.conf", { fs: memoryConfigFs({ "/k.conf": text }) });
  assertEquals(diagnostics.filter((d) => d.severity === "error"), []);
  return { model, diagnostics };
}

/** Hook argv lines of a transition, in order. */
function hooks(t: TransitionExplanation | undefined): string[] {
  return (t?.steps ?? []).flatMap((s) =>
    s.actions.flatMap((a) => a.type === "notify" ? a.hooks.map((h) => h.argv.join(" ")) : [])
  );
}

/** Action kinds of a transition, compact (`advert:0`, `remove-vips`, `notify:VI_1 FAULT`, ...). */
function kinds(t: TransitionExplanation | undefined): string[] {
  return (t?.steps ?? []).flatMap((s) =>
    s.actions.flatMap((a) => {
      switch (a.type) {
        case "advert":
          return [`advert:${a.advert.priority}`];
        case "notify":
          return [`notify:${a.name} ${a.state}`];
        case "state":
          return [`state:${a.name} ${a.to}`];
        case "schedule":
        case "log":
          return [];
        default:
          return [a.type];
      }
    })
  );
}

const WORKED = `
vrrp_script up30r {
  script "/bin/true"
  weight 30 reverse
}
vrrp_script up10 {
  script "/bin/true"
  weight 10
}
vrrp_script dn20 {
  script "/bin/true"
  weight -20
}
vrrp_script dn40r {
  script "/bin/true"
  weight -40 reverse
}
vrrp_instance VI_1 {
  interface eth0
  virtual_router_id 51
  priority 100
  track_interface {
    lo weight 7
  }
  track_script {
    up30r
    up10
    dn20
    dn40r
  }
  virtual_ipaddress {
    192.0.2.100/24
  }
}
`;

Deno.test("explain measures each tracker's effect on the priority as spec §3.2's worked example", () => {
  const { model } = load(WORKED);
  const t = explainModel(model).subjects[0]?.tracking[0];
  assertOk(t);
  // lo +7, up30r ok -30, up10 ok +10: 100 + 7 - 30 + 10 = 87.
  assertEquals(t.effective, 87);
  const by = Object.fromEntries(t.trackers.map((e) => [`${e.kind} ${e.name}`, e]));
  assertEquals(by["interface lo"]?.result, 80);
  assertEquals(by["script dn20"]?.result, 67);
  assertEquals(by["script dn40r"]?.result, 127);
  assertEquals(by["script up10"]?.result, 77);
  assertEquals(by["script up30r"]?.result, 117);
  assertEquals(by["own-interface eth0"]?.result, "FAULT");
  for (const e of t.trackers.filter((x) => x.kind !== "own-interface")) {
    assertEquals(e.recovered, 87, `${e.name} recovers to the healthy priority`);
  }
});

const GROUP = `
global_defs {
  script_user nobody
}
vrrp_instance VI_1 {
  interface eth0
  virtual_router_id 51
  priority 100
  track_interface {
    eth9 weight 5
  }
  virtual_ipaddress {
    192.0.2.100/24
  }
  notify_master "/h/m1 'a b'"
  notify_backup /h/b1
  notify_fault /h/f1
  notify_stop /h/s1 root
  notify "/h/n extra"
}
vrrp_instance VI_2 {
  interface eth0
  virtual_router_id 52
  priority 100
  virtual_ipaddress {
    192.0.2.101/24
  }
  notify_master /h/m2
  notify /h/n
}
vrrp_sync_group G {
  group {
    VI_1
    VI_2
  }
  notify_master /h/gm
  notify_fault /h/gf
  notify /h/n
}
`;

Deno.test("explain lists a sync group's hooks in keepalived's launch order with their argv", () => {
  const { model, diagnostics } = load(GROUP);
  const e = explainModel(model, { diagnostics });
  assertEquals(e.subjects.map((s) => `${s.kind} ${s.name}`), ["group G"]);
  const s = e.subjects[0]!;
  const t = (n: string) => s.transitions.find((x) => x.name === n);
  assertEquals(hooks(t("start-up")), [
    "/h/n GROUP G BACKUP 0",
    "/h/b1",
    "/h/n extra INSTANCE VI_1 BACKUP 100",
    "/h/n INSTANCE VI_2 BACKUP 100",
  ]);
  // Both members time out together; keepalived's last member to time out triggers the switch.
  assertEquals(hooks(t("to MASTER")), [
    "/h/m2",
    "/h/n INSTANCE VI_2 MASTER 100",
    "/h/m1 a b",
    "/h/n extra INSTANCE VI_1 MASTER 100",
    "/h/gm",
    "/h/n GROUP G MASTER 0",
  ]);
  assertEquals(hooks(t("to FAULT")), [
    "/h/f1",
    "/h/n extra INSTANCE VI_1 FAULT 100",
    "/h/n INSTANCE VI_2 FAULT 100",
    "/h/gf",
    "/h/n GROUP G FAULT 0",
  ]);
  // The weight-0 track_interface (its weight 5 dropped in the group) is the fault used.
  assertOk(t("to FAULT")?.trigger.includes("eth9"));
  assertEquals(kinds(t("to FAULT")).slice(0, 5), [
    "advert:0",
    "advert:0",
    "remove-vips",
    "state:VI_1 FAULT",
    "notify:VI_1 FAULT",
  ]);
  assertEquals(hooks(t("stop")), [
    "/h/s1",
    "/h/n extra INSTANCE VI_1 STOP 100",
    "/h/n INSTANCE VI_2 STOP 100",
    "/h/n GROUP G STOP 0",
  ]);
  const text = renderText(e);
  assertOk(text.includes('hook 1: notify_master: /h/m1 "a b"  [as nobody]'), text);
  assertOk(text.includes("hook 1: notify_stop: /h/s1  [as root]"), text);
  assertOk(text.includes("VK0411"), "the sync-group weight rule is shown");
});

Deno.test("explain shows a deletion without notify_deleted as FAULT with no notify_fault", () => {
  const { model } = load(GROUP.replace(/vrrp_sync_group[^]*$/, ""));
  const s = explainModel(model, { instance: "VI_1" }).subjects;
  assertEquals(s.map((x) => x.name), ["VI_1"]);
  const del = s[0]?.transitions.find((t) => t.name === "deleted by reload");
  // Outside the group eth9 keeps its weight: 100 + 5.
  assertEquals(hooks(del), ["/h/n extra INSTANCE VI_1 FAULT 105"]);
  assertEquals(kinds(del), ["advert:0", "remove-vips", "state:VI_1 DELETED", "notify:VI_1 FAULT"]);
});

Deno.test("explain's master takeover sends the advert before adding VIPs and announcing them", () => {
  const { model } = load(WORKED);
  const t = explainModel(model).subjects[0]?.transitions.find((x) => x.name === "to MASTER");
  assertEquals(kinds(t), [
    "advert:87",
    "state:VI_1 MASTER",
    "add-vips",
    "garp",
    "notify:VI_1 MASTER",
  ]);
  const json = JSON.parse(renderJson(explainModel(model)));
  assertEquals(json.subjects[0].transitions[1].name, "to MASTER");
});

Deno.test("explain --instance on a group member explains its group with that member as trigger", () => {
  const { model } = load(GROUP);
  const s = explainModel(model, { instance: "VI_2" }).subjects;
  assertEquals(s.map((x) => `${x.kind} ${x.name} ${x.trigger}`), ["group G VI_2"]);
  const toBackup = s[0]?.transitions.find((t) => t.name === "to BACKUP");
  assertEquals(hooks(toBackup), [
    "/h/n INSTANCE VI_2 BACKUP 100",
    "/h/b1",
    "/h/n extra INSTANCE VI_1 BACKUP 100",
    "/h/n GROUP G BACKUP 0",
  ]);
  // VI_2 has no weight-0 tracker: its own interface is the fault, shared with VI_1 here.
  assertOk(s[0]?.transitions.find((t) => t.name === "to FAULT")?.trigger.includes("eth0"));
});
