// What one worker keeps per sending campaign: its message template (built once), its requests in
// flight and its recent error rate. A campaign that cannot be built or keeps failing pauses itself
// with the reason in statusReason, for the admin to read.
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { DeliveryStatus } from "@/lib/db/schema/enums";
import { pauseCampaign } from "@/lib/campaigns/lifecycle";
import { CampaignTransitionError } from "@/lib/campaigns/errors";
import { isConnectionError } from "@/lib/db/connection-errors";
import { ErrorWindow } from "./error-window";
import { createMessageTemplate, type MessageTemplate } from "./message-template";

export type CampaignState = { inFlight: number; threshold: number; window: ErrorWindow; template?: MessageTemplate };

export class CampaignStates {
  private readonly states = new Map<number, CampaignState>();

  constructor(
    private readonly db: Db,
    private readonly options: {
      errorSample: number;
      baseUrl?: string;
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  get(id: number, threshold: number): CampaignState {
    let state = this.states.get(id);
    if (!state) {
      state = { inFlight: 0, threshold, window: new ErrorWindow(this.options.errorSample) };
      this.states.set(id, state);
    }
    state.threshold = threshold;
    return state;
  }

  /** Forgets campaigns that stopped sending; a resumed campaign starts with a fresh error sample. */
  retain(sendingIds: readonly number[]): void {
    const keep = new Set(sendingIds);
    for (const [id, state] of this.states) {
      if (keep.has(id)) continue;
      if (state.inFlight === 0) this.states.delete(id);
      else {
        state.window = new ErrorWindow(this.options.errorSample);
        state.template = undefined;
      }
    }
  }

  settled(id: number, status: DeliveryStatus | null): void {
    const state = this.states.get(id);
    if (!state) return;
    state.inFlight = Math.max(0, state.inFlight - 1);
    if (status === "accepted" || status === "failed") state.window.add(status === "failed");
  }

  async checkErrorRates(now: number): Promise<void> {
    for (const [id, state] of this.states) {
      const percent = state.window.failurePercent();
      if (percent === null || percent === 0 || percent < state.threshold) continue;
      const reason = `Paused automatically: ${Math.round(percent)}% of the last ${state.window.sample} messages failed (threshold ${state.threshold}%)`;
      await this.pause(id, now, reason);
      state.window = new ErrorWindow(this.options.errorSample);
    }
  }

  /**
   * Runs fn; if it throws, pauses the campaign with the reason and returns undefined. A database that
   * cannot be reached is not the campaign's fault: that error goes up to the sender loop, which waits.
   */
  async guard<T>(id: number, now: number, what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      if (isConnectionError(error)) throw error;
      this.options.log(`campaign ${id}: ${what}`, error);
      await this.pause(id, now, `${what}: ${(error as Error)?.message ?? String(error)}`);
      return undefined;
    }
  }

  async template(id: number, now: number): Promise<MessageTemplate | undefined> {
    const state = this.states.get(id);
    if (!state) return undefined;
    state.template ??= await this.guard(id, now, "Cannot build the notification", async () => {
      const { campaigns } = this.db.tables;
      const [row] = await this.db.select().from(campaigns).where(eq(campaigns.id, id));
      if (!row) throw new Error("campaign vanished");
      return createMessageTemplate(row, { baseUrl: this.options.baseUrl });
    });
    return state.template;
  }

  private async pause(id: number, now: number, reason: string): Promise<void> {
    try {
      await pauseCampaign(this.db, id, new Date(now), reason.slice(0, 500));
    } catch (error) {
      // an admin (or another worker) paused or cancelled it meanwhile
      if (!(error instanceof CampaignTransitionError)) throw error;
    }
  }
}
