// The two ends `npm run db:copy` reads from and writes to: a SQLite file or a PostgreSQL database. Rows
// travel between them in one neutral form (times as epoch milliseconds, booleans, parsed JSON), so a row
// read from either side compares and checksums the same.
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import pg from "pg";
import { migrateDatabase, openDatabase, MIGRATIONS_FOLDER } from "./client";
import type { CopyTable, CopyType } from "./copy-tables";
import { readMigrations } from "./migrate";
import { migratePostgres, openPostgres, PG_MIGRATIONS_FOLDER, type PgDb } from "./pg-client";

export type NeutralValue = string | number | boolean | null | unknown[] | Record<string, unknown>;
export type NeutralRow = NeutralValue[];

export interface CopyStore {
  readonly label: string;
  /** Rows of migrations this database has recorded, against how many ship with this version. */
  migrationState(): Promise<{ applied: number; shipped: number }>;
  /** Rows in a table, or null when the table does not exist yet. */
  count(table: CopyTable): Promise<number | null>;
  migrate(): Promise<void>;
  /** The next `limit` rows in primary-key order after `after` (a primary key, or null to start). */
  readPage(table: CopyTable, after: NeutralRow | null, limit: number): Promise<NeutralRow[]>;
  begin(): Promise<void>;
  insert(table: CopyTable, rows: NeutralRow[]): Promise<void>;
  /** After explicit ids were inserted: the next generated id continues after them. */
  resetIdentities(tables: CopyTable[]): Promise<void>;
  /**
   * After the copy is verified, before commit: whatever this engine keeps differently. SQLite keeps every
   * counter on the campaign row, and nothing there folds PostgreSQL's pending counter deltas: it folds
   * the copied ones now. Returns how many delta rows it folded.
   */
  settle(): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function fromSqlite(value: unknown, type: CopyType): NeutralValue {
  if (value === null || value === undefined) return null;
  if (type === "boolean") return value === 1 || value === true;
  if (type === "json") return JSON.parse(String(value)) as NeutralValue;
  return value as NeutralValue;
}

function toSqlite(value: NeutralValue, type: CopyType): unknown {
  if (value === null) return null;
  if (type === "boolean") return value ? 1 : 0;
  if (type === "json") return JSON.stringify(value);
  return value;
}

function fromPostgres(value: unknown, type: CopyType): NeutralValue {
  if (value === null || value === undefined) return null;
  if (type === "time") return (value as Date).getTime();
  return value as NeutralValue;
}

function toPostgres(value: NeutralValue, type: CopyType): unknown {
  if (value === null) return null;
  if (type === "time") return new Date(value as number);
  if (type === "json") return JSON.stringify(value);
  return value;
}

export function openSqliteStore(file: string, options: { create: boolean }): CopyStore {
  if (!options.create && !existsSync(file)) throw new Error(`${file} does not exist`);
  const db = openDatabase(file);
  const client: Database.Database = db.$client;
  const pkList = (t: CopyTable) => t.primaryKey.map(quote).join(", ");
  return {
    label: file,
    async migrationState() {
      const shipped = readMigrations(MIGRATIONS_FOLDER).length;
      const hasJournal = client
        .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`)
        .get();
      const applied = hasJournal
        ? (client.prepare(`SELECT count(*) FROM "__drizzle_migrations"`).pluck().get() as number)
        : 0;
      return { applied, shipped };
    },
    async count(table) {
      const exists = client.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table.name);
      if (!exists) return null;
      return client
        .prepare(`SELECT count(*) FROM ${quote(table.name)}`)
        .pluck()
        .get() as number;
    },
    async migrate() {
      migrateDatabase(db);
    },
    async readPage(table, after, limit) {
      const columns = table.columns.map((c) => quote(c.name)).join(", ");
      const where = after ? `WHERE (${pkList(table)}) > (${table.primaryKey.map(() => "?").join(", ")})` : "";
      const rows = client
        .prepare(`SELECT ${columns} FROM ${quote(table.name)} ${where} ORDER BY ${pkList(table)} LIMIT ?`)
        .raw()
        .all(...(after ?? []), limit) as unknown[][];
      return rows.map((row) => row.map((value, i) => fromSqlite(value, table.columns[i]!.type)));
    },
    async begin() {
      client.exec("BEGIN IMMEDIATE");
    },
    async insert(table, rows) {
      const statement = client.prepare(
        `INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(", ")}) VALUES (${table.columns.map(() => "?").join(", ")})`,
      );
      for (const row of rows) statement.run(...row.map((value, i) => toSqlite(value, table.columns[i]!.type)));
    },
    async resetIdentities() {
      // AUTOINCREMENT remembers the largest id inserted, explicit ones included
    },
    async settle() {
      // the same sums and clamps as lib/delivery/counter-deltas.ts foldCounterDeltas (PostgreSQL)
      const sum = (column: string) =>
        `coalesce((SELECT sum(d.${column}) FROM campaign_counter_deltas AS d WHERE d.campaign_id = campaigns.id), 0)`;
      client.exec(
        `UPDATE campaigns SET accepted_count = accepted_count + ${sum("accepted")},
           failed_count = max(0, failed_count + ${sum("failed")}), expired_count = expired_count + ${sum("expired")},
           retrying_count = max(0, retrying_count + ${sum("retrying")}), shown_count = shown_count + ${sum("shown")},
           clicked_count = clicked_count + ${sum("clicked")}, closed_count = closed_count + ${sum("closed")}
         WHERE id IN (SELECT campaign_id FROM campaign_counter_deltas)`,
      );
      return client.prepare("DELETE FROM campaign_counter_deltas").run().changes;
    },
    async commit() {
      client.exec("COMMIT");
    },
    async rollback() {
      if (client.inTransaction) client.exec("ROLLBACK");
    },
    async close() {
      client.close();
    },
  };
}

export function openPostgresStore(url: string): CopyStore {
  const db: PgDb = openPostgres(url, { max: 1 });
  const pool = db.$client;
  let tx: pg.PoolClient | null = null;
  const query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => (tx ?? pool).query<R>(text, values);
  // text keys are ordered byte-wise, as SQLite orders them, so both sides page and checksum alike
  const keyOf = (t: CopyTable) =>
    t.primaryKey
      .map((name) => {
        const type = t.columns.find((c) => c.name === name)!.type;
        return type === "text" ? `${quote(name)} COLLATE "C"` : quote(name);
      })
      .join(", ");
  return {
    label: url.replace(/\/\/[^@/]*@/, "//…@"),
    async migrationState() {
      const shipped = readMigrations(PG_MIGRATIONS_FOLDER).length;
      const journal = await query<{ t: string | null }>(
        `SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`,
      );
      if (journal.rows[0]!.t === null) return { applied: 0, shipped };
      const applied = await query<{ n: string }>(`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
      return { applied: Number(applied.rows[0]!.n), shipped };
    },
    async count(table) {
      const exists = await query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`public.${table.name}`]);
      if (exists.rows[0]!.t === null) return null;
      const rows = await query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table.name)}`);
      return Number(rows.rows[0]!.n);
    },
    async migrate() {
      await migratePostgres(db);
    },
    async readPage(table, after, limit) {
      const columns = table.columns.map((c) => quote(c.name)).join(", ");
      const params = after ? [...after, limit] : [limit];
      const where = after
        ? `WHERE (${keyOf(table)}) > (${table.primaryKey.map((_, i) => `$${i + 1}`).join(", ")})`
        : "";
      const result = await (tx ?? pool).query<unknown[]>({
        text: `SELECT ${columns} FROM ${quote(table.name)} ${where} ORDER BY ${keyOf(table)} LIMIT $${params.length}`,
        values: params,
        rowMode: "array",
      });
      return result.rows.map((row) => row.map((value, i) => fromPostgres(value, table.columns[i]!.type)));
    },
    async begin() {
      tx = await pool.connect();
      await tx.query("BEGIN");
    },
    async insert(table, rows) {
      const width = table.columns.length;
      // PostgreSQL takes at most 65,535 parameters per statement
      const perStatement = Math.max(1, Math.min(1_000, Math.floor(60_000 / width)));
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement);
        const values: unknown[] = [];
        const tuples = chunk.map((row) => {
          const placeholders = row.map((value, i) => {
            values.push(toPostgres(value, table.columns[i]!.type));
            return `$${values.length}`;
          });
          return `(${placeholders.join(", ")})`;
        });
        await query(
          `INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(", ")}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(", ")}`,
          values,
        );
      }
    },
    async resetIdentities(tables) {
      for (const table of tables.filter((t) => t.primaryKey.join() === "id")) {
        const identity = await query<{ seq: string | null }>(`SELECT pg_get_serial_sequence($1, 'id') AS seq`, [
          table.name,
        ]);
        const seq = identity.rows[0]?.seq;
        if (!seq) continue;
        await query(`SELECT setval($1, coalesce((SELECT max(id) FROM ${quote(table.name)}), 0) + 1, false)`, [seq]);
      }
    },
    async settle() {
      return 0; // copied counter deltas are folded by the senders, as the ones written here are
    },
    async commit() {
      await tx!.query("COMMIT");
      tx!.release();
      tx = null;
    },
    async rollback() {
      if (!tx) return;
      await tx.query("ROLLBACK");
      tx.release();
      tx = null;
    },
    async close() {
      await pool.end();
    },
  };
}
