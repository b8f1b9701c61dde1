// The /api/v1 scope table on SQLite (api-v1-scope-suite.ts); api-v1-scopes-postgres.test.ts runs it on PostgreSQL.
import { vi } from "vitest";
import { rmSync } from "node:fs";

const dir = await vi.hoisted(async () => {
  // lib/env.mjs reads the environment once, at import: point it at a throwaway database first
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const made = mkdtempSync(join(tmpdir(), "pushboard-api-scopes-"));
  process.env.DATABASE_PATH = join(made, "api.db");
  return made;
});

import { defineApiScopeSuite } from "./api-v1-scope-suite";

await defineApiScopeSuite(async () => rmSync(dir, { recursive: true, force: true }));
