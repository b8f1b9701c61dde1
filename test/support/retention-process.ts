// One sender process's retention timer, as its own Node process: the test starts two against one database
// file and checks that one trims and the other finds this period's run already claimed.
import { openDatabase } from "@/lib/db/client";
import { startRetentionSchedule } from "@/lib/retention/schedule";

const db = openDatabase(process.env.DATABASE_PATH!);
// the schedule's timer is unref'd (it must not keep a sender alive): this process waits for it on purpose,
// or Node may exit before a 0 ms timer fires and print nothing
setInterval(() => {}, 60_000);
const now = new Date(Number(process.env.RETENTION_NOW));
const done = (line: object) => {
  console.log(JSON.stringify(line));
  void schedule.stop().then(() => process.exit(0));
};
const schedule = startRetentionSchedule(db, {
  retentionDays: 90,
  firstDelayMs: 0,
  now: () => now,
  processId: process.env.PROCESS_NAME!,
  log: () => {},
  onReport: (report) => done({ ran: true, deliveries: report.deliveries }),
  onSkip: () => done({ ran: false }),
});
