/**
 * Diagnostic codes of the YAML front end (VK07xx): YAML syntax, and YAML whose shape does not
 * match the documented form (docs/yaml.md). Everything about keyword values is checked by the
 * shared validation and reported with its VK02xx–VK04xx codes.
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

function c(code: string, severity: CodeInfo["severity"], title: string, description: string) {
  return { code, severity, title, description };
}

/**
 * Codes of the YAML front end (VK07xx).
 *
 * @example
 * ```ts
 * import { yamlCodes } from "./yaml.ts";
 * if (!yamlCodes.some((c) => c.code === "VK0701")) throw new Error();
 * ```
 */
export const yamlCodes: CodeInfo[] = [
  c(
    "VK0701",
    "error",
    "YAML syntax error",
    "The file is not valid YAML (bad indentation, an unclosed bracket or quote, several documents in one file, ...). Nothing of the file is read; fix the YAML at the position given.",
  ),
  c(
    "VK0702",
    "error",
    "Duplicate key",
    "A key appears twice in one mapping. YAML forbids it; vipkeeper uses the first occurrence and ignores the others. Write a keyword that repeats as a list of its occurrences instead.",
  ),
  c(
    "VK0703",
    "warning",
    "YAML warning",
    "The YAML parser reported a problem that does not stop reading (for example an unknown tag).",
  ),
  c(
    "VK0704",
    "error",
    "Document is not a mapping",
    "The top of the document must be a mapping of top-level keywords (`global_defs`, `vrrp_instance`, ...). An empty document is an empty configuration.",
  ),
  c(
    "VK0705",
    "error",
    "Key is not a string",
    "Keys must be plain words (keepalived keywords or object names); a mapping or list used as a key is not accepted.",
  ),
  c(
    "VK0706",
    "error",
    "Unknown top-level key",
    "The key is not a top-level keepalived keyword. The hint names the nearest known one. Keywords of blocks (like `priority`) belong inside their block.",
  ),
  c(
    "VK0707",
    "error",
    "Expected a mapping of names",
    "Named blocks (`vrrp_instance`, `vrrp_script`, `vrrp_sync_group`, `track_file`, `vrrp_track_process`) are written as a mapping from each object's name to its settings.",
  ),
  c(
    "VK0708",
    "error",
    "Expected a mapping",
    "A block keyword (`global_defs`, an object's settings, `authentication`) takes a mapping of keywords.",
  ),
  c(
    "VK0709",
    "error",
    "Expected a list",
    "A list block (`virtual_ipaddress`, `track_script`, `unicast_peer`, `group`, ...) takes a list of entries, one per line of the keepalived block.",
  ),
  c(
    "VK0710",
    "error",
    "Expected a value",
    "The keyword takes words (a string, number or boolean), not a mapping. A command keyword also takes a mapping `{ command, user, group }`.",
  ),
  c(
    "VK0711",
    "error",
    "Invalid list entry",
    "A list entry is a string (the words of one line), a list of words, or a mapping whose `name` (or `address`) key gives the first word and whose other keys are options (`weight: 10`, `reverse: true`).",
  ),
];
