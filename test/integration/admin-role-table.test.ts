// Drives every admin server action and admin route handler with the role table (admin-role-table.ts):
// each is called as owner, editor, viewer and without a session. Below its minimum role it must answer
// with the guard's refusal and write nothing; at or above, the guard must let it through (it may then
// fail validation on the empty input, or need a request scope this test does not give it). Actions and
// routes are found by walking app/, so a new one fails here until it has a row in the table. Only the
// session reader is replaced; the guard and the database (real migrations) are the real ones.
import { vi } from "vitest";
import { rmSync } from "node:fs";

const session = await vi.hoisted(async () => {
  // lib/env.mjs reads the environment once, at import: point it at a throwaway database first.
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "pushboard-roles-"));
  process.env.DATABASE_PATH = join(dir, "roles.db");
  return { dir, userId: null as number | null };
});
vi.mock("@/lib/auth/session", async () => {
  const { claimsFor } = await import("@/test/support/session");
  return { getSessionClaims: async () => claimsFor(session.userId) };
});

import { defineRoleTableSuite } from "./admin-role-table-suite";

// on SQLite; admin-role-table-postgres.test.ts runs the same suite on PostgreSQL
await defineRoleTableSuite(session, async () => rmSync(session.dir, { recursive: true, force: true }));
