import { assertEquals } from "../assert.ts";
import type { AgentStatus } from "../../lib/agent/agent.ts";
import { formatData, formatJson, formatStats, keepalivedStats } from "../../lib/agent/dump.ts";
import type { InstanceStatus } from "../../lib/vrrp/engine.ts";
import { DROP_REASONS, DROP_STAT, STAT_NAMES } from "../../lib/vrrp/counters.ts";
import { globalDefs, instance, model, syncGroup, vip } from "../_fixtures/model.ts";

const zero = {
  advertRcvd: 0,
  advertSent: 0,
  becomeMaster: 0,
  releaseMaster: 0,
  priZeroRcvd: 0,
  priZeroSent: 0,
};

function inst(name: string, over: Partial<InstanceStatus> = {}): InstanceStatus {
  return {
    name,
    state: "BACKUP",
    wantState: "BACKUP",
    basePriority: 100,
    effectivePriority: 100,
    masterDownTimerUs: 3_609_375,
    timers: {},
    stats: { ...zero },
    ...over,
  };
}

/** Two instances: VI_1 master (IPv4, v3, in group G), VI_2 backup (IPv6, unicast, v3). */
function scene(): { status: AgentStatus; model: ReturnType<typeof model> } {
  const status: AgentStatus = {
    instances: [
      inst("VI_1", {
        state: "MASTER",
        wantState: "MASTER",
        basePriority: 150,
        effectivePriority: 140,
        masterDownTimerUs: 3_414_062,
        masterAddress: "192.0.2.1",
        masterPriority: 140,
        stats: { ...zero, advertRcvd: 12, advertSent: 340, becomeMaster: 2, releaseMaster: 1 },
      }),
      inst("VI_2", {
        masterAddress: "2001:db8::2",
        masterPriority: 200,
        stats: { ...zero, advertRcvd: 90, priZeroRcvd: 1, priZeroSent: 0 },
      }),
    ],
    groups: [{ name: "G", state: "MASTER" }],
    drops: {
      VI_1: { ttl: 4, length: 1, "ip-length": 2, auth: 3, "send-error": 7 },
      VI_2: { "addr-list": 5, "not-peer": 6, "peer-ttl": 1, checksum: 9, interval: 2 },
    },
  };
  const m = model({
    globalDefs: globalDefs({
      routerId: "lb1",
      notifyFifo: { path: "/run/ka.fifo" },
      notifyFifoScript: { command: "/usr/bin/reader", argv: ["/usr/bin/reader", "-v"] },
      enableScriptSecurity: true,
      scriptUser: { user: "ka", group: "ka" },
    }),
    instances: [
      instance("VI_1", {
        vrid: 51,
        priority: 150,
        version: 3,
        advertInt: 0.5,
        vips: [
          vip("192.0.2.100", { prefix: 24 }),
          vip("192.0.2.101", { dev: "eth1", label: "eth1:1" }),
        ],
        notify: { deleted: true },
      }),
      instance("VI_2", {
        interface: "eth2",
        vrid: 52,
        version: 3,
        family: "inet6",
        nopreempt: true,
        preemptDelay: 5,
        vips: [vip("2001:db8::100", { prefix: 64 })],
        unicastPeers: [{ address: "2001:db8::2" }, { address: "2001:db8::3", minTtl: 250 }],
      }),
    ],
    syncGroups: [syncGroup("G", ["VI_1"])],
  });
  return { status, model: m };
}

Deno.test("keepalivedStats maps every drop reason onto the statistic keepalived bumps", () => {
  for (const reason of DROP_REASONS) {
    const s = keepalivedStats(zero, { [reason]: 3 });
    const stat = DROP_STAT[reason];
    for (const name of STAT_NAMES) {
      const expected = (name === stat ? 3 : 0) +
        (name === "advert_rcvd" && ["addr-list", "not-peer", "peer-ttl"].includes(reason) ? 3 : 0);
      assertEquals(s[name], expected, `${reason} → ${name}`);
    }
  }
});

Deno.test("keepalivedStats takes the engine's counters and ignores counters it does not know", () => {
  const s = keepalivedStats(
    {
      advertRcvd: 1,
      advertSent: 2,
      becomeMaster: 3,
      releaseMaster: 4,
      priZeroRcvd: 5,
      priZeroSent: 6,
    },
    { "send-error": 10, bogus: 11 },
  );
  assertEquals(s, {
    advert_rcvd: 1,
    advert_sent: 2,
    become_master: 3,
    release_master: 4,
    packet_len_err: 0,
    advert_interval_err: 0,
    ip_ttl_err: 0,
    invalid_type_rcvd: 0,
    addr_list_err: 0,
    invalid_authtype: 0,
    authtype_mismatch: 0,
    auth_failure: 0,
    pri_zero_rcvd: 5,
    pri_zero_sent: 6,
  });
});

