// Prepared statements for the hot paths (claiming and recording deliveries, receipts, saving a
// subscription), prepared once per connection: drizzle's query builder costs more per call than the
// work itself at thousands of rows per second.
import type Database from "better-sqlite3";
import type { Db } from "@/lib/db/client";

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Db, sqlText: string): Database.Statement {
  const client = db.$client;
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  let statement = cache.get(sqlText);
  if (!statement) {
    statement = client.prepare(sqlText);
    cache.set(sqlText, statement);
  }
  return statement;
}

// On the connection object itself: Next's bundle and `npm start` each load their own copy of this
// module, but share the web process's one connection (lib/server-context.ts).
const POLL_FOR_LOCK = Symbol.for("pushboard.pollForWriteLock");
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Makes this connection's immediate() wait for another connection's write lock in 0.25 ms steps instead
 * of SQLite's busy handler, which sleeps 1, 2, 5, 10… up to 100 ms between tries. For the web server:
 * its event loop waits either way (an inline sender's claim, an admin action), and a sleep long past the
 * lock's release stalls every request of the process. A worker keeps SQLite's handler (see immediate()).
 */
export function pollForWriteLock(db: Db): void {
  (db.$client as unknown as Record<symbol, boolean>)[POLL_FOR_LOCK] = true;
}

/**
 * BEGIN IMMEDIATE if the write lock is free right now, without SQLite's busy handler. Also returns the
 * connection's busy timeout: how long a caller that retries may keep trying before it gives up, as
 * SQLite would. Throws anything but SQLITE_BUSY.
 */
export function tryBeginImmediate(db: Db): { began: boolean; busyTimeoutMs: number } {
  // Never a cached statement here: PRAGMA busy_timeout takes effect (and reads) when it is prepared,
  // so a prepared one run again changes nothing and reports the old value.
  const client = db.$client;
  const busyTimeoutMs = client.pragma("busy_timeout", { simple: true }) as number;
  client.pragma("busy_timeout = 0");
  try {
    prepared(db, "BEGIN IMMEDIATE").run();
    return { began: true, busyTimeoutMs };
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return { began: false, busyTimeoutMs };
    throw error;
  } finally {
    client.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/** The error SQLite gives when its busy timeout runs out, for callers that wait for the lock themselves. */
export function databaseLocked(): Error {
  return Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
}

export function beginImmediate(db: Db): void {
  if (!(db.$client as unknown as Record<symbol, boolean>)[POLL_FOR_LOCK])
    return void prepared(db, "BEGIN IMMEDIATE").run();
  const started = Date.now();
  for (;;) {
    const { began, busyTimeoutMs } = tryBeginImmediate(db);
    if (began) return;
    if (Date.now() - started >= busyTimeoutMs) throw databaseLocked();
    Atomics.wait(pause, 0, 0, 0.25);
  }
}

/**
 * BEGIN IMMEDIATE for an async transaction (./sqlite-async.ts). On a polling connection (the web
 * server's) a lock another process holds is waited for between event-loop turns, every millisecond as
 * group commit retries, instead of in beginImmediate's blocking steps: the process keeps answering what
 * needs no write lock (an API key's lookup, reads) while a worker commits. `attempt` runs one try in
 * the caller's connection gate. Other connections (a worker's) take the lock as beginImmediate does.
 */
export async function beginImmediateAsync(
  db: Db,
  attempt: (run: () => { began: boolean; busyTimeoutMs: number }) => { began: boolean; busyTimeoutMs: number },
): Promise<void> {
  if (!(db.$client as unknown as Record<symbol, boolean>)[POLL_FOR_LOCK]) {
    attempt(() => (beginImmediate(db), { began: true, busyTimeoutMs: 0 }));
    return;
  }
  const started = Date.now();
  for (;;) {
    const { began, busyTimeoutMs } = attempt(() => tryBeginImmediate(db));
    if (began) return;
    if (Date.now() - started >= busyTimeoutMs) throw databaseLocked();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Runs fn in one IMMEDIATE transaction (takes the write lock first, so concurrent workers queue);
 * inside a transaction already, in a savepoint: a throw undoes fn's writes only, and is rethrown.
 * What better-sqlite3's db.transaction(fn) does, with statements prepared once per connection instead
 * of a wrapper built per call (a measurable share of a visitor write's CPU in group commit).
 *
 * A lock another connection holds is waited for by SQLite's busy handler, which sleeps 1, 2, 5, 10…
 * up to 100 ms between tries, unless the connection polls (pollForWriteLock: the web server's). That is
 * a worker's way: under a saturating API load it yields the lock to the web server's group commits,
 * which retry every millisecond (./group-commit.ts). Measured, the campaign slowed to ~250–300 msg/s
 * while the API kept p99 < 100 ms; a worker polling every 0.25 ms instead kept it at ~800 msg/s but
 * pushed the API's p99 to 103–119 ms (README "API under load").
 */
export function immediate<T>(db: Db, fn: () => T): T {
  if (db.$client.inTransaction) {
    prepared(db, "SAVEPOINT pushboard_nested").run();
    try {
      const result = fn();
      prepared(db, "RELEASE pushboard_nested").run();
      return result;
    } catch (error) {
      prepared(db, "ROLLBACK TO pushboard_nested").run();
      prepared(db, "RELEASE pushboard_nested").run();
      throw error;
    }
  }
  beginImmediate(db);
  try {
    const result = fn();
    prepared(db, "COMMIT").run();
    return result;
  } catch (error) {
    if (db.$client.inTransaction) prepared(db, "ROLLBACK").run();
    throw error;
  }
}
