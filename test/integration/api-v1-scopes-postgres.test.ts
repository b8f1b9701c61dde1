// The /api/v1 scope table (api-v1-scope-suite.ts) on a fresh PostgreSQL database in the run's cluster.
import { vi } from "vitest";
import { defineApiScopeSuite } from "./api-v1-scope-suite";

const drop = await vi.hoisted(async () => {
  // lib/env.mjs reads the environment once, at import: point it at a fresh PostgreSQL database first
  const { useFreshPostgresEnv } = await import("@/test/support/fresh-postgres-env");
  return useFreshPostgresEnv("api_scopes");
});

await defineApiScopeSuite(drop);
