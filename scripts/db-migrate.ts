// npm run db:migrate — applies pending migrations to the configured database: DATABASE_URL (PostgreSQL)
// or the SQLite file at DATABASE_PATH. The app and the workers also do this at start, and on PostgreSQL
// under an advisory lock, so running it beside them is safe.
import { env } from "../lib/env.mjs";
import { DatabaseUnavailableError, openConfiguredDatabase } from "../lib/db/open";

async function main() {
  const opened = await openConfiguredDatabase(env);
  await opened.close();
  console.log(`Migrations applied to ${opened.where}`);
}

main().catch((error: unknown) => {
  console.error(`db:migrate: ${error instanceof DatabaseUnavailableError ? error.message : (error as Error).stack}`);
  process.exit(1);
});
