// A database that separate processes can open too (worker processes, a second web server): a SQLite
// file in a temporary folder, or a fresh PostgreSQL database in the run's throwaway cluster (a copy of
// the migrated template). `env` is what a child process needs to find it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import type { Db, Engine } from "@/lib/db/app-db";
import { openConfiguredDatabase, openSqlite } from "@/lib/db/open";
import { TEMPLATE_DATABASE } from "./postgres-global-setup";
import { adminQuery } from "./databases";

export type ProcessDatabase = {
  db: Db;
  engine: Engine;
  env: Record<string, string>;
  close(): Promise<void>;
};

export async function openProcessDatabase(engine: Engine): Promise<ProcessDatabase> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "pushboard-shared-"));
    const file = path.join(dir, "pushboard.db");
    const opened = openSqlite(file);
    return {
      db: opened.db,
      engine,
      env: { DATABASE_PATH: file },
      close: async () => {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `shared_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`);
  const url = inject("postgresUrl").replace(/\/[^/]*$/, `/${name}`);
  const opened = await openConfiguredDatabase({ DATABASE_URL: url, DATABASE_PATH: "unused" }, { pool: 4 });
  return {
    db: opened.db,
    engine,
    env: { DATABASE_URL: url },
    close: async () => {
      await opened.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
