/**
 * A JSON Schema of the YAML form, generated from the keyword table, so editors can check and
 * complete vipkeeper YAML files. `config/vipkeeper.schema.json` is this schema; a test keeps it
 * in sync. Regenerate it with
 * `deno run lib/config/yaml/schema.ts > config/vipkeeper.schema.json`.
 *
 * @module
 */

import { LEVELS } from "../keywords.ts";
import type { KeywordSpec, LevelId, Shape } from "../keywords.ts";

/** A JSON Schema node (the subset this generator writes). */
export type JsonSchema = { [key: string]: unknown };

const BOOL_WORDS = ["true", "on", "yes", "false", "off", "no"];
const SCALAR: JsonSchema = { type: ["string", "number", "boolean"] };

const LIST_ENTRY: JsonSchema = {
  anyOf: [
    { type: ["string", "number"] },
    { type: "array", items: { type: ["string", "number"] } },
    {
      type: "object",
      properties: { name: { type: ["string", "number"] }, address: { type: "string" } },
      additionalProperties: { type: ["string", "number", "boolean", "null"] },
    },
  ],
};

const COMMAND: JsonSchema = {
  anyOf: [
    { type: ["string", "boolean", "null"] },
    {
      type: "object",
      properties: {
        command: { type: "string" },
        user: { type: ["string", "number"] },
        group: { type: ["string", "number"] },
      },
      required: ["command"],
      additionalProperties: false,
    },
  ],
};

function valueSchema(shape: Shape): JsonSchema {
  switch (shape.kind) {
    case "flag":
      return { $ref: "#/$defs/flag" };
    case "bool":
      return { $ref: "#/$defs/bool" };
    case "int":
      return { type: "integer", minimum: shape.min, maximum: shape.max };
    case "decimal":
      return { type: "number", minimum: shape.min, maximum: shape.max };
    case "enum":
      return { enum: [...shape.values] };
    case "word":
    case "address":
      return { type: ["string", "number"] };
    case "words":
      return { $ref: "#/$defs/words" };
    case "command":
      return { $ref: "#/$defs/command" };
    case "block":
      return { anyOf: [{ $ref: `#/$defs/${shape.level}` }, { type: "null" }] };
    case "list":
      return { $ref: "#/$defs/list" };
    case "skip":
      return {};
  }
}

function describe(k: KeywordSpec, schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { description: `${k.args ? k.args + ": " : ""}${k.doc}`, ...schema };
  if (k.deprecated !== undefined) out.deprecated = true;
  return out;
}

function levelSchema(level: LevelId): JsonSchema {
  const l = LEVELS.find((x) => x.id === level);
  const properties: JsonSchema = {};
  for (const k of l?.keywords ?? []) properties[k.name] = describe(k, valueSchema(k.shape));
  return { type: "object", properties, additionalProperties: false };
}

function topProperty(k: KeywordSpec): JsonSchema {
  if (k.named === true && k.shape.kind === "block") {
    return describe(k, {
      type: "object",
      additionalProperties: valueSchema(k.shape),
    });
  }
  return describe(k, valueSchema(k.shape));
}

/**
 * The JSON Schema of vipkeeper's YAML form.
 *
 * @example
 * ```ts
 * import { yamlSchema } from "./schema.ts";
 * const s = yamlSchema();
 * if (s.$defs === undefined) throw new Error();
 * ```
 */
export function yamlSchema(): JsonSchema {
  const top = LEVELS.find((l) => l.id === "top");
  const properties: JsonSchema = {};
  for (const k of top?.keywords ?? []) properties[k.name] = topProperty(k);
  const defs: JsonSchema = {
    flag: {
      description: "A flag: true writes the keyword, false leaves it out.",
      type: ["boolean", "null"],
    },
    bool: { anyOf: [{ type: ["boolean", "null"] }, { enum: BOOL_WORDS }] },
    words: {
      description: "The keyword's words as one scalar, or a list of occurrences.",
      anyOf: [{ type: ["string", "number", "boolean", "null"] }, { type: "array", items: SCALAR }],
    },
    command: COMMAND,
    list: {
      description: "The lines of a list block: strings, lists of words or name/address mappings.",
      anyOf: [{ type: "array", items: LIST_ENTRY }, { type: "null" }],
    },
  };
  for (const l of LEVELS) if (l.id !== "top") defs[l.id] = levelSchema(l.id);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://vipkeeper.invalid/vipkeeper.schema.json",
    title: "vipkeeper configuration (YAML form of keepalived.conf)",
    description: "See docs/yaml.md. Keys are keepalived keywords; values follow docs/keywords.md.",
    type: ["object", "null"],
    properties,
    additionalProperties: false,
    $defs: defs,
  };
}

/**
 * The schema as the text of `config/vipkeeper.schema.json`.
 *
 * @example
 * ```ts
 * import { yamlSchemaText } from "./schema.ts";
 * if (!yamlSchemaText().endsWith("}\n")) throw new Error();
 * ```
 */
export function yamlSchemaText(): string {
  return JSON.stringify(yamlSchema(), null, 2) + "\n";
}

if (import.meta.main) {
  console.log(yamlSchemaText().trimEnd());
}
