// A fresh PostgreSQL database per test file, in the run's throwaway cluster, with the real migrations.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { migratePostgres, openPostgres, type PgDb } from "@/lib/db/pg-client";

export type TestPgDb = { db: PgDb; url: string; drop: () => Promise<void> };

/** An empty database (no migrations), for tests of the migrator itself. */
export async function createEmptyPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = inject("postgresUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = serverUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function createTestPgDb(): Promise<TestPgDb> {
  const { url, drop } = await createEmptyPgDatabase();
  const db = openPostgres(url, { max: 4 });
  await migratePostgres(db);
  return {
    db,
    url,
    drop: async () => {
      await db.$client.end();
      await drop();
    },
  };
}
