// Every row of every table, on either engine, as one string: a test that must prove "nothing was
// written" compares two of these. `except` leaves out tables a refusal is meant to write (the audit log).
import { sql } from "drizzle-orm";
import { perEngine, queryRows, type Db } from "@/lib/db/app-db";

export async function snapshotTables(db: Db, except: readonly string[] = []): Promise<string> {
  const tables = await queryRows<{ name: string }>(
    db,
    perEngine(db, {
      sqlite: sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name`,
      postgres: sql`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`,
    }),
  );
  const rows = [];
  for (const { name } of tables) {
    if (!except.includes(name)) rows.push([name, await queryRows(db, sql.raw(`select * from "${name}" order by 1`))]);
  }
  return JSON.stringify(rows);
}
