/**
 * The notify order against keepalived 2.2.7: one sync group of two instances with every hook on
 * both instances and the group, through start-up, MASTER, a fault on one member (a tracked veth
 * set down; or a weight-0 script failing, which also makes start-up wait for its first result),
 * recovery, MASTER again and SIGTERM. keepalived starts its hooks concurrently,
 * so its order is the order of the hook processes' `execve` under `strace -f`; vipkeeper runs
 * them one at a time, so its order is its hooks' own log. The two sequences must be equal.
 */

import { assertEquals, assertOk } from "../assert.ts";
import { addLocalLink, NETNS_IGNORE, type NetnsPair, withNetnsPair } from "../netns/_netns.ts";
import {
  checkScript,
  hookScript,
  readHooks,
  runVipkeeper,
  setExit,
  type Started,
  waitFor,
} from "../explain/_run_vipkeeper.ts";
import {
  execOrder,
  HAVE_KEEPALIVED,
  HAVE_STRACE,
  launchOrder,
  runKeepalived,
} from "../explain/_run_keepalived.ts";

const HAVE = HAVE_KEEPALIVED && HAVE_STRACE;
if (!HAVE) {
  console.error("\n*** SKIPPED: keepalived or strace is not installed (tools/setup.sh) ***\n");
}

const OBJECTS = ["VI_1", "VI_2", "G"];
const STATES = ["master", "backup", "fault", "stop"];

/** How VI_1 faults and recovers, prepared inside the namespace of one run. */
interface Fault {
  /** Top-level configuration (a vrrp_script). */
  top: string;
  /** VI_1's tracking lines. */
  track: string;
  /** The group state the failure leads to. */
  state?: "FAULT" | "BACKUP";
  /** Fail before the daemon starts (then: FAULT, recover, MASTER, stop). */
  atStart?: boolean;
  /** Make it fail / recover. */
  fail(): Promise<void>;
  recover(): Promise<void>;
  /** Release what it started (called even on failure). */
  cleanup?(): Promise<void>;
}

/** A variant of the scenario: how to prepare its fault in `dir` and `netns`. */
type Variant = (dir: string, pair: NetnsPair) => Promise<Fault>;

/** A tracked veth (weight 0 in the group) set down and up. */
const linkFault: Variant = async (_dir, { a: netns }) => {
  const link = await addLocalLink(netns);
  return {
    top: "",
    track: `    track_interface {\n        ${link.name}\n    }\n`,
    fail: () => link.set(false),
    recover: () => link.set(true),
  };
};

/** The tracked veth is already down when the daemon starts (spec §4.3: the group FAULT first). */
const linkDownAtStart: Variant = async (dir, pair) => ({
  ...await linkFault(dir, pair),
  atStart: true,
});

/** A weight-0 vrrp_script (pending at start-up, so the group waits for it) failing. */
const scriptFault: Variant = async (dir) => {
  const chk = await checkScript(dir, "chk");
  return {
    top: `vrrp_script chk {\n    script ${chk}\n    interval 1\n}\n`,
    track: "    track_script {\n        chk\n    }\n",
    fail: () => setExit(chk, 1),
    recover: () => setExit(chk, 0),
  };
};

/**
 * A better master: keepalived in the neighbour namespace with priority 250 for VI_1's VRID starts
 * (VI_1 goes BACKUP, the group follows) and stops (its priority-0 advert brings VI_1, then the
 * group, back to MASTER). Only one VRID: with both, which member hears a better advert first is a
 * race on the wire (seen both ways with keepalived), and that member leads the transition.
 */
const betterPeer: Variant = async (_dir, { b, ifB }) => {
  const dir = await Deno.makeTempDir({ prefix: "vk-order-peer-" });
  const conf = `vrrp_instance P_91 {
    state BACKUP
    interface ${ifB}
    virtual_router_id 91
    priority 250
    version 3
    advert_int 0.5
    virtual_ipaddress {
        192.0.2.91/24
    }
}
`;
  let peer: Started | undefined;
  const end = async () => {
    await peer?.stop();
    peer = undefined;
  };
  return {
    top: "",
    track: "",
    state: "BACKUP",
    async fail() {
      peer = await runKeepalived(b, dir, conf);
    },
    recover: end,
    async cleanup() {
      await end();
      await Deno.remove(dir, { recursive: true });
    },
  };
};

async function configure(dir: string, iface: string, fault: Fault): Promise<string> {
  for (const o of OBJECTS) for (const s of STATES) await hookScript(dir, `${o}_${s}.sh`);
  await hookScript(dir, "notify.sh");
  const hooks = (o: string) =>
    STATES.map((s) => `    notify_${s} ${dir}/${o}_${s}.sh\n`).join("") +
    `    notify "${dir}/notify.sh ${o.toLowerCase()}"\n`;
  const instance = (name: string, vrid: number, priority: number, track: string) => `
vrrp_instance ${name} {
    state BACKUP
    interface ${iface}
    virtual_router_id ${vrid}
    priority ${priority}
    version 3
    advert_int 0.5
${track}    virtual_ipaddress {
        192.0.2.${vrid}/24
    }
${hooks(name)}}
`;
  return `global_defs {
    enable_script_security
    script_user root
    vrrp_garp_master_delay 0
}
${fault.top}${instance("VI_1", 91, 200, fault.track)}${instance("VI_2", 92, 100, "")}
vrrp_sync_group G {
    group {
        VI_1
        VI_2
    }
${hooks("G")}}
`;
}

