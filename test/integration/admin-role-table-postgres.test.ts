// The role table (admin-role-table.test.ts) on PostgreSQL: the same actions and routes, the same
// refusals, and nothing written below the minimum role — on a fresh database in the run's cluster.
import { vi } from "vitest";
import { defineRoleTableSuite } from "./admin-role-table-suite";

const session = await vi.hoisted(async () => {
  // lib/env.mjs reads the environment once, at import: point it at a fresh PostgreSQL database first
  const { inject } = await import("vitest");
  const { randomBytes } = await import("node:crypto");
  const pg = (await import("pg")).default;
  const { TEMPLATE_DATABASE } = await import("@/test/support/postgres-global-setup");
  const server = inject("postgresUrl");
  const name = `roles_${randomBytes(6).toString("hex")}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`);
  process.env.DATABASE_URL = server.replace(/\/[^/]*$/, `/${name}`);
  const drop = async () => {
    // the next test file in this worker process must not inherit the URL of a database that is gone
    delete process.env.DATABASE_URL;
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  return { userId: null as number | null, drop };
});
vi.mock("@/lib/auth/session", async () => {
  const { claimsFor } = await import("@/test/support/session");
  return { getSessionClaims: async () => claimsFor(session.userId) };
});

await defineRoleTableSuite(session, session.drop);
