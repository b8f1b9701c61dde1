// Check-then-write rules (the first owner, the last owner, a single-use link, the sign-in throttle)
// need their transactions to run one at a time. SQLite already does: every transaction starts with
// BEGIN IMMEDIATE and holds the database's one write lock. PostgreSQL runs transactions side by side
// under READ COMMITTED, so two could both pass the check; a transaction-scoped advisory lock queues them
// instead, and each statement after it sees what the one before committed.
import { sql } from "drizzle-orm";
import { perEngine, queryRows, type Db } from "./app-db";

/** One lock per rule family; the numbers only need to differ from every other advisory lock of ours. */
const LOCKS = { accounts: 7_301, throttle: 7_302 } as const;

export type WriteLock = keyof typeof LOCKS;

/** Inside a transaction: waits until no other transaction holds `lock`, then holds it until COMMIT. */
export async function holdWriteLock(tx: Db, lock: WriteLock): Promise<void> {
  await perEngine(tx, {
    sqlite: async () => {}, // BEGIN IMMEDIATE took the write lock already
    postgres: async () => void (await queryRows(tx, sql`SELECT pg_advisory_xact_lock(${LOCKS[lock]}) AS locked`)),
  })();
}
