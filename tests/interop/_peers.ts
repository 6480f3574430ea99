/**
 * The real peers of the interop tests: keepalived 2.2.7 and FRR 8.4's vrrpd (with its zebra),
 * each started inside a network namespace that the test made, in the foreground, with every file
 * (pid files, logs, notify log) in a private directory. Processes are ended by their own PID.
 *
 * @module
 */

import { readPid, signal, spawnLogged, waitOrKill } from "../netns/_process.ts";

/** A peer process started by a test. */
export interface Peer {
  /** What it is, for messages. */
  readonly name: string;
  /** Send SIGTERM and wait for the process to end (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL the process(es) at once (a crash), and reap them. */
  crash(): Promise<void>;
  /** Everything the peer logged so far. */
  log(): Promise<string>;
}

/** One line the notify script wrote: wall time in seconds and its arguments. */
export interface NotifyLine {
  /** `date +%s.%N` when the script ran. */
  time: number;
  /** The script's arguments. */
  args: string[];
}

/** Settings of one VRRP instance for a keepalived or FRR peer. */
export interface PeerInstance {
  /** Interface inside the peer's namespace. */
  interface: string;
  /** VRID. */
  vrid: number;
  /** Priority. */
  priority: number;
  /** VRRP version. */
  version: 2 | 3;
  /** Advertisement interval in seconds. */
  advertInt: number;
  /** Virtual addresses (without prefix for FRR; `/24` is added for keepalived IPv4). */
  vips: string[];
  /** Unicast source address and peers (keepalived only). */
  unicast?: { src: string; peers: string[] };
  /** `nopreempt` (keepalived) / `no vrrp N preempt` (FRR). */
  nopreempt?: boolean;
  /** `use_vmac` (keepalived and vipkeeper). */
  useVmac?: boolean;
}

/** Write a keepalived.conf for one or more instances, with a generic notify into `dir`. */
export function keepalivedConf(dir: string, instances: PeerInstance[]): string {
  const blocks = instances.map((i, n) => {
    const v6 = i.vips[0]?.includes(":") ?? false;
    const vips = i.vips.map((a) => `        ${a.includes("/") ? a : a + (v6 ? "/64" : "/24")}`);
    const unicast = i.unicast
      ? `    unicast_src_ip ${i.unicast.src}\n    unicast_peer {\n${
        i.unicast.peers.map((p) => `        ${p}\n`).join("")
      }    }\n`
      : "";
    return `vrrp_instance KA_${n + 1} {
    state BACKUP
    interface ${i.interface}
    virtual_router_id ${i.vrid}
    priority ${i.priority}
    advert_int ${i.advertInt}
    version ${i.version}
${i.nopreempt ? "    nopreempt\n" : ""}${
      i.useVmac ? "    use_vmac\n" : ""
    }${unicast}    virtual_ipaddress {
${vips.join("\n")}
    }
    notify "${dir}/notify.sh"
}
`;
  });
  return `global_defs {
    enable_script_security
    script_user root
    vrrp_garp_master_delay 0
}
${blocks.join("\n")}`;
}

/** Write FRR's configuration for vrrpd (one interface stanza per instance). */
export function frrConf(instances: PeerInstance[]): string {
  return instances.map((i) =>
    [
      `interface ${i.interface}`,
      ` vrrp ${i.vrid} version ${i.version}`,
      ` vrrp ${i.vrid} priority ${i.priority}`,
      ` vrrp ${i.vrid} advertisement-interval ${Math.round(i.advertInt * 1000)}`,
      ...(i.nopreempt ? [` no vrrp ${i.vrid} preempt`] : []),
      ...i.vips.map((a) =>
        a.includes(":") ? ` vrrp ${i.vrid} ipv6 ${a}` : ` vrrp ${i.vrid} ip ${a}`
      ),
      "!",
    ].join("\n")
  ).join("\n") + "\n";
}

/** Write `dir/notify.sh`, the generic notify script appending `TIME ARGS...` to `dir/notify.log`. */
export async function writeNotifyScript(dir: string): Promise<void> {
  const script = `${dir}/notify.sh`;
  await Deno.writeTextFile(script, `#!/bin/sh\necho "$(date +%s.%N) $*" >> ${dir}/notify.log\n`);
  await Deno.chmod(script, 0o755);
}

/** Read the notify log a peer (or vipkeeper with the same script) wrote. */
export async function readNotifyLog(path: string): Promise<NotifyLine[]> {
  let text = "";
  try {
    text = await Deno.readTextFile(path);
  } catch {
    return [];
  }
  return text.split("\n").filter((l) => l.trim()).map((l) => {
    const [t, ...args] = l.split(" ");
    return { time: Number(t), args };
  });
}

/** Starts `argv` in `netns` with stdout and stderr appended to `logFile` as they come. */
async function spawn(netns: string, argv: string[], logFile: string): Promise<Deno.ChildProcess> {
  return (await spawnLogged(netns, argv, logFile, { stdout: true })).child;
}

