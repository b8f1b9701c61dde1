// PostgreSQL migrations give the guarantees the SQLite ones do (test/unit/db/migration-failure.test.ts):
// all pending migrations in one transaction, a failure leaves schema, data and journal as they were, and
// several processes starting at once apply each migration exactly once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MigrationError } from "@/lib/db/migrate";
import { PG_MIGRATIONS_FOLDER, migratePostgres, openPostgres, type PgDb } from "@/lib/db/pg-client";
import { createEmptyPgDatabase } from "@/test/support/pg";

type Journal = { entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] };

let dir: string;
let folder: string;
let url: string;
let drop: () => Promise<void>;
const opened: PgDb[] = [];

function open(): PgDb {
  const db = openPostgres(url, { max: 2 });
  opened.push(db);
  return db;
}

function addMigration(tag: string, statements: string[]): void {
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as Journal;
  const last = journal.entries.at(-1)!;
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: last.when + 1_000, tag, breakpoints: true });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  writeFileSync(path.join(folder, `${tag}.sql`), statements.join("\n--> statement-breakpoint\n"));
}

/** Everything a migration could change: tables and columns, every row of ours, and the journal. */
async function snapshot(db: PgDb) {
  const q = (text: string) => db.$client.query(text).then((r) => r.rows);
  return {
    columns: await q(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, column_name`,
    ),
    indexes: await q(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`),
    topics: await q(`SELECT * FROM topics ORDER BY id`),
    journal: await q(`SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id`),
  };
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pushboard-pg-migrate-"));
  folder = path.join(dir, "pg");
  cpSync(PG_MIGRATIONS_FOLDER, folder, { recursive: true });
  ({ url, drop } = await createEmptyPgDatabase());
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.$client.end()));
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("PostgreSQL migrations", () => {
  it("apply once: a second start finds nothing pending", async () => {
    const db = open();
    const shipped = (JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as Journal).entries;
    expect(await migratePostgres(db, folder)).toEqual(shipped.map((e) => e.tag));
    expect(await migratePostgres(db, folder)).toEqual([]);
  });

  it("leave the database as it was when one statement of a later migration fails", async () => {
    const db = open();
    await migratePostgres(db, folder);
    await db.$client.query(
      `INSERT INTO topics (slug, name, created_at, updated_at) VALUES ('news', 'News', now(), now())`,
    );
    const before = await snapshot(db);
    addMigration("0100_good_then_bad", [
      `ALTER TABLE topics ADD COLUMN colour text DEFAULT 'blue' NOT NULL`,
      `CREATE INDEX topics_colour_idx ON topics (colour)`,
      `UPDATE topics SET name = 'changed'`,
      `ALTER TABLE no_such_table ADD COLUMN x integer`,
    ]);
    const failure = await migratePostgres(db, folder).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(/0100_good_then_bad failed at statement 4 of 4: .*no_such_table/);
    expect((failure as Error).message).toContain("the database is as it was");
    expect(await snapshot(db)).toEqual(before);
  });

  it("apply a new migration to existing data in place", async () => {
    const db = open();
    await migratePostgres(db, folder);
    await db.$client.query(
      `INSERT INTO topics (slug, name, created_at, updated_at) VALUES ('news', 'News', now(), now())`,
    );
    addMigration("0100_add_colour", [`ALTER TABLE topics ADD COLUMN colour text DEFAULT 'blue' NOT NULL`]);
    expect(await migratePostgres(db, folder)).toEqual(["0100_add_colour"]);
    const rows = await db.$client.query(`SELECT slug, colour FROM topics`);
    expect(rows.rows).toEqual([{ slug: "news", colour: "blue" }]);
  });

  it("run once when four servers start together (four pools, four connections)", async () => {
    const results = await Promise.all([open(), open(), open(), open()].map((db) => migratePostgres(db, folder)));
    const applied = results.filter((tags) => tags.length > 0);
    expect(applied).toHaveLength(1);
    const journal = await opened[0]!.$client.query(`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
    expect(journal.rows[0].n).toBe(applied[0]!.length);
  });
});
