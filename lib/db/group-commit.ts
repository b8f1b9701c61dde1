// Group commit for the visitor API's writes. Each commit appends every page it touched to the WAL, and
// a subscription touches a dozen indexes: committing each request alone made COMMIT the most expensive
// step of an opt-in, and each commit takes SQLite's write lock anew. Writes that arrive in the same
// event-loop turn run together in one transaction instead, each in its own savepoint, so one that
// throws undoes only its own work.
//
// The write lock is taken without waiting: while another process (a sender worker, another web
// process) holds it, SQLite's busy timeout would sleep the whole event loop in 1–100 ms steps, and no
// request of this process could even be parsed meanwhile. A busy lock instead puts the batch back on
// a timer; writes that arrive meanwhile join it.
import type { Db } from "@/lib/db/client";
import { databaseLocked, immediate, prepared, tryBeginImmediate } from "@/lib/db/prepared";
import { gateOf } from "@/lib/db/sqlite-gate";

type Job = { run: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Queue = { jobs: Job[]; scheduled: boolean; busySince: number | null };

/** A transaction stays short even when many writes arrive at once: past this, the rest go in the next one. */
const MAX_BATCH = 200;
const RETRY_MS = 1;

const queues = new WeakMap<Db, Queue>();

function schedule(db: Db, queue: Queue, delayMs: number): void {
  if (queue.scheduled) return;
  queue.scheduled = true;
  if (delayMs === 0) setImmediate(flush, db);
  else setTimeout(flush, delayMs, db);
}

function flush(db: Db): void {
  const queue = queues.get(db);
  if (!queue) return;
  queue.scheduled = false;
  if (queue.jobs.length === 0) return;
  const gate = gateOf(db.$client);
  if (!gate.open) {
    // an async transaction holds the connection (./sqlite-gate.ts): the batch goes in right after it
    queue.scheduled = true;
    Promise.resolve(gate.whenFree(() => flush(db))).catch((error: unknown) => {
      queue.scheduled = false;
      for (const job of queue.jobs.splice(0)) job.reject(error);
    });
    return;
  }
  let attempt: ReturnType<typeof tryBeginImmediate>;
  try {
    attempt = tryBeginImmediate(db);
  } catch (error) {
    for (const job of queue.jobs.splice(0)) job.reject(error);
    return;
  }
  if (!attempt.began) {
    const since = (queue.busySince ??= Date.now());
    if (Date.now() - since < attempt.busyTimeoutMs) return schedule(db, queue, RETRY_MS);
    queue.busySince = null;
    const error = databaseLocked();
    for (const job of queue.jobs.splice(0)) job.reject(error);
    return;
  }
  queue.busySince = null;

  const batch = queue.jobs.splice(0, MAX_BATCH);
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    for (const job of batch) {
      try {
        // inside the batch's transaction, immediate() is a savepoint: rolled back alone when the job throws
        outcomes.push({ ok: true, value: immediate(db, job.run) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    prepared(db, "COMMIT").run();
  } catch (error) {
    if (db.$client.inTransaction) prepared(db, "ROLLBACK").run();
    for (const job of batch) job.reject(error); // nothing of the batch is stored
    if (queue.jobs.length > 0) schedule(db, queue, 0);
    return;
  }
  if (queue.jobs.length > 0) schedule(db, queue, 0);
  batch.forEach((job, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
  });
}

/**
 * Runs a synchronous write in the next group commit and resolves with its result once it is committed
 * (or rejects with what it threw). `run` must use this `db` and not await: it runs inside the batch's
 * transaction, in a later turn of the event loop.
 */
export function groupCommit<T>(db: Db, run: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = { jobs: [], scheduled: false, busySince: null };
      queues.set(db, queue);
    }
    queue.jobs.push({ run, resolve: resolve as (value: unknown) => void, reject });
    schedule(db, queue, 0);
  });
}
