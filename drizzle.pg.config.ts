import { defineConfig } from "drizzle-kit";

// The PostgreSQL half: its own migrations folder, generated from lib/db/pg-schema (which a test keeps in
// step with the SQLite schema). `npx drizzle-kit generate --config drizzle.pg.config.ts`
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/pg-schema/index.ts",
  out: "./drizzle/pg",
  strict: true,
  verbose: true,
  casing: "snake_case",
});
