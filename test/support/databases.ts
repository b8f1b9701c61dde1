// Database tests run on both engines: a fresh in-memory SQLite database and a fresh PostgreSQL database
// (a copy of the run's migrated template, test/support/postgres-global-setup.ts) for every test. Real
// migrations on both, never a mock:
//
//   describe.each(ENGINES)("topics on %s", (engine) => {
//     const test = useTestDb(engine);
//     it("…", async () => { await createTopic(test.db, …) });
//   });
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, inject } from "vitest";
import type { Db, Engine } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { openPostgres, postgresAppDb, type PgDb } from "@/lib/db/pg-client";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { createTestDb } from "./db";
import { TEMPLATE_DATABASE } from "./postgres-global-setup";

export const ENGINES: readonly Engine[] = ["sqlite", "postgres"];

export type TestDatabase = {
  db: Db;
  /** SQLite only: the sync database under `db`, for hot paths not yet async. */
  sqlite: SqliteDb | null;
  /** PostgreSQL only: the database's URL, for a second pool or another process on the same database. */
  url: string | null;
  close: () => Promise<void>;
};

/** Runs one statement on the cluster's maintenance database (CREATE / DROP DATABASE). */
export async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: inject("postgresUrl") });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === "sqlite") {
    const sqlite = createTestDb();
    return { db: sqliteAppDb(sqlite), sqlite, url: null, close: async () => void sqlite.$client.close() };
  }
  const name = `test_${randomBytes(6).toString("hex")}`;
  // FILE_COPY: copying the template's files is far faster for a small database than WAL_LOG, PG 15's default
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`);
  const url = inject("postgresUrl").replace(/\/[^/]*$/, `/${name}`);
  const pool = openPostgres(url, { max: 4 });
  return {
    db: postgresAppDb(pool),
    sqlite: null,
    url,
    close: async () => {
      await pool.$client.end();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A fresh database of this engine for every test of the enclosing describe. */
export function useTestDb(engine: Engine): {
  readonly db: Db;
  readonly sqlite: SqliteDb | null;
  readonly url: string | null;
} {
  let current: TestDatabase | null = null;
  beforeEach(async () => {
    current = await openTestDatabase(engine);
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  return {
    get db() {
      if (!current) throw new Error("useTestDb: the database exists only inside a test");
      return current.db;
    },
    get sqlite() {
      return current?.sqlite ?? null;
    },
    get url() {
      return current?.url ?? null;
    },
  };
}

/**
 * More pools on the enclosing describe's PostgreSQL test database, as other worker processes or web
 * servers would hold: `pool()` opens one, and every pool opened in a test is closed after it.
 */
export function useExtraPools(test: { readonly url: string | null }): () => Db {
  const opened: PgDb[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((pool) => pool.$client.end()));
  });
  return () => {
    if (!test.url) throw new Error("useExtraPools: only on PostgreSQL");
    const pg = openPostgres(test.url, { max: 4 });
    opened.push(pg);
    return postgresAppDb(pg);
  };
}
