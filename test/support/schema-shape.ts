// The shape of a migrated database, read from the database itself (not from the Drizzle definitions), in
// one form for both dialects so a test can compare SQLite with PostgreSQL: tables, columns with a
// dialect-neutral type, nullability and default, primary keys, indexes and foreign keys.
import type Database from "better-sqlite3";
import { getTableConfig as sqliteTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Pool } from "pg";
import * as sqliteSchema from "@/lib/db/schema";

/** integer covers int4/int8 (SQLite has one integer); time is a moment, json a document. */
export type NeutralType = "integer" | "text" | "boolean" | "time" | "json";
export type ColumnShape = { type: NeutralType; notNull: boolean; default: string | null };
export type TableShape = {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  indexes: Record<string, { unique: boolean; columns: string[] }>;
  foreignKeys: string[]; // "col -> table(col) on delete cascade"
};
export type SchemaShape = Record<string, TableShape>;

const JOURNAL_TABLES = new Set(["__drizzle_migrations", "sqlite_sequence"]);

/** What Drizzle stores in a SQLite column that SQLite itself only knows as INTEGER or TEXT. */
function sqliteNeutralTypes(): Map<string, NeutralType> {
  const byColumn = new Map<string, NeutralType>();
  for (const value of Object.values(sqliteSchema)) {
    if (typeof value !== "object" || value === null || !("getSQL" in value)) continue;
    const config = sqliteTableConfig(value as SQLiteTable);
    for (const column of config.columns) {
      const type: NeutralType =
        column.columnType === "SQLiteBoolean"
          ? "boolean"
          : column.columnType === "SQLiteTimestamp"
            ? "time"
            : column.columnType === "SQLiteTextJson"
              ? "json"
              : column.columnType === "SQLiteInteger"
                ? "integer"
                : "text";
      // the keys are camelCase; the migrations name columns in snake_case (casing: "snake_case")
      const name = column.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      byColumn.set(`${config.name}.${name}`, type);
    }
  }
  return byColumn;
}

/** A default as both databases would agree on: no casts, no quotes doubled, booleans as true/false. */
function neutralDefault(raw: string | null, type: NeutralType): string | null {
  if (raw === null) return null;
  let value = raw.replace(/::[a-z ]+$/i, "").trim();
  if (type === "boolean") value = value === "1" || value === "true" ? "true" : "false";
  return value;
}

export function sqliteShape(client: Database.Database): SchemaShape {
  const neutral = sqliteNeutralTypes();
  const tables = client
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  const shape: SchemaShape = {};
  for (const table of tables.filter((t) => !JOURNAL_TABLES.has(t)).sort()) {
    const info = client.prepare(`PRAGMA table_info("${table}")`).all() as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const columns: TableShape["columns"] = {};
    for (const c of info) {
      const type = neutral.get(`${table}.${c.name}`);
      if (!type) throw new Error(`${table}.${c.name} is in the SQLite database but not in lib/db/schema`);
      const stored = c.type.toLowerCase();
      const expected = type === "text" || type === "json" ? "text" : "integer";
      if (stored !== expected) throw new Error(`${table}.${c.name} is ${stored} in SQLite, expected ${expected}`);
      // SQLite lets a primary key column be NULL unless it says otherwise; PostgreSQL never does
      columns[c.name] = { type, notNull: c.notnull === 1 || c.pk > 0, default: neutralDefault(c.dflt_value, type) };
    }
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const indexes: TableShape["indexes"] = {};
    const list = client.prepare(`PRAGMA index_list("${table}")`).all() as {
      name: string;
      unique: number;
      origin: string;
    }[];
    for (const index of list.filter((i) => i.origin === "c")) {
      const cols = client.prepare(`PRAGMA index_info("${index.name}")`).all() as { seqno: number; name: string }[];
      indexes[index.name] = {
        unique: index.unique === 1,
        columns: cols.sort((a, b) => a.seqno - b.seqno).map((c) => c.name),
      };
    }
    const fks = client.prepare(`PRAGMA foreign_key_list("${table}")`).all() as {
      table: string;
      from: string;
      to: string;
      on_delete: string;
    }[];
    const foreignKeys = fks
      .map((f) => `${f.from} -> ${f.table}(${f.to}) on delete ${f.on_delete.toLowerCase()}`)
      .sort();
    shape[table] = { columns, primaryKey, indexes, foreignKeys };
  }
  return shape;
}

