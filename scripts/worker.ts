// npm run worker — a separate sender process on the same database (run the web server with
// SENDER_MODE=off, or beside it: workers cooperate through leases and never send a delivery twice).
// On PostgreSQL (DATABASE_URL) any number of workers on any number of machines share the queue.
import "./allow-server-only";
import { env } from "../lib/env.mjs";
import { initServerContext } from "../lib/server-context";
import { DatabaseUnavailableError } from "../lib/db/open";
import { lowerPriority } from "../lib/sender/priority.mjs";
import { startSenderProcess } from "../lib/sender/process";

async function main() {
  // before the sender starts its threads, which inherit the priority
  lowerPriority(env.SENDER_NICE);
  const context = await initServerContext();
  const sender = await startSenderProcess({
    db: context.appDb,
    extraHostsFromEnv: env.PUSH_EXTRA_HOSTS,
    baseUrl: env.PUBLIC_URL,
    concurrency: env.SENDER_CONCURRENCY,
    leaseMs: env.SENDER_LEASE_MS,
    retentionDays: env.RETENTION_DAYS,
  });
  console.log(`[worker] ${sender.workerId} sending from ${context.where}`);

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing the requests in flight`);
    await sender.stop();
    await context.close();
    console.log("[worker] stopped");
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  // a database that cannot be reached is one line, not a stack trace
  console.error(`[worker] ${error instanceof DatabaseUnavailableError ? error.message : (error as Error).stack}`);
  process.exit(1);
});
