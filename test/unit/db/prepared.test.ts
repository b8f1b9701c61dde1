import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/app-db";
import { immediate, pollForWriteLock, prepared } from "@/lib/db/prepared";
import { sqliteAppDb } from "@/lib/db/sqlite-async";

function scratch() {
  const db = openDatabase(":memory:");
  db.$client.exec("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)");
  const insert = (x: number) => prepared(db, "INSERT INTO t (x) VALUES (?)").run(x);
  const rows = () => prepared(db, "SELECT x FROM t ORDER BY x").pluck().all();
  return { db, insert, rows };
}

describe("immediate", () => {
  it("commits what fn wrote and returns its result; a throw undoes everything and is rethrown", () => {
    const { db, insert, rows } = scratch();
    expect(immediate(db, () => (insert(1), "done"))).toBe("done");
    expect(() =>
      immediate(db, () => {
        insert(2);
        throw new Error("no");
      }),
    ).toThrow("no");
    expect(rows()).toEqual([1]);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("nested, is a savepoint: the inner throw undoes only the inner writes, the outer goes on", () => {
    const { db, insert, rows } = scratch();
    immediate(db, () => {
      insert(1);
      expect(() =>
        immediate(db, () => {
          insert(2);
          insert(1); // UNIQUE violation
        }),
      ).toThrow(/UNIQUE/);
      immediate(db, () => immediate(db, () => insert(3)));
      insert(4);
    });
    expect(rows()).toEqual([1, 3, 4]);
  });
});

describe("immediate when another connection holds the write lock", () => {
  // The holder must be another thread: immediate() waits synchronously.
  async function holdLock(file: string, ms: number) {
    const { Worker } = await import("node:worker_threads");
    const script = `
      const Database = require("better-sqlite3");
      const { parentPort, workerData } = require("node:worker_threads");
      const db = new Database(workerData.file);
      db.exec("BEGIN IMMEDIATE");
      parentPort.postMessage("held");
      setTimeout(() => { db.exec("COMMIT"); db.close(); parentPort.postMessage(Date.now()); }, workerData.ms);`;
    const worker = new Worker(script, { eval: true, workerData: { file, ms } });
    await new Promise((resolve) => worker.once("message", resolve));
    return worker;
  }

  async function fileDb() {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "pushboard-immediate-")), "t.db");
    const db = openDatabase(file);
    db.$client.exec("CREATE TABLE t (x INTEGER)");
    return { db, file };
  }

  it("polling (the web server's connections), takes the lock soon after its release and keeps the busy timeout", async () => {
    const { db, file } = await fileDb();
    pollForWriteLock(db);
    immediate(db, () => prepared(db, "INSERT INTO t (x) VALUES (0)").run()); // statements already prepared: the case a server lives in
    const holder = await holdLock(file, 240);
    const releasedAt = new Promise<number>((resolve) => holder.once("message", resolve));
    immediate(db, () => prepared(db, "INSERT INTO t (x) VALUES (1)").run());
    const lag = Date.now() - (await releasedAt);
    await holder.terminate();
    // SQLite's busy handler, asleep in 50 and 100 ms steps by then, takes the lock ~88 ms after its release
    expect(lag).toBeLessThan(60);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(10_000);
    db.$client.close();
  });

  it.each([false, true])(
    "gives up with SQLITE_BUSY once the busy timeout has passed (polling: %s)",
    async (polling) => {
      const { db, file } = await fileDb();
      if (polling) pollForWriteLock(db);
      db.$client.pragma("busy_timeout = 30");
      const holder = await holdLock(file, 300);
      expect(() => immediate(db, () => prepared(db, "INSERT INTO t (x) VALUES (1)").run())).toThrow(
        expect.objectContaining({ code: "SQLITE_BUSY" }),
      );
      expect(db.$client.inTransaction).toBe(false);
      expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(30);
      await holder.terminate();
      db.$client.close();
    },
  );

  it("an async transaction on a polling connection waits between event-loop turns, then commits", async () => {
    const { db, file } = await fileDb();
    pollForWriteLock(db);
    const appDb = sqliteAppDb(db);
    const holder = await holdLock(file, 200);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = Date.now();
    await appDb.transaction(async (tx) => void (await queryRows(tx, sql`INSERT INTO t (x) VALUES (7) RETURNING x`)));
    clearInterval(ticker);
    await holder.terminate();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // the process kept running its timers while it waited: a blocking wait would leave the ticker at 0
    expect(ticks).toBeGreaterThan(5);
    expect(prepared(db, "SELECT x FROM t").pluck().all()).toEqual([7]);
    db.$client.close();
  });
});