Deno.test("the stats file has keepalived's layout, one block per instance in order", () => {
  const { status } = scene();
  assertEquals(
    formatStats(status),
    [
      "VRRP Instance: VI_1",
      "  Advertisements:",
      "    Received: 12",
      "    Sent: 340",
      "  Became master: 2",
      "  Released master: 1",
      "  Packet Errors:",
      "    Length: 3",
      "    TTL: 4",
      "    Invalid Type: 0",
      "    Advertisement Interval: 0",
      "    Address List: 0",
      "  Authentication Errors:",
      "    Invalid Type: 0",
      "    Type Mismatch: 0",
      "    Failure: 3",
      "  Priority Zero:",
      "    Received: 0",
      "    Sent: 0",
      "VRRP Instance: VI_2",
      "  Advertisements:",
      "    Received: 102",
      "    Sent: 0",
      "  Became master: 0",
      "  Released master: 0",
      "  Packet Errors:",
      "    Length: 0",
      "    TTL: 1",
      "    Invalid Type: 0",
      "    Advertisement Interval: 0",
      "    Address List: 5",
      "  Authentication Errors:",
      "    Invalid Type: 0",
      "    Type Mismatch: 0",
      "    Failure: 0",
      "  Priority Zero:",
      "    Received: 1",
      "    Sent: 0",
      "",
    ].join("\n"),
  );
});

Deno.test("the data file lists globals, each instance's state and settings, and the sync groups", () => {
  const { status, model } = scene();
  assertEquals(
    formatData(status, model),
    [
      "------< Global definitions >------",
      " Router ID = lb1",
      " Global notify fifo = /run/ka.fifo",
      " Global notify fifo script = /usr/bin/reader -v",
      " FIFO write vrrp states on reload = false",
      " VRRP notify priority changes = false",
      " VRRP IPv4 mcast group = 224.0.0.18",
      " VRRP IPv6 mcast group = ff02::12",
      " VRRP default protocol version = 2",
      " VRRP strict mode = false",
      " Script security enabled",
      " Default script user = ka:ka",
      "------< VRRP Topology >------",
      " VRRP Instance = VI_1",
      "   VRRP Version = 3",
      "   Sync group = G",
      "   State = MASTER",
      "   Wantstate = MASTER",
      "   Master down timer = 3414062 usecs",
      "   Interface = eth0",
      "   Multicast address 224.0.0.18",
      "   Virtual Router ID = 51",
      "   Priority = 150",
      "   Effective priority = 140",
      "   Advert interval = 500 milli-sec",
      "   Preempt = enabled",
      "   Virtual IP (2):",
      "     192.0.2.100/24 dev eth0 scope global set",
      "     192.0.2.101/32 dev eth1 scope global label eth1:1 set",
      "   Notify deleted = Deleted",
      " VRRP Instance = VI_2",
      "   VRRP Version = 3",
      "   Using Native IPv6",
      "   State = BACKUP",
      "   Master router = 2001:db8::2",
      "   Master priority = 200",
      "   Wantstate = BACKUP",
      "   Master down timer = 3609375 usecs",
      "   Interface = eth2",
      "   Virtual Router ID = 52",
      "   Priority = 100",
      "   Effective priority = 100",
      "   Advert interval = 1000 milli-sec",
      "   Preempt = disabled",
      "   Preempt delay = 5 secs",
      "   Virtual IP (1):",
      "     2001:db8::100/64 dev eth2 scope global",
      "   Unicast Peer :",
      "     2001:db8::2 min_ttl 0 max_ttl 255",
      "     2001:db8::3 min_ttl 250 max_ttl 255",
      "   Notify deleted = Fault",
      "------< VRRP Sync groups >------",
      " VRRP Sync Group = G, MASTER",
      "   VRRP member instances :",
      "     VI_1 vrid 51",
      "",
    ].join("\n"),
  );
});

Deno.test("an instance the model no longer has (released by a reload) shows its state only", () => {
  const { status } = scene();
  const lines = formatData(status, model()).split("\n");
  const at = lines.indexOf(" VRRP Instance = VI_1");
  assertEquals(
    lines.slice(at, at + 5),
    [
      " VRRP Instance = VI_1",
      "   State = MASTER",
      "   Wantstate = MASTER",
      "   Master down timer = 3414062 usecs",
      " VRRP Instance = VI_2",
    ],
  );
});

Deno.test("a v2 instance's advert interval is in seconds, and no instances means no topology", () => {
  const m = model({ instances: [instance("VI_9", { advertInt: 2 })] });
  const text = formatData({ instances: [inst("VI_9")], groups: [], drops: {} }, m);
  assertEquals(text.includes("   Advert interval = 2 sec\n"), true, text);
  const empty = formatData({ instances: [], groups: [], drops: {} }, model());
  assertEquals(empty.includes("VRRP Topology"), false, empty);
});

Deno.test("the JSON dump is keepalived's v1 array of data and stats, states as numbers", () => {
  const { status, model } = scene();
  const json = JSON.parse(formatJson(status, model)) as {
    data: Record<string, unknown>;
    stats: Record<string, number>;
  }[];
  assertEquals(json.length, 2);
  assertEquals(json[0]!.data, {
    iname: "VI_1",
    ifp_ifname: "eth0",
    master_priority: 140,
    vrid: 51,
    base_priority: 150,
    effective_priority: 140,
    vipset: true,
    adver_int: 0.5,
    nopreempt: false,
    preempt_delay: 0,
    state: 2,
    wantstate: 2,
    version: 3,
    notify_deleted: true,
    vips: [
      "192.0.2.100/24 dev eth0 scope global",
      "192.0.2.101/32 dev eth1 scope global label eth1:1",
    ],
    evips: [],
  });
  assertEquals([json[1]!.data.state, json[1]!.data.wantstate, json[1]!.data.vipset], [1, 1, false]);
  assertEquals(json[1]!.stats, keepalivedStats(status.instances[1]!.stats, status.drops.VI_2));
  assertEquals(Object.keys(json[0]!.stats), [...STAT_NAMES]);
});
