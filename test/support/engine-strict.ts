// Helpers for the engine's integration tests: subscriptions minted by the strict test push service
// and stored as Pushboard subscriptions, a real push sender trusting its certificate, worker processes.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import type { Db as AppDb } from "@/lib/db/app-db";
import { createPushSender } from "@/lib/push/sender";
import type { VapidKeys } from "@/lib/settings/keys";
import { ensureTestTls } from "./tls";
import type { StrictPushService, TestSubscription } from "./strict-push-service";

export type StoredSubscription = TestSubscription & { rowId: number };

export function storeStrictSubscriptions(
  db: Db,
  service: StrictPushService,
  count: number,
  createdAt = Date.now() - 1_000,
): StoredSubscription[] {
  const host = new URL(service.origin).host;
  const insert = db.$client.prepare(
    `INSERT INTO subscriptions (endpoint, p256dh, auth, status, push_service, push_host, vapid_public_key, created_at, updated_at)
     VALUES (?, ?, ?, 'active', 'other', ?, 'test', ?, ?) RETURNING id`,
  );
  const out: StoredSubscription[] = [];
  db.$client.transaction(() => {
    for (let i = 0; i < count; i++) {
      const sub = service.createSubscription();
      const { id } = insert.get(sub.endpoint, sub.keys.p256dh, sub.keys.auth, host, createdAt, createdAt) as {
        id: number;
      };
      out.push({ ...sub, rowId: id });
    }
  })();
  return out;
}

/** storeStrictSubscriptions on the async database API, for either engine. */
export async function storeStrictSubscriptionsIn(
  db: AppDb,
  service: StrictPushService,
  count: number,
  createdAt = Date.now() - 1_000,
): Promise<StoredSubscription[]> {
  const { subscriptions } = db.tables;
  const host = new URL(service.origin).host;
  const minted = Array.from({ length: count }, () => service.createSubscription());
  const out: StoredSubscription[] = [];
  for (let i = 0; i < minted.length; i += 500) {
    const chunk = minted.slice(i, i + 500);
    const rows = await db
      .insert(subscriptions)
      .values(
        chunk.map((sub) => ({
          endpoint: sub.endpoint,
          p256dh: sub.keys.p256dh,
          auth: sub.keys.auth,
          status: "active" as const,
          pushService: "other" as const,
          pushHost: host,
          vapidPublicKey: "test",
          createdAt: new Date(createdAt),
          updatedAt: new Date(createdAt),
        })),
      )
      .returning({ id: subscriptions.id });
    rows.forEach((row, j) => out.push({ ...chunk[j]!, rowId: row.id }));
  }
  return out;
}

export function strictSender(
  service: StrictPushService,
  vapid: VapidKeys,
  limits: { responseTimeoutMs?: number } = {},
) {
  return createPushSender({
    vapid,
    extraHosts: [new URL(service.origin).host],
    ca: ensureTestTls().cert,
    connectTimeoutMs: 2_000,
    responseTimeoutMs: limits.responseTimeoutMs ?? 5_000,
  });
}

/** Starts `scripts/worker.ts` as its own Node process (one process, so SIGKILL really kills it). */
export function spawnWorker(env: Record<string, string>): ChildProcess & { output: () => string } {
  const root = process.cwd();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/worker.ts")], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return Object.assign(child, { output: () => output });
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
