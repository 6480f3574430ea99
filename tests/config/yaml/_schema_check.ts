/**
 * A small JSON Schema checker for the subset `yamlSchema` writes ($ref into $defs, type, enum,
 * minimum, maximum, anyOf, properties, additionalProperties, items, required). Tests only.
 *
 * @module
 */

type Schema = { [key: string]: unknown };

function typeOf(v: unknown): string[] {
  if (v === null) return ["null"];
  if (Array.isArray(v)) return ["array"];
  if (typeof v === "number") return Number.isInteger(v) ? ["integer", "number"] : ["number"];
  return [typeof v];
}

/** The problems of `value` against `schema` (empty when it conforms), each with a JSON path. */
export function checkSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const walk = (s: Schema, v: unknown, path: string): void => {
    if (typeof s.$ref === "string") {
      const name = s.$ref.replace("#/$defs/", "");
      const target = (root.$defs as Record<string, Schema>)[name];
      if (target === undefined) throw new Error(`Unresolved $ref ${s.$ref}`);
      walk(target, v, path);
    }
    if (s.type !== undefined) {
      const allowed = Array.isArray(s.type) ? s.type : [s.type];
      if (!typeOf(v).some((t) => allowed.includes(t))) {
        errors.push(`${path}: expected ${allowed.join("|")}`);
        return;
      }
    }
    if (Array.isArray(s.enum) && !s.enum.includes(v)) errors.push(`${path}: not one of the values`);
    if (typeof s.minimum === "number" && typeof v === "number" && v < s.minimum) {
      errors.push(`${path}: below ${s.minimum}`);
    }
    if (typeof s.maximum === "number" && typeof v === "number" && v > s.maximum) {
      errors.push(`${path}: above ${s.maximum}`);
    }
    if (Array.isArray(s.anyOf)) {
      // One alternative of the value's type: report its own errors, for a precise path.
      const fitting = (s.anyOf as Schema[]).filter((alt) => typeFits(root, alt, v));
      if (fitting.length === 1 && fitting[0] !== undefined) walk(fitting[0], v, path);
      else if (!fitting.some((alt) => checkSchemaAt(root, alt, v).length === 0)) {
        errors.push(`${path}: matches no alternative`);
      }
    }
    if (Array.isArray(v) && s.items !== undefined) {
      v.forEach((item, i) => walk(s.items as Schema, item, `${path}[${i}]`));
    }
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required ?? []) as string[]) {
        if (!(r in v)) errors.push(`${path}: missing ${r}`);
      }
      for (const [k, item] of Object.entries(v)) {
        const p = props[k];
        if (p !== undefined) walk(p, item, `${path}.${k}`);
        else if (s.additionalProperties === false) errors.push(`${path}: unknown key ${k}`);
        else if (typeof s.additionalProperties === "object") {
          walk(s.additionalProperties as Schema, item, `${path}.${k}`);
        }
      }
    }
  };
  walk(root, value, "$");
  return errors;
}

function checkSchemaAt(root: Schema, s: Schema, v: unknown): string[] {
  return checkSchema({ ...s, $defs: root.$defs }, v);
}

function typeFits(root: Schema, s: Schema, v: unknown): boolean {
  if (typeof s.$ref === "string") {
    const target = (root.$defs as Record<string, Schema>)[s.$ref.replace("#/$defs/", "")];
    return target !== undefined && typeFits(root, target, v);
  }
  if (Array.isArray(s.anyOf)) return s.anyOf.some((alt) => typeFits(root, alt as Schema, v));
  if (s.type === undefined) return true;
  const allowed = Array.isArray(s.type) ? s.type : [s.type];
  return typeOf(v).some((t) => allowed.includes(t));
}
