// For test files whose code under test opens the configured database itself (lib/env.mjs reads the
// environment once, at import): a fresh PostgreSQL database copied from the run's migrated template,
// named by DATABASE_URL. Call it from vi.hoisted, before anything imports lib/env.mjs.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { TEMPLATE_DATABASE } from "./postgres-global-setup";

/** Points DATABASE_URL at a new database; the answer drops it (and forgets the URL). */
export async function useFreshPostgresEnv(prefix: string): Promise<() => Promise<void>> {
  const server = inject("postgresUrl");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`);
  process.env.DATABASE_URL = server.replace(/\/[^/]*$/, `/${name}`);
  return async () => {
    // the next test file in this worker process must not inherit the URL of a database that is gone
    delete process.env.DATABASE_URL;
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
}
