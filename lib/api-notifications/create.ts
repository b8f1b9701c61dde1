// POST /api/v1/notifications: the send becomes a campaign like the composer's, marked as the API's and
// its key's, and moves through the same lifecycle (lib/campaigns/lifecycle.ts): "sending" now, or
// "scheduled" for sendAt. The sender then snapshots the audience and queues the deliveries as it does
// for any campaign, so counters, progress, pause and cancel all work the same.
import type { Db } from "@/lib/db/app-db";
import type { CampaignStatus } from "@/lib/db/schema/enums";
import { recordAudit } from "@/lib/audit/record";
import { scheduleCampaign, sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { withContentDefaults } from "@/lib/campaigns/content-defaults";
import { withActionIds } from "@/lib/campaigns/mutations";
import { getNotificationDefaults } from "@/lib/settings/notification-defaults";
import { compileAudience } from "@/lib/audience/compile";
import { snapshotCampaign } from "@/lib/delivery/snapshot";
import { resolveApiAudience } from "./audience";
import { targetOf, type ApiNotificationData } from "./schema";

/** An API send to at most this many subscriptions is claimed before the bulk campaigns (lib/sender/runner.ts). */
export const PRIORITY_AUDIENCE_MAX = 1_000;
export const PRIORITY_HIGH = 1;

export type ApiKeyRef = { id: number; name: string };

export type CreatedNotification = { id: number; status: CampaignStatus; targeted: number; sendAt: Date | null };

/**
 * Input parsed by apiNotificationSchema(now). One transaction: the campaign, its move and the audit entry.
 * Links left out fall back to Settings → notification defaults and become absolute against `siteOrigin`,
 * as the composer's save does: a stored campaign is self-contained, and the sender never guesses.
 */
export async function createApiNotification(
  db: Db,
  input: ApiNotificationData,
  apiKey: ApiKeyRef,
  now: Date,
  siteOrigin: string,
): Promise<CreatedNotification> {
  return db.transaction(async (tx) => {
    const { audience, targeted } = await resolveApiAudience(tx, targetOf(input), now);
    const links = withContentDefaults(
      { url: input.clickUrl, icon: input.icon, image: input.image, badge: input.badge },
      await getNotificationDefaults(tx),
      siteOrigin,
    );
    const { campaigns } = tx.tables;
    const [row] = await tx
      .insert(campaigns)
      .values({
        name: input.name === input.title ? null : input.name,
        title: input.title,
        body: input.body,
        icon: links.icon ?? null,
        image: links.image ?? null,
        badge: links.badge ?? null,
        url: links.url ?? null,
        actions: withActionIds(input.actions),
        tag: input.tag ?? null,
        renotify: input.renotify,
        requireInteraction: input.requireInteraction,
        silent: input.silent,
        appBadge: input.appBadge ?? null,
        data: input.data ?? null,
        ttl: input.ttl,
        urgency: input.urgency,
        topic: input.topic ?? null,
        audience,
        status: "draft",
        source: "api",
        apiKeyId: apiKey.id,
        priority: targeted <= PRIORITY_AUDIENCE_MAX ? PRIORITY_HIGH : 0,
        createdBy: null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: campaigns.id });
    const id = row!.id;
    const sendAt = input.sendAt ?? null;
    const state = sendAt ? await scheduleCampaign(tx, id, sendAt, now) : await sendCampaignNow(tx, id, now);
    await recordAudit(tx, {
      actor: null,
      action: sendAt ? "campaign.schedule" : "campaign.send",
      targetType: "campaign",
      targetId: id,
      details: { source: "api", apiKeyId: apiKey.id, apiKeyName: apiKey.name, targeted },
      now,
    });
    return { id, status: state.status, targeted, sendAt };
  });
}

/**
 * A priority send going out now has its deliveries queued by the request itself, right after the send
 * committed, with the sender's own snapshot code: the sender then only claims them, so a message to a
 * few people costs the sender's sequential tick one transaction less and goes out on its next claim.
 * Safe beside a sender doing the same (a chunk another caller wrote is skipped).
 */
export async function queuePrioritySend(db: Db, created: CreatedNotification, now: Date): Promise<void> {
  if (created.status !== "sending" || created.targeted === 0 || created.targeted > PRIORITY_AUDIENCE_MAX) return;
  await snapshotCampaign(db, created.id, { resolveAudience: compileAudience, now: now.getTime() });
}
