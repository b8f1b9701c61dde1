// The claim's and the record's origin state on PostgreSQL, statement for statement beside the SQLite
// bodies in ./origins.ts, inside the caller's transaction. Many workers record at once here: each
// transaction touches origin rows in one order (sorted by origin), so two of them never wait on each
// other's rows crosswise (a deadlock); a healthy answer only updates a row with a run to end, so the
// common batch locks no origin row at all.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import { isHealthyNote, originBlocksOf, type OriginBatchNote, type OriginBlock, type OriginBlockRow } from "./origins";

export async function readOriginBlocksPostgres(tx: Db, now: number): Promise<Map<string, OriginBlock>> {
  const rows = await queryRows<OriginBlockRow>(
    tx,
    sql`SELECT origin, retry_after_until, auth_flagged_at FROM push_origins
        WHERE retry_after_until > ${now} OR auth_flagged_at IS NOT NULL`,
  );
  return originBlocksOf(rows);
}

export async function applyOriginNotesPostgres(
  tx: Db,
  notes: Map<string, OriginBatchNote>,
  now: number,
  authRunLimit: number,
): Promise<void> {
  const origins = [...notes.keys()].sort();
  for (const origin of origins) {
    const note = notes.get(origin)!;
    const code = sql`${note.lastStatusCode}::integer`;
    if (isHealthyNote(note)) {
      await queryRows(
        tx,
        sql`UPDATE push_origins SET consecutive_auth_failures = 0, last_status_code = coalesce(${code}, last_status_code),
              updated_at = ${now}
            WHERE origin = ${origin} AND consecutive_auth_failures > 0`,
      );
      continue;
    }
    const until = sql`${note.throttleUntil}::bigint`;
    const run = sql`${note.authRun}::integer`;
    const limit = sql`${authRunLimit}::integer`;
    const at = sql`${now}::bigint`;
    // the run so far: the stored one, unless an other answer in this batch ended it
    const total = sql`(CASE WHEN ${note.reset}::boolean THEN 0 ELSE p.consecutive_auth_failures END) + ${run}`;
    // after flagging, the run starts from zero so a later campaign needs a full run to flag again
    await queryRows(
      tx,
      sql`INSERT INTO push_origins AS p
            (origin, retry_after_until, consecutive_auth_failures, auth_flagged_at, last_status_code, updated_at)
          VALUES (${origin}, ${until}, CASE WHEN ${run} >= ${limit} THEN 0 ELSE ${run} END,
                  CASE WHEN ${run} >= ${limit} THEN ${at} END, ${code}, ${at})
          ON CONFLICT (origin) DO UPDATE SET
            retry_after_until = CASE WHEN ${until} IS NULL THEN p.retry_after_until
                                ELSE GREATEST(coalesce(p.retry_after_until, 0), ${until}) END,
            auth_flagged_at = CASE WHEN ${total} >= ${limit} THEN ${at} ELSE p.auth_flagged_at END,
            consecutive_auth_failures = CASE WHEN ${total} >= ${limit} THEN 0 ELSE ${total} END,
            last_status_code = coalesce(${code}, p.last_status_code),
            updated_at = ${at}`,
    );
  }
}
