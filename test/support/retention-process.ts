// One sender process's retention timer, as its own Node process: the test starts two against one database
// (a SQLite file, DATABASE_PATH, or a PostgreSQL database, RETENTION_TEST_POSTGRES_URL) and checks that one trims and the other
// finds this period's run already claimed.
import type { Db } from "@/lib/db/app-db";
import { openDatabase } from "@/lib/db/client";
import { openPostgres, postgresAppDb } from "@/lib/db/pg-client";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { startRetentionSchedule } from "@/lib/retention/schedule";

const postgresUrl = process.env.RETENTION_TEST_POSTGRES_URL;
const pool = postgresUrl ? openPostgres(postgresUrl, { max: 2 }) : null;
const db: Db = pool ? postgresAppDb(pool) : sqliteAppDb(openDatabase(process.env.DATABASE_PATH!));
// the schedule's timer is unref'd (it must not keep a sender alive): this process waits for it on purpose,
// or Node may exit before a 0 ms timer fires and print nothing
setInterval(() => {}, 60_000);
const now = new Date(Number(process.env.RETENTION_NOW));
const done = (line: object) => {
  console.log(JSON.stringify(line));
  void schedule
    .stop()
    .then(() => pool?.$client.end())
    .then(() => process.exit(0));
};
const schedule = startRetentionSchedule(db, {
  retentionDays: 90,
  firstDelayMs: 0,
  now: () => now,
  processId: process.env.PROCESS_NAME!,
  // a failed trim would otherwise leave this process waiting for a report that never comes
  log: (message, error) => {
    if (error === undefined) return;
    console.error(message, error);
    process.exit(1);
  },
  onReport: (report) => done({ ran: true, deliveries: report.deliveries }),
  onSkip: () => done({ ran: false }),
});
