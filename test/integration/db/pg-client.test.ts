// A server that ends one of the pool's idle connections (a restart, a fail-over, an operator's
// pg_terminate_backend) must not take the web server or sender down with it: the loss is reported and
// the next query runs on a fresh connection.
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { sql } from "drizzle-orm";
import { openPostgres, type PgDb } from "@/lib/db/pg-client";
import { createEmptyPgDatabase } from "@/test/support/pg";

let url: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ url, drop } = await createEmptyPgDatabase());
});

afterAll(async () => {
  await drop();
});

it("reports a lost idle connection and carries on with a fresh one", async () => {
  const lost: Error[] = [];
  const db: PgDb = openPostgres(url, { max: 1, onIdleError: (error) => lost.push(error) });
  try {
    const first = await db.$client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const pid = first.rows[0]!.pid;
    const operator = new pg.Client({ connectionString: url });
    await operator.connect();
    await operator.query("SELECT pg_terminate_backend($1)", [pid]);
    await operator.end();
    await expect.poll(() => lost.length).toBe(1);
    expect(lost[0]!.message).toMatch(/terminating connection/);
    const second = await db.$client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    expect(second.rows[0]!.pid).not.toBe(pid);
  } finally {
    await db.$client.end();
  }
});

it("survives losing a connection in the middle of a transaction: the transaction fails, the process does not", async () => {
  const db: PgDb = openPostgres(url, { max: 1, onIdleError: () => {} });
  try {
    const transaction = db.transaction(async (tx) => {
      const { rows } = await tx.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`);
      // between two statements the client is checked out and idle: end its connection now
      const operator = new pg.Client({ connectionString: url });
      await operator.connect();
      await operator.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      await operator.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await tx.execute(sql`SELECT 1`);
    });
    await expect(transaction).rejects.toThrow();
    const after = await db.$client.query<{ ok: number }>("SELECT 1 AS ok");
    expect(after.rows).toEqual([{ ok: 1 }]);
  } finally {
    await db.$client.end();
  }
});
