// Wires one sender process (the web server's inline sender or `npm run worker`): the real push
// client, the audience compiler and the runner loop. Its callers pass what getServerContext() gives.
import type { Db } from "@/lib/db/client";
import { compileAudience } from "@/lib/audience/compile";
import { createPushSender } from "@/lib/push/sender";
import type { VapidCredentials } from "@/lib/push/vapid";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";
import { createDeliveryRunner, type DeliveryRunner } from "./runner";
import { startSenderLoop } from "./loop";
import { newWorkerId } from "./worker-id";

export type SenderProcessOptions = {
  db: Db;
  vapid: VapidCredentials;
  extraHostsFromEnv?: readonly string[];
  baseUrl?: string;
  concurrency?: number;
  leaseMs?: number;
  workerId?: string;
  log?: (message: string, error?: unknown) => void;
};

export type SenderProcess = { workerId: string; runner: DeliveryRunner; stop(): Promise<void> };

/** Admin-allowed hosts are read from the database, but at most every few seconds, not per message. */
function cachedExtraHosts(db: Db, fromEnv: readonly string[], ttlMs = 5_000): () => readonly string[] {
  let value: readonly string[] = [];
  let readAt = -Infinity;
  return () => {
    const now = Date.now();
    if (now - readAt > ttlMs) {
      value = getExtraPushHosts(db, [...fromEnv]);
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
    vapid: options.vapid,
    extraHosts: cachedExtraHosts(options.db, options.extraHostsFromEnv ?? []),
    maxSocketsPerOrigin: perOriginConcurrency,
  });
  const runner = createDeliveryRunner({
    db: options.db,
    sender,
    workerId,
    resolveAudience: (db, audience, at) => compileAudience(db, audience, at),
    baseUrl: options.baseUrl,
    concurrency,
    perOriginConcurrency,
    leaseMs,
    requestTimeoutMs,
    log,
  });
  const loop = startSenderLoop(runner, { log });
  return {
    workerId,
    runner,
    async stop() {
      await loop.stop();
      await sender.close();
    },
  };
}
