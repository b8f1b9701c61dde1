// npm run db:migrate — applies pending migrations to DATABASE_PATH (the app also does this at start).
import { env } from "../lib/env.mjs";
import { openDatabase, migrateDatabase } from "../lib/db/client";

const db = openDatabase(env.DATABASE_PATH);
migrateDatabase(db);
db.$client.close();
console.log(`Migrations applied to ${env.DATABASE_PATH}`);
