import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/lib/db/client";
import { groupCommit } from "@/lib/db/group-commit";

let dir: string;
let db: Db;
let other: Database.Database; // a second connection: it sees only what is committed

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pushboard-group-commit-"));
  const file = path.join(dir, "test.db");
  db = openDatabase(file);
  db.$client.exec("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)");
  other = new Database(file);
});

afterEach(() => {
  other.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (x: number) => () => db.$client.prepare("INSERT INTO t (x) VALUES (?)").run(x).lastInsertRowid;
const committed = () => other.prepare("SELECT x FROM t ORDER BY x").pluck().all();

describe("groupCommit", () => {
  it("commits the writes of one event-loop turn together, and resolves each with its own result", async () => {
    const seenByOthers: number[] = [];
    const writes = [1, 2, 3, 4].map((x) =>
      groupCommit(db, () => {
        seenByOthers.push(committed().length); // inside the shared transaction: nothing is committed yet
        return insert(x)();
      }),
    );
    expect(committed()).toEqual([]); // queued, not yet run
    expect(await Promise.all(writes)).toEqual([1n, 2n, 3n, 4n].map(Number));
    expect(seenByOthers).toEqual([0, 0, 0, 0]);
    expect(committed()).toEqual([1, 2, 3, 4]);
  });

  it("undoes only the write that throws, and rejects only its promise with its own error", async () => {
    const results = await Promise.allSettled([
      groupCommit(db, insert(1)),
      groupCommit(db, () => {
        insert(2)();
        throw new Error("refused after writing");
      }),
      groupCommit(db, insert(1)), // UNIQUE violation
      groupCommit(db, insert(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe("refused after writing");
    expect((results[2] as PromiseRejectedResult).reason.code).toBe("SQLITE_CONSTRAINT_UNIQUE");
    expect(committed()).toEqual([1, 3]);
  });

  it("splits a flood into bounded transactions and stores every write", async () => {
    const values = Array.from({ length: 450 }, (_, i) => i + 1);
    await Promise.all(values.map((x) => groupCommit(db, insert(x))));
    expect(committed()).toEqual(values);
    // a later turn starts a fresh batch
    await groupCommit(db, insert(1000));
    expect(committed()).toHaveLength(451);
  });

  it("waits for a lock another connection holds without blocking the event loop, then commits", async () => {
    await groupCommit(db, insert(50)); // a connection that has committed before, as a server's has
    other.exec("BEGIN IMMEDIATE");
    other.exec("INSERT INTO t (x) VALUES (100)");
    const timeline: string[] = [];
    const first = groupCommit(db, insert(1)).then(() => timeline.push("first committed"));
    setTimeout(() => timeline.push("timer ran"), 5);
    setTimeout(() => {
      timeline.push("joined");
      void groupCommit(db, insert(2));
    }, 15);
    setTimeout(() => {
      other.exec("COMMIT");
      timeline.push("lock released");
    }, 40);
    await first;
    expect(timeline).toEqual(["timer ran", "joined", "lock released", "first committed"]);
    expect(committed()).toEqual([1, 2, 50, 100]); // the write that arrived while waiting went in the same batch
  });

  it("rejects the whole batch and stores none of it when the write lock stays taken past the busy timeout", async () => {
    db.$client.pragma("busy_timeout = 50");
    other.exec("BEGIN IMMEDIATE");
    const results = await Promise.allSettled([groupCommit(db, insert(1)), groupCommit(db, insert(2))]);
    other.exec("ROLLBACK");
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason.code).toBe("SQLITE_BUSY");
    expect(committed()).toEqual([]);
    await groupCommit(db, insert(3)); // and the next batch works
    expect(committed()).toEqual([3]);
  });
});
