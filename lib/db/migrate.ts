// Applies drizzle-kit's migrations (same folder layout, same __drizzle_migrations journal, so
// drizzle-kit and drizzle's own migrator stay compatible) with guarantees drizzle's migrator lacks:
// - the journal is read inside one BEGIN IMMEDIATE transaction, so a web server and a worker starting
//   together apply a pending migration once instead of the second failing on "table already exists";
// - foreign keys are off while migrations run (SQLite ignores PRAGMA foreign_keys inside a transaction,
//   so drizzle-kit's own "PRAGMA foreign_keys=OFF" is a no-op there): rebuilding a parent table (DROP +
//   RENAME) would otherwise cascade-delete its children. PRAGMA foreign_key_check runs before COMMIT;
// - an error names the migration and the statement, and everything pending rolls back together.
import type Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

const JOURNAL_TABLE = "__drizzle_migrations";
const BREAKPOINT = "--> statement-breakpoint";

type JournalEntry = { idx: number; when: number; tag: string };
type Migration = { tag: string; when: number; hash: string; statements: string[] };

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export function readMigrations(folder: string): Migration[] {
  let journal: { entries: JournalEntry[] };
  try {
    journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as {
      entries: JournalEntry[];
    };
  } catch (error) {
    throw new MigrationError(
      `Cannot read the migrations journal ${path.join(folder, "meta", "_journal.json")}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return journal.entries.map((entry) => {
    const file = path.join(folder, `${entry.tag}.sql`);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new MigrationError(`Migration ${entry.tag} is in the journal but ${file} cannot be read`, { cause: error });
    }
    const statements = text.split(BREAKPOINT).filter((statement) => statement.trim() !== "");
    return { tag: entry.tag, when: entry.when, hash: createHash("sha256").update(text).digest("hex"), statements };
  });
}

function describeViolations(rows: { table: string; parent: string }[]): string {
  const pairs = new Map<string, number>();
  for (const row of rows)
    pairs.set(`${row.table} → ${row.parent}`, (pairs.get(`${row.table} → ${row.parent}`) ?? 0) + 1);
  return [...pairs].map(([pair, n]) => `${n} in ${pair}`).join(", ");
}

/** Applies every pending migration in one transaction; on any error nothing of them remains. Returns the tags applied. */
export function applyMigrations(client: Database.Database, folder: string): string[] {
  if (client.inTransaction) throw new MigrationError("Migrations cannot run inside an open transaction");
  const migrations = readMigrations(folder);
  const foreignKeysWereOn = client.pragma("foreign_keys", { simple: true }) === 1;
  client.pragma("foreign_keys = OFF");
  try {
    client.exec("BEGIN IMMEDIATE");
    try {
      client.exec(
        `CREATE TABLE IF NOT EXISTS "${JOURNAL_TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
      );
      const last = client
        .prepare(`SELECT created_at FROM "${JOURNAL_TABLE}" ORDER BY created_at DESC LIMIT 1`)
        .pluck()
        .get();
      const pending = migrations.filter((m) => last === undefined || Number(last) < m.when);
      const record = client.prepare(`INSERT INTO "${JOURNAL_TABLE}" ("hash", "created_at") VALUES (?, ?)`);
      for (const migration of pending) {
        migration.statements.forEach((statement, i) => {
          try {
            client.exec(statement);
          } catch (error) {
            throw new MigrationError(
              `Migration ${migration.tag} failed at statement ${i + 1} of ${migration.statements.length}: ${(error as Error).message}. ` +
                `No pending migration was applied; the database is as it was.\n${statement.trim().slice(0, 500)}`,
              { cause: error },
            );
          }
        });
        record.run(migration.hash, migration.when);
      }
      const violations = client.pragma("foreign_key_check") as { table: string; parent: string }[];
      if (violations.length > 0) {
        throw new MigrationError(
          `Migrations ${pending.map((m) => m.tag).join(", ")} would leave rows whose foreign key points at nothing ` +
            `(${describeViolations(violations)}). No pending migration was applied; the database is as it was.`,
        );
      }
      client.exec("COMMIT");
      return pending.map((m) => m.tag);
    } catch (error) {
      if (client.inTransaction) client.exec("ROLLBACK");
      throw error;
    }
  } finally {
    if (foreignKeysWereOn) client.pragma("foreign_keys = ON");
  }
}
