// The delivery runner: one worker's engine. Each tick starts due campaigns, recovers dead leases,
// advances snapshots, and claims as many rows as it has free request slots (overall and per origin);
// answers are recorded in batches. A row's slot is held until its answer is recorded, so after a
// crash at most `concurrency` rows can be sent twice. Leases of rows in flight are renewed while the
// worker lives, so a short lease only shortens how long a dead worker's rows wait.
// Priority campaigns (an API send to a few people) claim before the bulk backlog, leaving the bulk
// campaigns a reserve (./sending-campaigns.ts, ./slot-shares.ts); the claim query is per campaign.
import { inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { PushOutcome, PushSender } from "@/lib/push/types";
import { claimDeliveries, type ClaimedDelivery } from "@/lib/delivery/claim";
import { sendingCampaigns } from "./sending-campaigns";
import { bulkReserve, slotShare } from "./slot-shares";
import { recordOutcomes, type DeliveryResult } from "@/lib/delivery/record";
import { recoverExpiredLeases, renewLeases } from "@/lib/delivery/leases";
import { failElapsedDeliveries } from "@/lib/delivery/sweep";
import { foldCounterDeltas } from "@/lib/delivery/counter-deltas";
import type { BackoffOptions } from "@/lib/delivery/backoff";

import { snapshotChunk, type AudienceResolver } from "@/lib/delivery/snapshot";
import { completeCampaign, startDueCampaigns } from "@/lib/campaigns/lifecycle";
import { CampaignTransitionError } from "@/lib/campaigns/errors";
import { isConnectionError } from "@/lib/db/connection-errors";
import { CampaignStates } from "./campaign-states";
import { OriginLimits } from "./origin-limits";
import { Waker } from "./waker";

export type DeliveryRunnerOptions = {
  /** The async database (lib/db/app-db.ts): SQLite or PostgreSQL. */
  db: Db;
  sender: PushSender;
  workerId: string;
  resolveAudience: AudienceResolver;
  /** Makes relative click URLs absolute (PUBLIC_URL); campaigns without a URL open it. */
  baseUrl?: string;
  concurrency?: number;
  /** How many of the `concurrency` slots may be used right now (the inline sender's loop-aware-slots.ts); default all. */
  slots?: () => number;
  perOriginConcurrency?: number;
  leaseMs?: number;
  requestTimeoutMs?: number;
  /** Final answers the error-rate check looks at before it may pause a campaign. */
  errorSample?: number;
  snapshotChunkSize?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  authRunLimit?: number;
  now?: () => number;
  random?: () => number;
  log?: (message: string, error?: unknown) => void;
};

export type TickReport = { sendingCampaignIds: number[]; claimed: number; inFlight: number };

export type DeliveryRunner = {
  /** One round of claiming; a call while a tick runs waits for that tick instead of starting another. */
  tick(): Promise<TickReport>;
  /** Ticks until the campaign (or every campaign) has stopped sending and nothing is in flight. */
  runUntilIdle(options?: { campaignId?: number; timeoutMs?: number }): Promise<void>;
  /** Waits for every request in flight and records its answer. */
  drain(): Promise<void>;
  readonly inFlight: number;
  readonly waker: Waker;
};

export function createDeliveryRunner(options: DeliveryRunnerOptions): DeliveryRunner {
  const { db, sender, workerId } = options;
  const now = options.now ?? Date.now;
  const concurrency = options.concurrency ?? 64;
  const leaseMs = options.leaseMs ?? 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const log = options.log ?? ((message, error) => console.error(`[sender] ${message}`, error ?? ""));
  const flushAt = Math.max(1, Math.floor(concurrency / 4));
  // one origin (FCM) often serves most subscribers: it may use most slots, but never all of them
  const origins = new OriginLimits(options.perOriginConcurrency ?? Math.max(1, Math.ceil((concurrency * 3) / 4)));
  const campaigns = new CampaignStates(db, { errorSample: options.errorSample ?? 100, baseUrl: options.baseUrl, log });
  const waker = new Waker();
  let inFlight = 0;
  /** Rows claimed and not yet recorded: in flight or waiting in the buffer. Their leases are ours to renew. */
  const held = new Set<number>();
  let buffer: DeliveryResult[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let flushing: Promise<void> | null = null;
  let ticking: Promise<TickReport> | null = null;
  let lastHousekeeping = -Infinity;
  let lastRenewal = -Infinity;

  async function housekeeping(at: number) {
    if (inFlight > 0 && at - lastRenewal >= leaseMs / 3) {
      lastRenewal = at;
      await renewLeases(db, workerId, [...held], at, leaseMs);
    }
    if (at - lastHousekeeping < Math.min(1_000, leaseMs / 4)) return;
    lastHousekeeping = at;
    await startDueCampaigns(db, new Date(at));
    await recoverExpiredLeases(db, at, { workerId, ids: [...held] });
    await foldCounterDeltas(db); // PostgreSQL: the queue's counter deltas into their campaigns (no-op on SQLite)
    const { campaigns: table } = db.tables;
    const open = await db
      .select({ id: table.id })
      .from(table)
      .where(inArray(table.status, ["sending", "paused"]));
    for (const { id } of open) await failElapsedDeliveries(db, id, at);
  }

  function scheduleFlush(delayMs: number) {
    flushTimer ??= setTimeout(() => {
      flushTimer = null;
      void flush();
    }, delayMs);
  }

  /** Records the buffered answers (one batch at a time); the rows stay ours, and their slots held, until then. */
  function flush(): Promise<void> {
    if (flushing) return flushing;
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (buffer.length === 0) return Promise.resolve();
    const batch = buffer;
    buffer = [];
    flushing = (async () => {
      let recorded;
      try {
        recorded = await recordOutcomes(db, batch, {
          workerId,
          now: now(),
          random: options.random,
          maxAttempts: options.maxAttempts,
          backoff: options.backoff,
          authRunLimit: options.authRunLimit,
        });
      } catch (error) {
        // keep the slots: the rows are still leased to us (and renewed); try again shortly. An
        // unreachable database is the loop's to report, once, not every half second here
        if (!isConnectionError(error)) log("recording answers failed; retrying", error);
        buffer = batch.concat(buffer);
        return false;
      }
      inFlight -= batch.length;
      for (const { delivery } of batch) held.delete(delivery.id);
      for (const r of recorded) campaigns.settled(r.campaignId, r.stale ? null : r.status);
      waker.wake();
      try {
        await campaigns.checkErrorRates(now());
      } catch (error) {
        // the answers are stored; a pause that could not be written is tried again after the next batch
        if (!isConnectionError(error)) log("pausing a failing campaign failed", error);
      }
      return true;
    })().then((recorded) => {
      flushing = null;
      // after a failure, wait before the next try: the database may be gone for a while
      if (!recorded) scheduleFlush(500);
      else if (buffer.length >= flushAt) void flush();
      else if (buffer.length > 0) scheduleFlush(5);
    });
    return flushing;
  }

  function answered(delivery: ClaimedDelivery, outcome: PushOutcome) {
    origins.release(delivery.origin);
    if (outcome.kind === "retry" && outcome.originThrottled) origins.throttled(delivery.origin);
    else if (outcome.kind === "accepted") origins.accepted(delivery.origin);
    buffer.push({ delivery, outcome });
    if (buffer.length >= flushAt && !flushing) void flush();
    else scheduleFlush(5);
  }

  function send(delivery: ClaimedDelivery, build: () => ReturnType<PushSender["send"]> | PushOutcome) {
    inFlight++;
    origins.acquire(delivery.origin);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<PushOutcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ kind: "retry", originThrottled: false, error: `no answer within ${requestTimeoutMs} ms` }),
        requestTimeoutMs,
      );
    });
    Promise.race([Promise.resolve().then(build), timeout])
      .catch((error: unknown): PushOutcome => ({
        kind: "retry",
        originThrottled: false,
        error: `send threw: ${(error as Error)?.message ?? String(error)}`,
      }))
      .then((outcome) => {
        clearTimeout(timer);
        answered(delivery, outcome);
      });
  }

  async function complete(campaignId: number, at: number) {
    try {
      await completeCampaign(db, campaignId, new Date(at));
    } catch (error) {
      // another worker completed it, or an admin paused or cancelled it, since this tick read it
      if (!(error instanceof CampaignTransitionError)) throw error;
    }
  }

  async function runTick(): Promise<TickReport> {
    const at = now();
    await housekeeping(at);
    const active = await sendingCampaigns(db);
    campaigns.retain(active.map((c) => c.id));
    let claimedTotal = 0;
    const urgent = active.filter((c) => c.priority > 0).length;
    const limitOf = () => Math.min(concurrency, options.slots?.() ?? concurrency);
    const reserve = bulkReserve(limitOf() - inFlight, urgent, active.length);
    for (const [index, campaign] of active.entries()) {
      const state = campaigns.get(campaign.id, campaign.errorRateThreshold);
      let snapshotDone = campaign.snapshotDoneAt !== null;
      if (!snapshotDone) {
        const step = await campaigns.guard(campaign.id, at, "Cannot resolve the audience", () =>
          snapshotChunk(db, campaign.id, {
            resolveAudience: options.resolveAudience,
            now: at,
            chunkSize: options.snapshotChunkSize,
          }),
        );
        if (!step) continue;
        snapshotDone = step.done;
      }
      const template = await campaigns.template(campaign.id, at);
      if (!template) continue;
      const free = limitOf() - inFlight;
      const share = slotShare({ free, reserve, urgent, total: active.length, index, priority: campaign.priority });
      if (share <= 0) continue;
      const { claimed } = await claimDeliveries(db, {
        campaignId: campaign.id,
        workerId,
        limit: share,
        now: at,
        leaseMs,
        originSlots: (origin) => origins.free(origin),
      });
      claimedTotal += claimed.length;
      for (const delivery of claimed) {
        held.add(delivery.id);
        state.inFlight++;
        send(delivery, () => {
          let message;
          try {
            message = template(delivery.receiptToken, delivery.deadline, at);
          } catch (error) {
            return {
              kind: "failed",
              authProblem: false,
              error: `message not built: ${(error as Error).message}`,
            } satisfies PushOutcome;
          }
          return sender.send(delivery.target, message);
        });
      }
      if (claimed.length === 0 && state.inFlight === 0 && snapshotDone) await complete(campaign.id, at);
    }
    return { sendingCampaignIds: active.map((c) => c.id), claimed: claimedTotal, inFlight };
  }

  function tick(): Promise<TickReport> {
    ticking ??= runTick().finally(() => {
      ticking = null;
    });
    return ticking;
  }

  async function drain() {
    while (inFlight > 0) {
      if (buffer.length > 0 && !flushTimer && !flushing) void flush();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await flushing;
    await flush();
  }

  async function runUntilIdle(opts: { campaignId?: number; timeoutMs?: number } = {}) {
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    for (;;) {
      const report = await tick();
      const busy =
        opts.campaignId === undefined
          ? report.sendingCampaignIds.length > 0
          : report.sendingCampaignIds.includes(opts.campaignId);
      if (!busy && inFlight === 0) break;
      if (Date.now() > deadline)
        throw new Error(`runUntilIdle: still busy after ${opts.timeoutMs ?? 60_000} ms (${inFlight} in flight)`);
      await waker.wait(20);
    }
    await drain();
  }

  return {
    tick,
    runUntilIdle,
    drain,
    waker,
    get inFlight() {
      return inFlight;
    },
  };
}
