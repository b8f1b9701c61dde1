// Runs once when the Next server starts: open the database (SQLite or PostgreSQL), migrate, create first-start secrets and keys, and start the
// in-process sender unless a separate `npm run worker` sends (SENDER_MODE=off).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { initServerContext } = await import("@/lib/server-context");
  const { DatabaseUnavailableError } = await import("@/lib/db/open");
  let context;
  try {
    context = await initServerContext();
  } catch (error) {
    // one line that names the database and what failed, then stop: a web server without its database
    // would only answer errors
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    console.error(`[server] ${error.message}`);
    process.exit(1);
  }
  // the web server's transactions wait for a worker's write lock without long sleeps (lib/db/prepared.ts)
  if (context.sqlite) {
    const { pollForWriteLock } = await import("@/lib/db/prepared");
    pollForWriteLock(context.sqlite);
  }
  const { env } = await import("@/lib/env.mjs");
  if (env.SENDER_MODE !== "inline") return;
  const { startInlineSender } = await import("@/lib/sender/inline");
  const sender = await startInlineSender({
    db: context.appDb,
    extraHostsFromEnv: env.PUSH_EXTRA_HOSTS,
    baseUrl: env.PUBLIC_URL,
    concurrency: env.SENDER_CONCURRENCY,
    yieldToEventLoop: true,
    leaseMs: env.SENDER_LEASE_MS,
    retentionDays: env.RETENTION_DAYS,
  });
  console.log(`[sender] inline sender started as ${sender.workerId}`);
}
