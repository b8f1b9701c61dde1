// What `npm run db:copy` needs to know about each table, read from the PostgreSQL schema (which the drift
// test keeps identical to SQLite's): columns with a neutral type, the primary key to page by, and an order
// in which every parent comes before its children.
import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import * as pgSchema from "./pg-schema";

export type CopyType = "integer" | "text" | "boolean" | "time" | "json";
export type CopyTable = { name: string; columns: { name: string; type: CopyType }[]; primaryKey: string[] };

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function typeOf(columnType: string): CopyType {
  switch (columnType) {
    case "PgTimestamp":
      return "time";
    case "PgBoolean":
      return "boolean";
    case "PgJsonb":
      return "json";
    case "PgInteger":
    case "PgBigInt53":
      return "integer";
    case "PgText":
      return "text";
    default:
      throw new Error(`db:copy does not know how to copy a ${columnType} column`);
  }
}

/** Every table, parents before children (foreign keys point backwards in the list). */
export function copyTables(): CopyTable[] {
  const configs = (Object.values(pgSchema) as unknown[])
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => getTableConfig(table));
  const byName = new Map(configs.map((c) => [c.name, c]));
  const ordered: CopyTable[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: string[]) => {
    if (placed.has(name)) return;
    if (path.includes(name)) throw new Error(`Foreign keys form a cycle: ${[...path, name].join(" → ")}`);
    const config = byName.get(name)!;
    for (const fk of config.foreignKeys) {
      const parent = getTableConfig(fk.reference().foreignTable).name;
      if (parent !== name) place(parent, [...path, name]);
    }
    const composite = config.primaryKeys[0]?.columns.map((c) => snake(c.name));
    ordered.push({
      name,
      columns: config.columns.map((c) => ({ name: snake(c.name), type: typeOf(c.columnType) })),
      primaryKey: composite ?? config.columns.filter((c) => c.primary).map((c) => snake(c.name)),
    });
    placed.add(name);
  };
  for (const config of [...configs].sort((a, b) => a.name.localeCompare(b.name))) place(config.name, []);
  return ordered;
}
