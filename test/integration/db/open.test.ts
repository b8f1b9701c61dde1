// Opening the configured database: DATABASE_URL wins over DATABASE_PATH, migrations run on open, and a
// database that cannot be reached is one line naming it (never the password), from the library and from
// a real `npm run worker` start.
import { describe, expect, it } from "vitest";
import { createServer } from "node:net";
import { spawnWorker } from "@/test/support/engine-strict";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/app-db";
import { DatabaseUnavailableError, describePostgresUrl, openConfiguredDatabase } from "@/lib/db/open";
import { openProcessDatabase } from "@/test/support/process-databases";

/** A port nothing listens on: bound, noted and closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("opening the configured database", () => {
  it("describes a PostgreSQL URL without its password", () => {
    expect(describePostgresUrl("postgres://push:s3cret@db.internal:6432/pushboard")).toBe(
      "postgres://push@db.internal:6432/pushboard",
    );
    expect(describePostgresUrl("postgresql://db.internal/pushboard")).toBe("postgres://db.internal:5432/pushboard");
  });

  it("opens PostgreSQL when DATABASE_URL is set, migrated, and ignores DATABASE_PATH", async () => {
    const shared = await openProcessDatabase("postgres");
    try {
      const opened = await openConfiguredDatabase({
        DATABASE_URL: shared.env.DATABASE_URL,
        DATABASE_PATH: "/nonexistent/x.db",
      });
      expect(opened.engine).toBe("postgres");
      expect(opened.sqlite).toBeNull();
      const [row] = await queryRows<{ n: number }>(opened.db, sql`SELECT count(*)::int AS n FROM campaigns`);
      expect(row).toEqual({ n: 0 });
      await opened.close();
    } finally {
      await shared.close();
    }
  });

  it("says in one line which server it could not reach, and why", async () => {
    const port = await closedPort();
    const attempt = openConfiguredDatabase({
      DATABASE_URL: `postgres://push:s3cret@127.0.0.1:${port}/pushboard`,
      DATABASE_PATH: "unused",
    });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toMatch(
      new RegExp(`^PostgreSQL at postgres://push@127\\.0\\.0\\.1:${port}/pushboard: cannot reach: .*ECONNREFUSED`),
    );
    expect(message).not.toContain("s3cret");
    expect(message).not.toContain("\n");
  });

  it("a worker started on an unreachable DATABASE_URL exits with that line, not a stack trace", async () => {
    const port = await closedPort();
    const worker = spawnWorker({ DATABASE_URL: `postgres://push:s3cret@127.0.0.1:${port}/pushboard` });
    const code = await new Promise<number | null>((resolve) => worker.once("exit", resolve));
    expect(code).toBe(1);
    const lines = worker.output().trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^\[worker\] PostgreSQL at postgres:\/\/push@127\.0\.0\.1:\d+\/pushboard: cannot reach: /),
    ]);
    expect(worker.output()).not.toContain("s3cret");
  }, 30_000);
});
