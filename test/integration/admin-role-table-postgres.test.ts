// The role table (admin-role-table.test.ts) on PostgreSQL: the same actions and routes, the same
// refusals, and nothing written below the minimum role — on a fresh database in the run's cluster.
import { vi } from "vitest";
import { defineRoleTableSuite } from "./admin-role-table-suite";

const session = await vi.hoisted(async () => {
  // lib/env.mjs reads the environment once, at import: point it at a fresh PostgreSQL database first
  const { useFreshPostgresEnv } = await import("@/test/support/fresh-postgres-env");
  return { userId: null as number | null, drop: await useFreshPostgresEnv("roles") };
});
vi.mock("@/lib/auth/session", async () => {
  const { claimsFor } = await import("@/test/support/session");
  return { getSessionClaims: async () => claimsFor(session.userId) };
});

await defineRoleTableSuite(session, session.drop);
