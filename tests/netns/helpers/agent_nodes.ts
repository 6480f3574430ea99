/**
 * Shared pieces of the agent's netns tests (`tests/netns/agent_*_test.ts`): vipkeeper nodes
 * started with `startVipkeeper` (each with its own directory, notify log and process log),
 * VRRP timer arithmetic from spec §4.2, and `ip -j addr` queries.
 *
 * @module
 */

import { ipJson } from "../_netns.ts";
import {
  type NotifyLine,
  type Peer,
  type PeerInstance,
  readNotifyLog,
} from "../../interop/_peers.ts";
import { startVipkeeper } from "../../interop/_vipkeeper.ts";

/** A vipkeeper process under test, with its private directory. */
export interface Node {
  /** Label for messages. */
  name: string;
  /** Its namespace. */
  netns: string;
  /** Config, notify log and process log live here. */
  dir: string;
  /** The running process (restart with `restart`). */
  peer: Peer;
  /** The instances it runs. */
  instances: PeerInstance[];
}

/** A set of nodes that are all stopped and whose directories are removed by `cleanup`. */
export class Nodes {
  readonly #all: Node[] = [];
  readonly #dirs: string[] = [];

  /** Start vipkeeper in `netns` with `instances`. */
  async start(name: string, netns: string, instances: PeerInstance[]): Promise<Node> {
    const dir = await Deno.makeTempDir({ prefix: `vk-agent-${name}-` });
    this.#dirs.push(dir);
    const node: Node = {
      name,
      netns,
      dir,
      instances,
      peer: await startVipkeeper(netns, dir, instances),
    };
    this.#all.push(node);
    return node;
  }

  /** Start `node` again (after a crash or stop), optionally with other instances. */
  async restart(node: Node, instances: PeerInstance[] = node.instances): Promise<void> {
    node.instances = instances;
    node.peer = await startVipkeeper(node.netns, node.dir, instances);
  }

  /** Print every node's log and notify log (call on failure). */
  async dump(): Promise<void> {
    for (const n of this.#all) {
      const notify = await Deno.readTextFile(`${n.dir}/notify.log`).catch(() => "");
      console.error(
        `--- ${n.name} log ---\n${await n.peer.log()}--- ${n.name} notify ---\n${notify}`,
      );
    }
  }

  /** Stop every node (SIGTERM, then SIGKILL after 3 s). */
  async stopAll(): Promise<void> {
    for (const n of [...this.#all].reverse()) await n.peer.stop(3000).catch(() => undefined);
  }

  /** Stop every node and remove the directories. */
  async cleanup(): Promise<void> {
    await this.stopAll();
    for (const d of this.#dirs) await Deno.remove(d, { recursive: true }).catch(() => undefined);
  }
}

/**
 * Run `fn` with a fresh `Nodes` and always clean up; if it throws, the logs are dumped after
 * the processes stopped (a process log is complete only once its process has exited).
 */
export async function withNodes<T>(fn: (nodes: Nodes) => Promise<T>): Promise<T> {
  const nodes = new Nodes();
  let failed = false;
  try {
    return await fn(nodes);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    await nodes.stopAll();
    if (failed) await nodes.dump();
    await nodes.cleanup();
  }
}

/** The notify lines a node wrote so far. */
export function notifyLines(node: Node): Promise<NotifyLine[]> {
  return readNotifyLog(`${node.dir}/notify.log`);
}

/** The state of a node's last notify line (undefined before the first). */
export async function lastState(node: Node): Promise<string | undefined> {
  return (await notifyLines(node)).at(-1)?.args[2];
}

/** VRRPv3 Skew_Time in seconds (spec §4.2): (256 − p) / 256 × interval. */
export function skewV3(priority: number, advertInt: number): number {
  return ((256 - priority) * advertInt) / 256;
}

/** VRRPv3 Master_Down_Interval in seconds: 3 × interval + skew. */
export function masterDownV3(priority: number, advertInt: number): number {
  return 3 * advertInt + skewV3(priority, advertInt);
}

/** True when `address` is configured on `dev` in `netns` (`ip -j addr`). */
export async function hasAddress(netns: string, dev: string, address: string): Promise<boolean> {
  const links = await ipJson(netns, ["addr", "show", "dev", dev]) as {
    addr_info: { local: string }[];
  }[];
  return links.some((l) => l.addr_info.some((a) => a.local === address));
}

/** The MAC address of `dev` in `netns`. */
export async function macOf(netns: string, dev: string): Promise<string> {
  const links = await ipJson(netns, ["link", "show", "dev", dev]) as { address: string }[];
  const mac = links[0]?.address;
  if (mac === undefined) throw new Error(`no MAC for ${dev} in ${netns}`);
  return mac;
}

/** Sleep. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