/** The scenario; `hooksRan` says how far the implementation got (from its hooks' log). */
async function scenario(
  dir: string,
  fault: Fault,
  stop: () => Promise<void>,
  what: () => Promise<string>,
): Promise<void> {
  const count = async (text: string) =>
    (await readHooks(dir)).filter((l) => l.join(" ").endsWith(text)).length;
  const until = (text: string, n: number) =>
    waitFor(
      async () => (await count(text)) >= n ? true : undefined,
      20_000,
      async () =>
        `no ${n}× '${text}':\n${
          (await readHooks(dir)).map((l) => l.join(" ")).join("\n")
        }\n${await what()}`,
    );
  const pause = () => new Promise((r) => setTimeout(r, 700));
  if (fault.atStart) {
    await until("GROUP G FAULT 0", 1);
    await pause();
    await fault.recover();
    await until("GROUP G MASTER 0", 1);
    await pause();
    await stop();
    return;
  }
  await until("GROUP G MASTER 0", 1);
  await pause();
  await fault.fail();
  await until(`GROUP G ${fault.state ?? "FAULT"} 0`, fault.state === "BACKUP" ? 2 : 1);
  await pause();
  await fault.recover();
  await until("GROUP G MASTER 0", 2);
  await pause();
  await stop();
}

async function withLink(
  variant: Variant,
  dir: string,
  fn: (netns: string, iface: string, fault: Fault) => Promise<void>,
) {
  await withNetnsPair(async (pair) => {
    const fault = await variant(dir, pair);
    try {
      if (fault.atStart) await fault.fail();
      await fn(pair.a, pair.ifA, fault);
    } finally {
      await fault.cleanup?.();
    }
  }, { a: ["192.0.2.1/24"], b: ["192.0.2.2/24"] });
}

/** Hook scripts are `DIR/*.sh` (the check script `DIR/chk` is not one). */
function isHook(dir: string): (program: string) => boolean {
  return (path) => path.startsWith(`${dir}/`) && path.endsWith(".sh");
}

async function keepalivedOrder(
  variant: Variant,
): Promise<{ launched: string[][]; execs: string[][] }> {
  const dir = await Deno.makeTempDir({ prefix: "vk-order-ka-" });
  try {
    let trace = "";
    await withLink(variant, dir, async (netns, iface, fault) => {
      const strace = `${dir}/strace.out`;
      const ka = await runKeepalived(netns, dir, await configure(dir, iface, fault), { strace });
      try {
        await scenario(dir, fault, () => ka.stop(), () => ka.log());
      } finally {
        await ka.stop();
      }
      trace = await Deno.readTextFile(strace);
    });
    const strip = (l: string[][]) => l.map((argv) => argv.map((a) => a.replace(dir, "DIR")));
    return {
      launched: strip(launchOrder(trace, isHook(dir))),
      execs: strip(execOrder(trace, isHook(dir))),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function vipkeeperOrder(variant: Variant): Promise<string[][]> {
  const dir = await Deno.makeTempDir({ prefix: "vk-order-vk-" });
  try {
    await withLink(variant, dir, async (netns, iface, fault) => {
      const vk = await runVipkeeper(netns, dir, await configure(dir, iface, fault));
      try {
        await scenario(dir, fault, () => vk.stop(), () => vk.log());
      } finally {
        await vk.stop();
      }
    });
    return (await readHooks(dir)).map((argv) => argv.map((a) => a.replace(dir, "DIR")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Was an engine bug, fixed: a member that `syncToBackup` takes out of MASTER now drops its MASTER
 * wish, as keepalived's sync does, so after a better master leaves every member times out again
 * (keepalived: VI_2, VI_1, G, one Master_Down later).
 */
const SYNC_BACKUP_KEEPS_MASTER_WISH = false;

/**
 * Was an engine difference, fixed: a sync group that is faulty at start-up (a member's tracked
 * link already down) now takes the fault in keepalived 2.2.7's order (it applies the fault while
 * loading): the faulty member, the other members, then the group.
 */
const FAULTY_START_GROUP_FIRST = false;
if (SYNC_BACKUP_KEEPS_MASTER_WISH || FAULTY_START_GROUP_FIRST) {
  console.error(
    "\n*** SKIPPED: notify order of a faulty start (a known engine difference, see the test) ***\n",
  );
}

for (
  const [what, variant, known] of [
    ["a tracked link of one member goes down and up", linkFault, false],
    [
      "a weight-0 script of one member (pending at start-up) fails and recovers",
      scriptFault,
      false,
    ],
    [
      "a tracked link of one member is down at start-up and comes up",
      linkDownAtStart,
      FAULTY_START_GROUP_FIRST,
    ],
    [
      "a better master for one member appears (group to BACKUP) and leaves (priority 0)",
      betterPeer,
      SYNC_BACKUP_KEEPS_MASTER_WISH,
    ],
  ] as const
) {
  Deno.test({
    name: `vipkeeper runs a sync group's hooks in keepalived 2.2.7's launch order: ${what}`,
    ignore: NETNS_IGNORE || !HAVE || known,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const { launched: ka, execs } = await keepalivedOrder(variant);
      const vk = await vipkeeperOrder(variant);
      const show = (l: string[][]) => l.map((a) => "  " + a.join(" ")).join("\n");
      assertOk(ka.length > 20, `keepalived ran its hooks:\n${show(ka)}`);
      // Every hook keepalived exec'd was found in its fork order, and none twice.
      assertEquals(ka.map((a) => a.join(" ")).sort(), execs.map((a) => a.join(" ")).sort());
      assertEquals(vk, ka, `vipkeeper:\n${show(vk)}\nkeepalived:\n${show(ka)}`);
    },
  });
}
