// Runs once when the Next server starts: migrate, create first-start secrets and keys, and start the
// in-process sender unless a separate `npm run worker` sends (SENDER_MODE=off).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getServerContext } = await import("@/lib/server-context");
  const context = getServerContext();
  // the web server's transactions wait for a worker's write lock without long sleeps (lib/db/prepared.ts)
  const { pollForWriteLock } = await import("@/lib/db/prepared");
  pollForWriteLock(context.db);
  const { env } = await import("@/lib/env.mjs");
  if (env.SENDER_MODE !== "inline") return;
  const { startInlineSender } = await import("@/lib/sender/inline");
  const sender = startInlineSender({
    db: context.db,
    extraHostsFromEnv: env.PUSH_EXTRA_HOSTS,
    baseUrl: env.PUBLIC_URL,
    concurrency: env.SENDER_CONCURRENCY,
    yieldToEventLoop: true,
    leaseMs: env.SENDER_LEASE_MS,
    retentionDays: env.RETENTION_DAYS,
  });
  console.log(`[sender] inline sender started as ${sender.workerId}`);
}