/** The PID files keepalived is told to write in its directory: main, VRRP child, checker child. */
export const KEEPALIVED_PID_FILES = ["keepalived.pid", "vrrp.pid", "checkers.pid"] as const;

/**
 * keepalived's command line for the tests, on `dir/keepalived.conf`: VRRP only, in the
 * foreground, logging to the console, with its PID files (`KEEPALIVED_PID_FILES`) in `dir`.
 * Stale PID files are removed first: a crashed run leaves some whose processes may linger as
 * zombies (nothing reaps them in a container), and keepalived would then refuse to start
 * ("daemon is already running").
 */
export async function keepalivedArgv(dir: string): Promise<string[]> {
  const [main, vrrp, checkers] = KEEPALIVED_PID_FILES.map((f) => `${dir}/${f}`);
  for (const p of [main!, vrrp!, checkers!]) await Deno.remove(p).catch(() => undefined);
  return [
    "keepalived",
    "-n",
    "-l",
    "-D",
    "-P",
    "-G",
    "-f",
    `${dir}/keepalived.conf`,
    "-p",
    main!,
    "-r",
    vrrp!,
    "-c",
    checkers!,
  ]; // deno-fmt-ignore
}

/**
 * Start keepalived (VRRP only, foreground, console log) in `netns` with the given instances.
 * The notify script appends `TYPE NAME STATE PRIO` lines to `dir/notify.log`.
 */
export async function startKeepalived(
  netns: string,
  dir: string,
  instances: PeerInstance[],
): Promise<Peer> {
  await writeNotifyScript(dir);
  await Deno.writeTextFile(`${dir}/keepalived.conf`, keepalivedConf(dir, instances));
  const child = await spawn(netns, await keepalivedArgv(dir), `${dir}/keepalived.log`);
  const vrrpPid = await readPid(`${dir}/vrrp.pid`, 5000);
  return {
    name: "keepalived",
    async stop(graceMs = 5000) {
      signal(child.pid, "SIGTERM");
      await waitOrKill(child, graceMs);
    },
    async crash() {
      signal(vrrpPid, "SIGKILL");
      signal(child.pid, "SIGKILL");
      await child.status;
    },
    log: () => Deno.readTextFile(`${dir}/keepalived.log`).catch(() => ""),
  };
}

/**
 * Start FRR's zebra and vrrpd in `netns`. vrrpd needs, per instance, a macvlan on the interface
 * with the virtual MAC 00:00:5e:00:01:VRID carrying the VIPs: `frrMacvlan` makes it.
 */
export async function startFrr(
  netns: string,
  dir: string,
  instances: PeerInstance[],
): Promise<Peer> {
  await Deno.chmod(dir, 0o777);
  await Deno.writeTextFile(`${dir}/frr.conf`, frrConf(instances));
  const common = ["-z", `${dir}/zserv.api`, "--vty_socket", dir, "-u", "frr", "-g", "frr"];
  const zebra = await spawn(netns, [
    "/usr/lib/frr/zebra",
    ...common,
    "-i",
    `${dir}/zebra.pid`,
    "-f",
    "/dev/null",
    "--log",
    "stdout",
  ], `${dir}/zebra.log`); // deno-fmt-ignore
  await readPid(`${dir}/zebra.pid`, 5000);
  const vrrpd = await spawn(netns, [
    "/usr/lib/frr/vrrpd",
    ...common,
    "-i",
    `${dir}/vrrpd.pid`,
    "-f",
    `${dir}/frr.conf`,
    "--log",
    "stdout",
  ], `${dir}/vrrpd.log`); // deno-fmt-ignore
  await readPid(`${dir}/vrrpd.pid`, 5000);
  return {
    name: "frr",
    async stop(graceMs = 5000) {
      signal(vrrpd.pid, "SIGTERM");
      await waitOrKill(vrrpd, graceMs);
      signal(zebra.pid, "SIGTERM");
      await waitOrKill(zebra, graceMs);
    },
    async crash() {
      signal(vrrpd.pid, "SIGKILL");
      await vrrpd.status;
      signal(zebra.pid, "SIGTERM");
      await waitOrKill(zebra, 2000);
    },
    log: async () =>
      (await Deno.readTextFile(`${dir}/vrrpd.log`).catch(() => "")) +
      (await Deno.readTextFile(`${dir}/zebra.log`).catch(() => "")),
  };
}

/** The macvlan FRR's vrrpd wants for an IPv4 instance: `vrrp4-IFINDEX-VRID`-style, virtual MAC. */
export function frrMacvlanCommands(
  netns: string,
  parent: string,
  vrid: number,
  vips: string[],
): string[][] {
  const name = `vrrp4-${vrid}`;
  const mac = `00:00:5e:00:01:${vrid.toString(16).padStart(2, "0")}`;
  return [
    ["ip", "-n", netns, "link", "add", name, "link", parent, "type", "macvlan", "mode", "bridge"],
    ["ip", "-n", netns, "link", "set", name, "address", mac],
    ...vips.map((v) => ["ip", "-n", netns, "addr", "add", `${v}/24`, "dev", name]),
    ["ip", "-n", netns, "link", "set", name, "up"],
  ];
}
