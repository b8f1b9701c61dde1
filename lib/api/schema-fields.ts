// A JSON Schema (as lib/api/openapi.ts writes it) flattened into rows a person can read: one row per
// field, nested fields by dotted path ("actions[].title"), with its type and its limits in words. The
// API reference renders these rows, so what it shows comes from the same zod schemas the server checks.

type JsonSchema = Record<string, unknown>;

export type SchemaField = {
  path: string;
  type: string;
  required: boolean;
  /** limits, allowed values and the schema's own description, in words */
  notes: string[];
};

const MAX_DEPTH = 4;

function typeName(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return "enum";
  if ("const" in schema) return JSON.stringify(schema.const);
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) return [...new Set(variants.map(typeName))].join(" | ");
  const type = schema.type;
  if (Array.isArray(type)) return type.join(" | ");
  if (type === "array") {
    const items = schema.items as JsonSchema | undefined;
    return `${items ? typeName(items) : "any"}[]`;
  }
  if (typeof type === "string") return schema.format ? `${type} (${String(schema.format)})` : type;
  return "any";
}

function notesOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  if (typeof schema.description === "string") notes.push(schema.description);
  if (Array.isArray(schema.enum)) notes.push(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  const range = (low: unknown, high: unknown, unit: string) => {
    if (low !== undefined && high !== undefined) notes.push(`${String(low)}–${String(high)} ${unit}`);
    else if (low !== undefined) notes.push(`at least ${String(low)} ${unit}`);
    else if (high !== undefined) notes.push(`at most ${String(high)} ${unit}`);
  };
  range(schema.minLength, schema.maxLength, "characters");
  range(schema.minItems, schema.maxItems, "items");
  range(schema.minimum ?? schema.exclusiveMinimum, schema.maximum ?? schema.exclusiveMaximum, "");
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes.map((note) => note.trim());
}

function objectVariant(schema: JsonSchema): JsonSchema | null {
  if (schema.type === "object" && schema.properties) return schema;
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  const objects = variants?.filter((variant) => variant.type === "object" && variant.properties) ?? [];
  return objects.length === 1 ? (objects[0] ?? null) : null;
}

/** The rows of an object schema's fields; a schema that is no object gives one row named `name`. */
export function schemaFields(schema: JsonSchema, name = "", depth = 0): SchemaField[] {
  const object = objectVariant(schema);
  if (!object || depth >= MAX_DEPTH) {
    return name ? [{ path: name, type: typeName(schema), required: true, notes: notesOf(schema) }] : [];
  }
  const required = new Set((object.required ?? []) as string[]);
  const rows: SchemaField[] = [];
  for (const [key, property] of Object.entries(object.properties as Record<string, JsonSchema>)) {
    const path = name ? `${name}.${key}` : key;
    rows.push({ path, type: typeName(property), required: required.has(key), notes: notesOf(property) });
    const nested = objectVariant(property);
    if (nested) rows.push(...schemaFields(nested, path, depth + 1).filter((row) => row.path !== path));
    const items = property.type === "array" ? objectVariant((property.items ?? {}) as JsonSchema) : null;
    if (items) rows.push(...schemaFields(items, `${path}[]`, depth + 1));
  }
  return rows;
}