const PG_TYPES: Record<string, NeutralType> = {
  integer: "integer",
  bigint: "integer",
  text: "text",
  boolean: "boolean",
  "timestamp with time zone": "time",
  jsonb: "json",
};

export async function postgresShape(pool: Pool): Promise<SchemaShape> {
  const columns = await pool.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: "YES" | "NO";
    column_default: string | null;
  }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const shape: SchemaShape = {};
  for (const c of columns.rows) {
    const type = PG_TYPES[c.data_type];
    if (!type)
      throw new Error(`${c.table_name}.${c.column_name} has type ${c.data_type}, which SQLite has no twin for`);
    const table = (shape[c.table_name] ??= { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [] });
    table.columns[c.column_name] = {
      type,
      notNull: c.is_nullable === "NO",
      default: neutralDefault(c.column_default, type),
    };
  }
  const indexes = await pool.query<{
    table_name: string;
    index_name: string;
    is_unique: boolean;
    is_primary: boolean;
    columns: string[];
  }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
            array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE ns.nspname = 'public'`,
  );
  for (const index of indexes.rows) {
    const table = shape[index.table_name];
    if (!table) continue;
    if (index.is_primary) table.primaryKey = index.columns;
    else table.indexes[index.index_name] = { unique: index.is_unique, columns: index.columns };
  }
  const fks = await pool.query<{ table_name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace
      WHERE c.contype = 'f' AND ns.nspname = 'public'`,
  );
  for (const fk of fks.rows) {
    // FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE
    const m =
      /FOREIGN KEY \((\w+)\) REFERENCES (\w+)\((\w+)\)(?: ON DELETE (SET NULL|CASCADE|RESTRICT|SET DEFAULT))?/.exec(
        fk.definition,
      );
    if (!m) throw new Error(`Unexpected foreign key ${fk.definition} on ${fk.table_name}`);
    shape[fk.table_name.replaceAll('"', "")]!.foreignKeys.push(
      `${m[1]} -> ${m[2]}(${m[3]}) on delete ${(m[4] ?? "no action").toLowerCase()}`,
    );
  }
  for (const table of Object.values(shape)) table.foreignKeys.sort();
  return shape;
}

/** Every difference between two shapes, one readable line each; empty when they agree. */
export function shapeDifferences(a: SchemaShape, b: SchemaShape, names: [string, string]): string[] {
  const out: string[] = [];
  const [an, bn] = names;
  for (const table of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const ta = a[table];
    const tb = b[table];
    if (!ta || !tb) {
      out.push(`table ${table} only in ${ta ? an : bn}`);
      continue;
    }
    for (const column of new Set([...Object.keys(ta.columns), ...Object.keys(tb.columns)])) {
      const ca = JSON.stringify(ta.columns[column] ?? null);
      const cb = JSON.stringify(tb.columns[column] ?? null);
      if (ca !== cb) out.push(`${table}.${column}: ${an} ${ca}, ${bn} ${cb}`);
    }
    if (ta.primaryKey.join() !== tb.primaryKey.join())
      out.push(`${table} primary key: ${an} (${ta.primaryKey.join()}), ${bn} (${tb.primaryKey.join()})`);
    for (const index of new Set([...Object.keys(ta.indexes), ...Object.keys(tb.indexes)])) {
      const ia = JSON.stringify(ta.indexes[index] ?? null);
      const ib = JSON.stringify(tb.indexes[index] ?? null);
      if (ia !== ib) out.push(`${table} index ${index}: ${an} ${ia}, ${bn} ${ib}`);
    }
    if (ta.foreignKeys.join("; ") !== tb.foreignKeys.join("; "))
      out.push(`${table} foreign keys: ${an} [${ta.foreignKeys.join("; ")}], ${bn} [${tb.foreignKeys.join("; ")}]`);
  }
  return out;
}
