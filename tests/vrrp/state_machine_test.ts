import { assertEquals, assertOk } from "../assert.ts";
import { handlerFor, HANDLERS, STATES, TRANSITIONS } from "../../lib/vrrp/state_machine.ts";

const ENGINE_INPUTS = new Set(["start", "stop", "delete", "sync"]);

Deno.test("every table row driven by a per-state input has a handler in that state", () => {
  for (const t of TRANSITIONS) {
    if (ENGINE_INPUTS.has(t.on)) continue;
    assertOk(handlerFor(t.from, t.on) !== undefined, `${t.from} --${t.on}--> ${t.to}`);
  }
});

Deno.test("every handler appears in the table", () => {
  for (const [state, inputs] of Object.entries(HANDLERS)) {
    for (const input of Object.keys(inputs)) {
      assertOk(
        TRANSITIONS.some((t) => t.from === state && t.on === input),
        `${state} handles ${input} but the table does not say so`,
      );
    }
  }
});

Deno.test("INIT and FAULT ignore adverts, and only MASTER runs the advert timer", () => {
  assertEquals(handlerFor("INIT", "advert"), undefined);
  assertEquals(handlerFor("FAULT", "advert"), undefined);
  for (const s of STATES) {
    assertEquals(handlerFor(s, "Adver_Timer") !== undefined, s === "MASTER", s);
  }
});

Deno.test("the table uses only known states and has no duplicate rows", () => {
  const seen = new Set<string>();
  for (const t of TRANSITIONS) {
    assertOk(
      (STATES as readonly string[]).includes(t.from) &&
        (STATES as readonly string[]).includes(t.to),
    );
    const key = `${t.from}|${t.on}|${t.to}|${t.when}`;
    assertOk(!seen.has(key), key);
    seen.add(key);
  }
});

Deno.test("every state can be stopped, and nothing leaves STOP or DELETED", () => {
  for (const s of ["INIT", "BACKUP", "MASTER", "FAULT"]) {
    assertOk(TRANSITIONS.some((t) => t.from === s && t.on === "stop" && t.to === "STOP"), s);
    assertOk(TRANSITIONS.some((t) => t.from === s && t.on === "delete" && t.to === "DELETED"), s);
  }
  const froms: string[] = TRANSITIONS.map((t) => t.from);
  assertOk(!froms.includes("STOP") && !froms.includes("DELETED"));
});
