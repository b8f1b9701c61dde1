// Group commit for the visitor API's writes. Each commit appends every page it touched to the WAL, and
// a subscription touches a dozen indexes: committing each request alone made COMMIT the most expensive
// step of an opt-in, and each commit takes SQLite's write lock anew (a worker process sending a
// campaign wants the same lock). Writes that arrive in the same event-loop turn run together in one
// IMMEDIATE transaction instead, each in its own savepoint, so one that throws undoes only its own work.
import type { Db } from "@/lib/db/client";

type Job = { run: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** A transaction stays short even when many writes arrive at once: past this, the rest go in the next one. */
const MAX_BATCH = 200;

const queues = new WeakMap<Db, Job[]>();

function flush(db: Db): void {
  const queue = queues.get(db);
  if (!queue || queue.length === 0) return;
  const batch = queue.splice(0, MAX_BATCH);
  if (queue.length > 0) setImmediate(flush, db);
  else queues.delete(db);

  const client = db.$client;
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    client
      .transaction(() => {
        for (const job of batch) {
          try {
            // a nested better-sqlite3 transaction is a savepoint: rolled back alone when the job throws
            outcomes.push({ ok: true, value: client.transaction(job.run)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })
      .immediate();
  } catch (error) {
    // BEGIN or COMMIT failed (the lock stayed taken past the busy timeout): nothing of the batch is stored
    for (const job of batch) job.reject(error);
    return;
  }
  batch.forEach((job, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
  });
}

/**
 * Runs a synchronous write in the next group commit and resolves with its result once it is committed
 * (or rejects with what it threw). `run` must use this `db` and not await: it runs inside the batch's
 * transaction, after the current turn of the event loop.
 */
export function groupCommit<T>(db: Db, run: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = [];
      queues.set(db, queue);
      setImmediate(flush, db);
    }
    queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
  });
}
