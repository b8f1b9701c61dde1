// Applies drizzle-kit's PostgreSQL migrations (drizzle/pg) with the guarantees lib/db/migrate.ts gives
// SQLite: one transaction for everything pending (PostgreSQL's DDL is transactional, so a failing
// migration leaves the database as it was), an error that names the migration and the statement, and a
// transaction-scoped advisory lock so web servers and workers starting together on several machines apply
// a pending migration once. The journal is drizzle's own ("drizzle"."__drizzle_migrations", same columns),
// so `drizzle-kit migrate` and this agree about what was applied.
import type { Pool, PoolClient } from "pg";
import { MigrationError, readMigrations } from "./migrate";

// any fixed 64-bit number: every Pushboard process takes the same one while it migrates
const MIGRATION_LOCK = 7_303_311_624_215_202n;

export async function applyPostgresMigrations(pool: Pool, folder: string): Promise<string[]> {
  const migrations = readMigrations(folder);
  const client: PoolClient = await pool.connect();
  try {
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK.toString()]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "drizzle"`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
      );
      const last = await client.query<{ created_at: string }>(
        `SELECT created_at FROM "drizzle"."__drizzle_migrations" ORDER BY created_at DESC LIMIT 1`,
      );
      const lastWhen = last.rows[0] ? Number(last.rows[0].created_at) : undefined;
      const pending = migrations.filter((m) => lastWhen === undefined || lastWhen < m.when);
      for (const migration of pending) {
        for (const [i, statement] of migration.statements.entries()) {
          try {
            await client.query(statement);
          } catch (error) {
            throw new MigrationError(
              `Migration ${migration.tag} failed at statement ${i + 1} of ${migration.statements.length}: ${(error as Error).message}. ` +
                `No pending migration was applied; the database is as it was.\n${statement.trim().slice(0, 500)}`,
              { cause: error },
            );
          }
        }
        await client.query(`INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES ($1, $2)`, [
          migration.hash,
          migration.when,
        ]);
      }
      await client.query("COMMIT");
      return pending.map((m) => m.tag);
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  } finally {
    client.release();
  }
}
