/**
 * `vipkeeper lint` (placeholder until the config front end lands).
 *
 * @module
 */

import type { CliIo } from "./io.ts";

/** `vipkeeper lint`: not built yet; exits 2. */
export function lintCommand(_args: string[], io: CliIo): Promise<number> {
  io.err("vipkeeper lint: not implemented yet\n");
  return Promise.resolve(2);
}
