// The delivery runner: one worker's engine. Each tick starts due campaigns, recovers dead leases,
// advances snapshots, and claims as many rows as it has free request slots (overall and per origin);
// answers are recorded in batches. A row's slot is held until its answer is recorded, so after a
// crash at most `concurrency` rows can be sent twice. Leases of rows in flight are renewed while the
// worker lives, so a short lease only shortens how long a dead worker's rows wait.
import type { Db } from "@/lib/db/client";
import type { PushOutcome, PushSender } from "@/lib/push/types";
import { claimDeliveries, type ClaimedDelivery } from "@/lib/delivery/claim";
import { recordOutcomes, type DeliveryResult } from "@/lib/delivery/record";
import { recoverExpiredLeases, renewLeases } from "@/lib/delivery/leases";
import { failElapsedDeliveries } from "@/lib/delivery/sweep";
import {
  snapshotChunkSync as snapshotChunk,
  type SyncAudienceResolver as AudienceResolver,
} from "@/lib/delivery/snapshot";
import { prepared } from "@/lib/db/prepared";
import type { BackoffOptions } from "@/lib/delivery/backoff";
import { completeCampaignSync, startDueCampaignsSync } from "@/lib/campaigns/lifecycle-sync";
import { CampaignStates } from "./campaign-states";
import { OriginLimits } from "./origin-limits";
import { Waker } from "./waker";
import { gateOf } from "@/lib/db/sqlite-gate";

export type DeliveryRunnerOptions = {
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

export type TickReport = {
  sendingCampaignIds: number[];
  claimed: number;
  inFlight: number;
  /** The tick did nothing: an async transaction held the SQLite connection (lib/db/sqlite-gate.ts). */
  deferred?: true;
};

export type DeliveryRunner = {
  tick(): TickReport;
  /** Ticks until the campaign (or every campaign) has stopped sending and nothing is in flight. */
  runUntilIdle(options?: { campaignId?: number; timeoutMs?: number }): Promise<void>;
  /** Waits for every request in flight and records its answer. */
  drain(): Promise<void>;
  readonly inFlight: number;
  readonly waker: Waker;
};

type ActiveCampaign = { id: number; error_rate_threshold: number; snapshot_done_at: number | null };

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
  let buffer: DeliveryResult[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let lastHousekeeping = -Infinity;
  let lastRenewal = -Infinity;
  let lastActive: number[] = [];
  const gate = gateOf(db.$client);

  function housekeeping(at: number) {
    if (inFlight > 0 && at - lastRenewal >= leaseMs / 3) {
      lastRenewal = at;
      renewLeases(db, workerId, at, leaseMs);
    }
    if (at - lastHousekeeping < Math.min(1_000, leaseMs / 4)) return;
    lastHousekeeping = at;
    startDueCampaignsSync(db, new Date(at));
    recoverExpiredLeases(db, at);
    const open = prepared(db, `SELECT id FROM campaigns WHERE status IN ('sending', 'paused')`).all() as {
      id: number;
    }[];
    for (const { id } of open) failElapsedDeliveries(db, id, at);
  }

  function flush() {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (buffer.length === 0) return;
    // another request's transaction holds the connection: our writes would land inside it
    if (!gate.open) {
      flushTimer = setTimeout(flush, 1);
      return;
    }
    const batch = buffer;
    buffer = [];
    let recorded;
    try {
      recorded = recordOutcomes(db, batch, {
        workerId,
        now: now(),
        random: options.random,
        maxAttempts: options.maxAttempts,
        backoff: options.backoff,
        authRunLimit: options.authRunLimit,
      });
    } catch (error) {
      // keep the slots: the rows are still leased to us; try again shortly
      log("recording answers failed; retrying", error);
      buffer = batch.concat(buffer);
      flushTimer = setTimeout(flush, 500);
      return;
    }
    inFlight -= batch.length;
    for (const r of recorded) campaigns.settled(r.campaignId, r.stale ? null : r.status);
    campaigns.checkErrorRates(now());
    waker.wake();
  }

  function answered(delivery: ClaimedDelivery, outcome: PushOutcome) {
    origins.release(delivery.origin);
    if (outcome.kind === "retry" && outcome.originThrottled) origins.throttled(delivery.origin);
    else if (outcome.kind === "accepted") origins.accepted(delivery.origin);
    buffer.push({ delivery, outcome });
    if (buffer.length >= flushAt) flush();
    else flushTimer ??= setTimeout(flush, 5);
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

  function tick(): TickReport {
    if (!gate.open) return { sendingCampaignIds: lastActive, claimed: 0, inFlight, deferred: true };
    const at = now();
    housekeeping(at);
    const active = prepared(
      db,
      `SELECT id, error_rate_threshold, snapshot_done_at FROM campaigns WHERE status = 'sending' ORDER BY id`,
    ).all() as ActiveCampaign[];
    campaigns.retain(active.map((c) => c.id));
    lastActive = active.map((c) => c.id);
    let claimedTotal = 0;
    active.forEach((campaign, index) => {
      const state = campaigns.get(campaign.id, campaign.error_rate_threshold);
      let snapshotDone = campaign.snapshot_done_at !== null;
      if (!snapshotDone) {
        const step = campaigns.guard(campaign.id, at, "Cannot resolve the audience", () =>
          snapshotChunk(db, campaign.id, {
            resolveAudience: options.resolveAudience,
            now: at,
            chunkSize: options.snapshotChunkSize,
          }),
        );
        if (!step) return;
        snapshotDone = step.done;
      }
      const template = campaigns.template(campaign.id, at);
      if (!template) return;
      const free = Math.min(concurrency, options.slots?.() ?? concurrency) - inFlight;
      if (free <= 0) return;
      const share = Math.ceil(free / (active.length - index));
      const { claimed } = claimDeliveries(db, {
        campaignId: campaign.id,
        workerId,
        limit: share,
        now: at,
        leaseMs,
        originSlots: (origin) => origins.free(origin),
      });
      claimedTotal += claimed.length;
      for (const delivery of claimed) {
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
      if (claimed.length === 0 && state.inFlight === 0 && snapshotDone)
        completeCampaignSync(db, campaign.id, new Date(at));
    });
    return { sendingCampaignIds: active.map((c) => c.id), claimed: claimedTotal, inFlight };
  }

  async function drain() {
    while (inFlight > 0) {
      if (buffer.length > 0 && !flushTimer) flush();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    flush();
  }

  async function runUntilIdle(opts: { campaignId?: number; timeoutMs?: number } = {}) {
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    for (;;) {
      const report = tick();
      const busy =
        opts.campaignId === undefined
          ? report.sendingCampaignIds.length > 0
          : report.sendingCampaignIds.includes(opts.campaignId);
      if (!busy && !report.deferred && inFlight === 0) break;
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
