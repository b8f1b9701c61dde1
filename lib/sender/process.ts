// Wires one sender process (the web server's inline sender or `npm run worker`): the real push
// client, the audience compiler and the runner loop. Its callers pass what getServerContext() gives.
import type { Db } from "@/lib/db/client";
import { compileAudienceSync } from "@/lib/audience/compile-sync";
import { createPushSender } from "@/lib/push/sender";
import type { VapidCredentials } from "@/lib/push/vapid";
import { getExtraPushHostsSync } from "@/lib/settings/push-hosts";
import { ensureVapidKeysSync } from "@/lib/settings/bootstrap";
import { readSettingSync } from "@/lib/settings/store-sync";
import { SETTING_KEYS, vapidKeysSchema } from "@/lib/settings/keys";
import { createLoopAwareSlots } from "./loop-aware-slots";
import { createDeliveryRunner, type DeliveryRunner } from "./runner";
import { startSenderLoop } from "./loop";
import { newWorkerId } from "./worker-id";
import { startRetentionSchedule } from "@/lib/retention/schedule";
import { sqliteAppDb } from "@/lib/db/sqlite-async";

export type SenderProcessOptions = {
  db: Db;
  /** Defaults to the stored key pair, re-read every few seconds so a rotation in Settings reaches the sender. */
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

/** Settings the sender needs on every message are read from the database at most every few seconds (or when asked afresh). */
function cached<T>(read: () => T, ttlMs = 5_000): (options?: { fresh: boolean }) => T {
  let value: T | undefined;
  let readAt = -Infinity;
  return (options) => {
    const now = Date.now();
    if (value === undefined || options?.fresh || now - readAt > ttlMs) {
      value = read();
      readAt = now;
    }
    return value;
  };
}

export function startSenderProcess(options: SenderProcessOptions): SenderProcess {
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 64;
  const perOriginConcurrency = Math.max(1, Math.ceil((concurrency * 3) / 4));
  const workerId = options.workerId ?? newWorkerId();
  const log = options.log ?? ((message, error) => console.error(`[sender ${workerId}] ${message}`, error ?? ""));
  // the transport's own limits (connect 5 s, answer 15 s) come first; this one is the last resort
  const requestTimeoutMs = 30_000;
  const sender = createPushSender({
    // a plain read: ensureVapidKeys would take the write lock every time only to find the keys exist
    vapid:
      options.vapid ??
      cached(
        () => readSettingSync(options.db, SETTING_KEYS.vapidKeys, vapidKeysSchema) ?? ensureVapidKeysSync(options.db),
        2_000,
      ),
    extraHosts: cached(() => getExtraPushHostsSync(options.db, [...(options.extraHostsFromEnv ?? [])])),
    maxSocketsPerOrigin: perOriginConcurrency,
  });
  const slots = options.yieldToEventLoop ? createLoopAwareSlots(concurrency) : null;
  const runner = createDeliveryRunner({
    db: options.db,
    sender,
    workerId,
    resolveAudience: (db, audience, at) => compileAudienceSync(db, audience, at),
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
      ? startRetentionSchedule(sqliteAppDb(options.db), { retentionDays: options.retentionDays, processId: workerId })
      : null;
  return {
    workerId,
    runner,
    async stop() {
      await retention?.stop();
      await loop.stop();
      slots?.stop();
      await sender.close();
    },
  };
}
