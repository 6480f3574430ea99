/**
 * Waiting for a FIFO script to have opened its FIFO (lines written before that can be lost).
 *
 * @module
 */

/** Polls `cond` every 20 ms until it holds or `ms` have passed. */
export async function until(cond: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/** The FIFO script has the FIFO open (so lines written now reach it). */
export function readerHasOpened(pid: number, fifo: string): boolean {
  try {
    for (const e of Deno.readDirSync(`/proc/${pid}/fd`)) {
      if (Deno.readLinkSync(`/proc/${pid}/fd/${e.name}`) === fifo) return true;
    }
    for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
      for (const c of Deno.readTextFileSync(`/proc/${pid}/task/${t.name}/children`).split(" ")) {
        if (c.trim() !== "" && readerHasOpened(Number(c), fifo)) return true;
      }
    }
  } catch {
    return false;
  }
  return false;
}
