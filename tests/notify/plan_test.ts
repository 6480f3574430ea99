import { assertEquals } from "../assert.ts";
import type { Notifies } from "../../lib/config/model.ts";
import { formatFifoLine, type NotifyRequest, planNotify } from "../../lib/notify/plan.ts";

const all: Notifies = {
  master: { command: "/m.sh", argv: ["/m.sh"] },
  backup: { command: "/b.sh", argv: ["/b.sh"] },
  fault: { command: "/f.sh", argv: ["/f.sh"] },
  stop: { command: "/s.sh", argv: ["/s.sh"] },
  generic: { command: "/n.sh extra1 'two words'", argv: ["/n.sh", "extra1", "two words"] },
  masterRxLowerPri: { command: "/rx.sh", argv: ["/rx.sh"] },
};

function plan(r: Partial<NotifyRequest>) {
  const p = planNotify({
    kind: "instance",
    name: "VI_1",
    state: "MASTER",
    priority: 100,
    notify: all,
    ...r,
  });
  return {
    word: p.word,
    hooks: p.hooks.map((h) => `${h.role}: ${JSON.stringify(h.argv)}`),
    fifo: p.fifoLine,
  };
}

Deno.test("each state runs its state script then the generic notify with four values appended", () => {
  for (
    const [state, role, script] of [
      ["MASTER", "notify_master", "/m.sh"],
      ["BACKUP", "notify_backup", "/b.sh"],
      ["FAULT", "notify_fault", "/f.sh"],
      ["STOP", "notify_stop", "/s.sh"],
    ] as const
  ) {
    assertEquals(plan({ state, priority: 150 }).hooks, [
      `${role}: ["${script}"]`,
      `notify: ["/n.sh","extra1","two words","INSTANCE","VI_1","${state}","150"]`,
    ]);
  }
});

Deno.test("a group's generic notify and FIFO line carry priority 0", () => {
  const p = plan({ kind: "group", name: "G", priority: 200 });
  assertEquals(p.hooks[1], 'notify: ["/n.sh","extra1","two words","GROUP","G","MASTER","0"]');
  assertEquals(p.fifo, 'GROUP "G" MASTER 0\n');
});

Deno.test("a deletion without notify_deleted runs no state script and reports FAULT", () => {
  assertEquals(plan({ state: "DELETED", priority: 150 }), {
    word: "FAULT",
    hooks: ['notify: ["/n.sh","extra1","two words","INSTANCE","VI_1","FAULT","150"]'],
    fifo: 'INSTANCE "VI_1" FAULT 150\n',
  });
});

Deno.test("notify_deleted without a script keeps the DELETED word, with one it runs first", () => {
  assertEquals(plan({ state: "DELETED", notify: { ...all, deleted: true } }).hooks, [
    'notify: ["/n.sh","extra1","two words","INSTANCE","VI_1","DELETED","100"]',
  ]);
  const withScript = plan({
    state: "DELETED",
    notify: { deleted: { command: "/d.sh x", argv: ["/d.sh", "x"] } },
  });
  assertEquals(withScript.hooks, ['notify_deleted: ["/d.sh","x"]']);
  assertEquals(withScript.fifo, 'INSTANCE "VI_1" DELETED 100\n');
});

Deno.test("FIFO-only events run no generic notify", () => {
  assertEquals(plan({ state: "MASTER_RX_LOWER_PRI" }).hooks, [
    'notify_master_rx_lower_pri: ["/rx.sh"]',
  ]);
  assertEquals(plan({ state: "MASTER_PRIORITY", priority: 90 }), {
    word: "MASTER_PRIORITY",
    hooks: [],
    fifo: 'INSTANCE "VI_1" MASTER_PRIORITY 90\n',
  });
  assertEquals(plan({ state: "BACKUP_PRIORITY" }).hooks, []);
});

Deno.test("an instance without hooks plans nothing but still has its FIFO line", () => {
  assertEquals(plan({ state: "BACKUP", notify: {} }).hooks, []);
  assertEquals(formatFifoLine("instance", "VI_1", "BACKUP", 150), 'INSTANCE "VI_1" BACKUP 150\n');
  assertEquals(formatFifoLine("group", "G", "FAULT", 150), 'GROUP "G" FAULT 0\n');
});
