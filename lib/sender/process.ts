// Wires one sender process (the web server's inline sender or `npm run worker`): the real push
// client, the audience compiler and the runner loop. Its callers pass what getServerContext() gives.
import type { Db } from "@/lib/db/app-db";
import { compileAudience } from "@/lib/audience/compile";
import { createPushSender } from "@/lib/push/sender";
import type { VapidCredentials } from "@/lib/push/vapid";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";
import { ensureVapidKeys } from "@/lib/settings/bootstrap";
import { readSetting } from "@/lib/settings/store";
import { SETTING_KEYS, vapidKeysSchema } from "@/lib/settings/keys";
import { liveSetting } from "./live-setting";
import { createLoopAwareSlots } from "./loop-aware-slots";
import { createDeliveryRunner, type DeliveryRunner } from "./runner";
import { startSenderLoop } from "./loop";
import { newWorkerId } from "./worker-id";
import { startRetentionSchedule } from "@/lib/retention/schedule";

export type SenderProcessOptions = {
  /** The async database (lib/db/app-db.ts): SQLite or PostgreSQL. */
  db: Db;
  /** Defaults to the stored key pair, re-read every 2 s so a rotation in Settings reaches every sender. */
  vapid?: VapidCredentials | (() => VapidCredentials);
  extraHostsFromEnv?: readonly string[];
  baseUrl?: string;
  concurrency?: number;
  /** Sending from the web server's own event loop: give up request slots while it lags (loop-aware-slots.ts). */
  yieldToEventLoop?: boolean;
  leaseMs?: number;
  workerId?: string;
  /** Runs the hourly retention trim (lib/retention) with this many days; 0 trims only dead throttle rows; absent: no trim. */
  retentionDays?: number;
  log?: (message: string, error?: unknown) => void;
};

export type SenderProcess = { workerId: string; runner: DeliveryRunner; stop(): Promise<void> };

export async function startSenderProcess(options: SenderProcessOptions): Promise<SenderProcess> {
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 64;
  const perOriginConcurrency = Math.max(1, Math.ceil((concurrency * 3) / 4));
  const workerId = options.workerId ?? newWorkerId();
  const log = options.log ?? ((message, error) => console.error(`[sender ${workerId}] ${message}`, error ?? ""));
  // the transport's own limits (connect 5 s, answer 15 s) come first; this one is the last resort
  const requestTimeoutMs = 30_000;
  const { db } = options;
  // a plain read: ensureVapidKeys would take the write lock every time only to find the keys exist
  const vapid = options.vapid
    ? null
    : await liveSetting(
        async () => (await readSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema)) ?? (await ensureVapidKeys(db)),
        { everyMs: 2_000, log },
      );
  const hosts = await liveSetting(() => getExtraPushHosts(db, [...(options.extraHostsFromEnv ?? [])]), {
    everyMs: 5_000,
    log,
  });
  const sender = createPushSender({
    vapid: options.vapid ?? (() => vapid!.current()),
    extraHosts: (read) => (read?.fresh ? hosts.refresh() : hosts.current()),
    maxSocketsPerOrigin: perOriginConcurrency,
  });
  const slots = options.yieldToEventLoop ? createLoopAwareSlots(concurrency) : null;
  const runner = createDeliveryRunner({
    db,
    sender,
    workerId,
    resolveAudience: compileAudience,
    baseUrl: options.baseUrl,
    concurrency,
    ...(slots ? { slots: slots.current } : {}),
    perOriginConcurrency,
    leaseMs,
    requestTimeoutMs,
    log,
  });
  const loop = startSenderLoop(runner, { log });
  const retention =
    options.retentionDays !== undefined
      ? startRetentionSchedule(db, { retentionDays: options.retentionDays, processId: workerId })
      : null;
  return {
    workerId,
    runner,
    async stop() {
      await retention?.stop();
      await loop.stop();
      slots?.stop();
      vapid?.stop();
      hosts.stop();
      await sender.close();
    },
  };
}
