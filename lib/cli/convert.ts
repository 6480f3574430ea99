/**
 * `vipkeeper convert` (placeholder until the config front end lands).
 *
 * @module
 */

import type { CliIo } from "./io.ts";

/** `vipkeeper convert`: not built yet; exits 2. */
export function convertCommand(_args: string[], io: CliIo): Promise<number> {
  io.err("vipkeeper convert: not implemented yet\n");
  return Promise.resolve(2);
}
