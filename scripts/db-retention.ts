// npm run db:retention [-- --days N] — trims finished campaigns' per-delivery history once (the sender
// also does this every hour). Campaign totals are kept; see lib/retention/trim.ts for what goes.
import "./allow-server-only";
import { parseArgs } from "node:util";
import { env } from "../lib/env.mjs";
import { initServerContext } from "../lib/server-context";
import { trimHistory } from "../lib/retention/trim";

function fail(message: string): never {
  console.error(`db:retention: ${message}`);
  console.error(
    "Usage: npm run db:retention [-- --days N] [--batch N]   (default: RETENTION_DAYS, now " + env.RETENTION_DAYS + ")",
  );
  process.exit(1);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({ options: { days: { type: "string" }, batch: { type: "string" } }, strict: true }));
  } catch (error) {
    fail((error as Error).message);
  }
  const days = values.days === undefined ? env.RETENTION_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 0) fail("--days must be a whole number of days (0 keeps everything)");
  const batchSize = values.batch === undefined ? undefined : Number(values.batch);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
    fail("--batch must be a positive whole number");

  // the app's own wiring (opened and migrated as the web server and the worker open it), either engine
  let context;
  try {
    context = await initServerContext();
  } catch (error) {
    fail((error as Error).message);
  }
  const started = performance.now();
  const report = await trimHistory(context.appDb, { now: new Date(), retentionDays: days, batchSize });
  await context.close();
  const what =
    days === 0 ? "retention is off (0 days): delivery history kept" : `campaigns finished over ${days} days ago`;
  console.log(`${context.where}: ${what}`);
  console.log(
    `removed ${report.deliveries} deliveries and ${report.receipts} receipts of ${report.campaigns} campaigns, ` +
      `${report.throttleRows} forgotten sign-in throttle rows, ${report.idempotencyRows} expired Idempotency-Key answers, in ${report.batches} transactions (${Math.round(performance.now() - started)} ms)`,
  );
}

void main();
