/**
 * The agent's side of `use_vmac`: which instance runs on which VMAC, the interface of its VRRP
 * socket (the VMAC: adverts leave with the virtual MAC as source and are read there), the
 * send-only socket on the parent for `vmac_xmit_base`, and the interface that carries an
 * instance's VIPs and GARPs.
 *
 * @module
 */

import type { Model, VrrpInstance } from "../config/model.ts";
import type { Logger } from "../notify/logger.ts";
import type { InstanceIo } from "./_instance_io.ts";
import type { VmacNet, VrrpNet, VrrpSocket } from "./ports.ts";

interface Entry {
  vmac: string;
  /** What the VMAC was made for: VRID, family and parent. */
  key: string;
}

const keyOf = (inst: VrrpInstance) => `${inst.vrid}|${inst.family}|${inst.interface ?? ""}`;

/** VMACs of the running instances. */
export class VmacSet {
  #byInstance = new Map<string, Entry>();
  #sockets = new Map<string, VrrpSocket>();
  /** Every VMAC made (or taken over) and not deleted yet. */
  #made = new Set<string>();
  #warned = false;

  /** Over `net` (undefined: `use_vmac` is logged and the parent interface is used). */
  constructor(readonly net: VmacNet | undefined, readonly logger: Logger) {}

  /** Make sure every `use_vmac` instance of `model` has its VMAC (start-up and reload). */
  async sync(model: Model): Promise<void> {
    for (const inst of model.instances) {
      if (inst.useVmac === undefined) continue;
      const have = this.#byInstance.get(inst.name);
      if (have !== undefined && have.key === keyOf(inst)) continue;
      if (this.net === undefined) {
        if (!this.#warned) {
          this.logger.warn("use_vmac is not run by this agent: instances use their interface");
        }
        this.#warned = true;
        continue;
      }
      try {
        const vmac = await this.net.ensure(inst, model.globalDefs.vmacPrefix);
        this.#byInstance.set(inst.name, { vmac, key: keyOf(inst) });
        this.#made.add(vmac);
        this.logger.info(`(${inst.name}) running on VMAC ${vmac}`);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        this.logger.error(
          `(${inst.name}) could not set up its VMAC: ${why}; running on ${inst.interface}`,
        );
      }
    }
  }

  /** The interface that carries the instance's VIPs and GARPs: its VMAC, else its own. */
  heldInterface(inst: VrrpInstance): string | undefined {
    const e = inst.useVmac === undefined ? undefined : this.#byInstance.get(inst.name);
    return e !== undefined && e.key === keyOf(inst) ? e.vmac : inst.interface;
  }

  /**
   * The interface of the instance's VRRP socket: its VMAC if it has one, else its interface.
   * Adverts must be read on the VMAC: the macvlan driver hands a frame whose source is a local
   * VMAC's MAC (the peer's master uses the same virtual MAC) to that VMAC, not to the parent.
   */
  socketInterface(inst: VrrpInstance): string | undefined {
    return this.heldInterface(inst);
  }

  /**
   * With `vmac_xmit_base`, point the instance's sending at a send-only socket on its parent
   * (opened once per parent and family); it still receives on its VMAC.
   */
  async attachSockets(ios: Iterable<InstanceIo>, net: VrrpNet): Promise<void> {
    for (const io of ios) {
      const e = this.#byInstance.get(io.inst.name);
      const parent = io.inst.interface;
      if (e === undefined || e.key !== keyOf(io.inst) || !io.inst.vmacXmitBase) continue;
      if (io.inst.useVmac === undefined) continue;
      if (parent === undefined) continue;
      const key = `${parent}|${io.inst.family}`;
      let socket = this.#sockets.get(key);
      if (socket === undefined) {
        socket = await net.open(parent, io.inst.family, [], () => undefined);
        this.#sockets.set(key, socket);
      }
      io.socket = socket;
    }
  }

  /** After a reload's release actions ran: delete the VMACs no instance of `model` uses. */
  async prune(model: Model): Promise<void> {
    const keep = new Map(
      model.instances.filter((i) => i.useVmac !== undefined).map((i) => [i.name, keyOf(i)]),
    );
    const used = new Set<string>();
    for (const [name, e] of this.#byInstance) {
      if (keep.get(name) === e.key) used.add(e.vmac);
      else this.#byInstance.delete(name);
    }
    const sending = new Set(
      model.instances.filter((i) => i.vmacXmitBase && this.#byInstance.has(i.name))
        .map((i) => `${i.interface ?? ""}|${i.family}`),
    );
    for (const [key, socket] of this.#sockets) {
      if (sending.has(key)) continue;
      this.#sockets.delete(key);
      await socket.close();
    }
    await this.#removeExcept(used);
  }

  /** Shutdown: close the sockets; delete the VMACs unless they are kept (`-V`). */
  async close(keep: boolean): Promise<void> {
    await Promise.all([...this.#sockets.values()].map((s) => s.close()));
    this.#sockets.clear();
    if (!keep) await this.net?.close();
  }

  async #removeExcept(used: Set<string>): Promise<void> {
    for (const vmac of [...this.#made]) {
      if (used.has(vmac)) continue;
      this.#made.delete(vmac);
      try {
        await this.net?.remove(vmac);
      } catch (e) {
        this.logger.warn(`could not delete VMAC ${vmac}: ${e instanceof Error ? e.message : e}`);
      }
    }
  }
}
