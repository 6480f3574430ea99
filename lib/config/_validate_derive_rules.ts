/**
 * The larger steps of keepalived's per-instance derivations (spec §2.7 steps 4, 10, 11, 13),
 * called in order by `deriveInstance`.
 *
 * @module
 */

import type { Span } from "./diagnostic.ts";
import type { TrackRef, VrrpInstance } from "./model.ts";
import type { Ctx } from "./_validate_context.ts";
import type { Written } from "./_validate_instance.ts";

/** See the module doc. */
export function deriveAuth(ctx: Ctx, inst: VrrpInstance, w: Written, name: string): void {
  const a = w.auth!;
  const drop = (why: string) => {
    ctx.warn(a.at, "VK0405", `${name} ${why}; keepalived ignores the authentication`);
    delete inst.authentication;
  };
  if (inst.strict) return drop("strict mode does not allow authentication");
  if (inst.version === 3) return drop("VRRP version 3 has no authentication");
  if (a.type === undefined && a.typeRejected) return; // already reported; keepalived ignores it
  if (a.type === undefined) return drop("authentication without auth_type");
  if (a.password === undefined) return drop("authentication without auth_pass");
  if (a.type === "AH" && inst.family === "inet6") {
    return drop("AH authentication does not work with IPv6");
  }
  if (a.type === "AH" && inst.state === "MASTER" && inst.priority !== 255) {
    ctx.warn(
      a.at,
      "VK0403",
      `${name} with AH authentication only an address owner may start as MASTER; keepalived uses BACKUP`,
    );
    inst.state = "BACKUP";
  }
}

/** See the module doc. */
export function strictForces(
  ctx: Ctx,
  inst: VrrpInstance,
  keyAt: (k: string) => Span,
  name: string,
): void {
  const force = (kw: string, cur: unknown, want: unknown, set: () => void) => {
    if (cur === want) return;
    if (inst.keyAt?.[kw] !== undefined) {
      ctx.warn(keyAt(kw), "VK0408", `${name} strict mode forces ${kw} to ${String(want)}`);
    }
    set();
  };
  force(
    "garp_lower_prio_repeat",
    inst.garp.lowerPrioRepeat,
    0,
    () => inst.garp.lowerPrioRepeat = 0,
  );
  force("garp_lower_prio_delay", inst.garp.lowerPrioDelay, 0, () => inst.garp.lowerPrioDelay = 0);
  force("lower_prio_no_advert", inst.lowerPrioNoAdvert, true, () => inst.lowerPrioNoAdvert = true);
  force(
    "higher_prio_send_advert",
    inst.higherPrioSendAdvert,
    false,
    () => inst.higherPrioSendAdvert = false,
  );
  const owner = inst.priority === 255;
  if (owner) {
    force(
      "owner_ignore_adverts",
      inst.ownerIgnoreAdverts,
      true,
      () => inst.ownerIgnoreAdverts = true,
    );
  }
  force("accept", inst.accept, owner, () => inst.accept = owner);
}

/** See the module doc. */
export function deriveAdvertInt(ctx: Ctx, inst: VrrpInstance, at: Span, name: string): void {
  const v = inst.advertInt;
  if (inst.version === 2) {
    if (!Number.isInteger(v)) {
      const r = Math.max(1, Math.round(v));
      ctx.warn(
        at,
        "VK0409",
        `${name} VRRPv2 advert_int ${v} must be whole seconds; keepalived rounds it to ${r}`,
      );
      inst.advertInt = r;
    }
    return;
  }
  if (v >= 40.96) {
    ctx.warn(
      at,
      "VK0409",
      `${name} VRRPv3 advert_int ${v} is above 40.95 s; keepalived uses 40.95`,
    );
    inst.advertInt = 40.95;
    return;
  }
  const cs = v * 100;
  if (Math.abs(cs - Math.round(cs)) > 1e-6) {
    const r = Math.max(1, Math.round(cs)) / 100;
    ctx.warn(
      at,
      "VK0409",
      `${name} VRRPv3 advert_int ${v} is not a multiple of 10 ms; keepalived rounds it to ${r}`,
    );
    inst.advertInt = r;
  }
}

/** See the module doc. */
export function ownerTrackers(ctx: Ctx, inst: VrrpInstance, name: string): void {
  const why = "with priority 255 (address owner) the priority never changes";
  const removeWeighted = (list: TrackRef[], what: string): TrackRef[] =>
    list.filter((t) => {
      if (t.weight === 0) return true;
      ctx.warn(
        t.at ?? inst.at!,
        "VK0412",
        `${name} ${why}: keepalived removes weighted tracked ${what} '${t.name}'`,
      );
      return false;
    });
  inst.trackInterface = removeWeighted(inst.trackInterface, "interface");
  inst.trackScript = removeWeighted(inst.trackScript, "script");
  inst.trackBfd = removeWeighted(inst.trackBfd, "bfd");
  inst.trackFile = inst.trackFile.filter((t) => {
    if (t.weight === 0) return true;
    if (t.weightGiven) {
      ctx.warn(
        t.at ?? inst.at!,
        "VK0412",
        `${name} ${why}: keepalived removes weighted tracked file '${t.name}'`,
      );
      return false;
    }
    ctx.warn(
      t.at ?? inst.at!,
      "VK0412",
      `${name} ${why}: keepalived sets the weight of tracked file '${t.name}' to 0`,
    );
    t.weight = 0;
    return true;
  });
}
