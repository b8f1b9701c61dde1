// The command-line scripts open whichever database is configured: on an empty PostgreSQL database
// `npm run db:migrate` creates the tables and `npm run user:create` adds the first owner there.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/app-db";
import { openPostgres, postgresAppDb } from "@/lib/db/pg-client";
import { createEmptyPgDatabase } from "@/test/support/pg";

function run(script: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", script), ...args], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "test", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}`.trim() };
}

describe("scripts on PostgreSQL", () => {
  it("db:migrate creates the tables, user:create adds an owner, and a second migrate has nothing to do", async () => {
    const empty = await createEmptyPgDatabase();
    const env = { DATABASE_URL: empty.url, DATABASE_PATH: "/nonexistent/never-used.db" };
    try {
      const migrated = run("db-migrate.ts", [], env);
      expect(migrated).toEqual({
        code: 0,
        out: expect.stringMatching(/^Migrations applied to postgres:\/\/.+\/test_\w+$/),
      });
      const created = run(
        "user-create.ts",
        ["--email", "Owner@Example.com", "--role", "owner", "--password", "correct horse battery"],
        env,
      );
      expect(created.code).toBe(0);
      expect(created.out).toMatch(/^Created owner owner@example\.com \(id \d+\) in postgres:\/\//);
      const duplicate = run("user-create.ts", ["--email", "owner@example.com", "--role", "editor"], env);
      expect(duplicate.code).toBe(1);
      expect(duplicate.out).toMatch(/already/i);
      expect(run("db-migrate.ts", [], env).code).toBe(0);

      const pool = openPostgres(empty.url, { max: 1 });
      try {
        const users = await queryRows<{ email: string; role: string }>(
          postgresAppDb(pool),
          sql`SELECT email, role FROM users`,
        );
        expect(users).toEqual([{ email: "owner@example.com", role: "owner" }]);
      } finally {
        await pool.$client.end();
      }
    } finally {
      await empty.drop();
    }
  }, 90_000);
});
