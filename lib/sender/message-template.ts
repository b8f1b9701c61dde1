// A campaign's message is built and size-checked once; each delivery only splices in its receipt
// token (same length as the placeholder, base64url so JSON needs no escaping) and its remaining TTL.
import { encodePushPayload, type NotificationContent } from "@/lib/push/payload";
import type { PushMessage } from "@/lib/push/types";
import type { campaigns } from "@/lib/db/schema";
import { RECEIPT_TOKEN_LENGTH } from "@/lib/delivery/tokens";

type CampaignRow = typeof campaigns.$inferSelect;

export type MessageTemplate = (receiptToken: string, deadline: number | null, now: number) => PushMessage;

const PLACEHOLDER = "PushboardReceiptTokenSlot_".padEnd(RECEIPT_TOKEN_LENGTH, "0");

export function campaignContent(campaign: CampaignRow, baseUrl?: string): NotificationContent {
  return {
    title: campaign.title,
    body: campaign.body || undefined,
    clickUrl: campaign.url ?? baseUrl ?? "",
    icon: campaign.icon ?? undefined,
    image: campaign.image ?? undefined,
    badge: campaign.badge ?? undefined,
    actions: campaign.actions.length > 0 ? campaign.actions : undefined,
    tag: campaign.tag ?? undefined,
    renotify: campaign.renotify || undefined,
    requireInteraction: campaign.requireInteraction || undefined,
    silent: campaign.silent || undefined,
    appBadge: campaign.appBadge ?? undefined,
    data: campaign.data ?? undefined,
    campaignId: campaign.id,
    receiptToken: PLACEHOLDER,
    timestamp: campaign.startedAt?.getTime(),
  };
}

/** Throws PayloadError when the content is invalid or over the 3993-byte budget. */
export function createMessageTemplate(campaign: CampaignRow, options: { baseUrl?: string } = {}): MessageTemplate {
  const { json } = encodePushPayload(campaignContent(campaign, options.baseUrl), { baseUrl: options.baseUrl });
  const at = json.indexOf(PLACEHOLDER);
  if (at < 0 || json.indexOf(PLACEHOLDER, at + 1) >= 0)
    throw new Error("receipt token slot not found exactly once in the payload");
  const head = json.slice(0, at);
  const tail = json.slice(at + PLACEHOLDER.length);
  const urgency = campaign.urgency;
  const topic = campaign.topic ?? undefined;
  return (receiptToken, deadline, now) => {
    if (receiptToken.length !== RECEIPT_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(receiptToken)) {
      throw new Error(`receipt token must be ${RECEIPT_TOKEN_LENGTH} base64url characters`);
    }
    // the push service should hold the message only as long as the campaign's TTL still runs
    const ttl = deadline === null ? campaign.ttl : Math.max(0, Math.floor((deadline - now) / 1000));
    return { payload: head + receiptToken + tail, ttl, urgency, topic };
  };
}
