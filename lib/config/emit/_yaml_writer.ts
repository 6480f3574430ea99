/**
 * Private: a small YAML writer for the emitter's values (string-keyed `Map`s, arrays, strings,
 * numbers, booleans). Block style throughout, except that arrays of plain words and mappings
 * inside lists are written in flow style. Scalars are plain when YAML reads them back as the same
 * string, double-quoted (JSON escapes, which YAML accepts) otherwise.
 *
 * @module
 */

/** A value the writer accepts. */
export type YamlValue = string | number | boolean | YamlValue[] | Map<string, YamlValue>;

/** Texts that the YAML 1.2 core schema reads as something other than a string. */
const SPECIAL = new RegExp(
  [
    "^(?:null|Null|NULL|~|true|True|TRUE|false|False|FALSE)$",
    "^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$",
    "^0o[0-7]+$",
    "^0x[0-9a-fA-F]+$",
    "^[-+]?\\.(?:inf|Inf|INF)$",
    "^\\.(?:nan|NaN|NAN)$",
  ].join("|"),
);

/** Conservative plain scalars: safe first character, no `: `, ` #`, no trailing blank or colon. */
const PLAIN_BLOCK = /^[A-Za-z0-9_./$=+^(][\x20-\x7e]*$/;
const PLAIN_FLOW = /^[A-Za-z0-9_./$=+^(-][A-Za-z0-9_./$=+^()@%-]*$/;
const NOT_PRINTABLE =
  /[\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function quote(s: string): string {
  return JSON.stringify(s).replace(
    NOT_PRINTABLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A string as a YAML scalar (`flow`: inside `[...]` or `{...}`). */
export function yamlString(s: string, flow = false): string {
  if (SPECIAL.test(s)) return quote(s);
  const plain = flow
    ? PLAIN_FLOW.test(s) && !s.startsWith("-")
    : PLAIN_BLOCK.test(s) && !/: |:$| #|\s$/.test(s);
  return plain ? s : quote(s);
}

function scalar(v: string | number | boolean, flow: boolean): string {
  if (typeof v === "string") return yamlString(v, flow);
  return String(v);
}

function isScalar(v: YamlValue): v is string | number | boolean {
  return typeof v !== "object";
}

function flowValue(v: YamlValue): string {
  if (isScalar(v)) return scalar(v, true);
  if (Array.isArray(v)) return `[${v.map(flowValue).join(", ")}]`;
  const parts = [...v].map(([k, x]) => `${yamlString(k, true)}: ${flowValue(x)}`);
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

function writeList(items: YamlValue[], indent: string): string {
  return items.map((item) =>
    `${indent}- ${isScalar(item) ? scalar(item, false) : flowValue(item)}\n`
  )
    .join("");
}

function writeMap(map: Map<string, YamlValue>, indent: string, flowKeys: Set<string>): string {
  let out = "";
  for (const [k, v] of map) {
    const key = `${indent}${yamlString(k)}:`;
    if (isScalar(v)) out += `${key} ${scalar(v, false)}\n`;
    else if (Array.isArray(v)) {
      if (v.length === 0 || flowKeys.has(k)) out += `${key} ${flowValue(v)}\n`;
      else out += `${key}\n${writeList(v, indent + "  ")}`;
    } else if (v.size === 0) out += `${key} {}\n`;
    else out += `${key}\n${writeMap(v, indent + "  ", flowKeys)}`;
  }
  return out;
}

/**
 * A mapping as a YAML document. Lists under a key of `flowKeys` are written on one line
 * (`group: [VI_1, VI_2]`); top-level entries are separated by a blank line.
 */
export function writeYaml(map: Map<string, YamlValue>, flowKeys: readonly string[] = []): string {
  if (map.size === 0) return "{}\n";
  const keys = new Set(flowKeys);
  return [...map].map(([k, v]) => writeMap(new Map([[k, v]]), "", keys)).join("\n");
}
