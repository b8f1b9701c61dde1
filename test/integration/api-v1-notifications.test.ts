// /api/v1 notifications on SQLite (api-v1-notifications-suite.ts); the
// -postgres twin runs the same on PostgreSQL.
import { vi } from "vitest";
import { rmSync } from "node:fs";

const dir = await vi.hoisted(async () => {
  // lib/env.mjs reads the environment once, at import: point it at a throwaway database first
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const made = mkdtempSync(join(tmpdir(), "pushboard-api-notifications-"));
  process.env.DATABASE_PATH = join(made, "api.db");
  return made;
});

import { defineApiNotificationsSuite } from "./api-v1-notifications-suite";

defineApiNotificationsSuite(async () => rmSync(dir, { recursive: true, force: true }));
