// POST /api/v1/notifications — send a notification now or at sendAt, to users, subscriptions, a segment, topics or all
// GET /api/v1/notifications — every send (API and dashboard), newest first, a page at a time
import { z } from "zod";
import { pageQueryShape } from "@/lib/api/cursor";
import { createdNotificationSchema, notificationSchema } from "@/lib/api/notification-schemas";
import { createApiNotification, queuePrioritySend, type CreatedNotification } from "@/lib/api-notifications/create";
import { requestHashOf, withIdempotency } from "@/lib/api-notifications/idempotency";
import { listApiNotifications } from "@/lib/api-notifications/queries";
import { apiNotificationBodySchema } from "@/lib/api-notifications/schema";
import { CAMPAIGN_SOURCES } from "@/lib/db/schema/enums";
import { defineEndpoint } from "@/lib/http/endpoint";
import { siteOriginOrLocalhost } from "@/lib/http/site-origin";
import type { Db } from "@/lib/db/app-db";
import { getServerContext } from "@/lib/server-context";
import { listEnvelope } from "../_shared";

export const dynamic = "force-dynamic";

// 10,000 user ids of up to 128 characters, with the content: a generous ceiling, still bounded
const SEND_BODY_LIMIT = 2 * 1024 * 1024;

// After the 202: the send is committed, so the sender would queue it anyway; doing it here saves the
// sender's tick that step (a process that stops meanwhile leaves it to the sender, as before).
function queueInBackground(db: Db, created: CreatedNotification, now: Date): void {
  void queuePrioritySend(db, created, now).catch((error: unknown) =>
    console.error(`[POST /api/v1/notifications] queueing notification ${created.id} is left to the sender`, error),
  );
}

export const POST = defineEndpoint({
  label: "POST /api/v1/notifications",
  access: { apiScope: "notifications:send" },
  body: { json: apiNotificationBodySchema, maxBytes: SEND_BODY_LIMIT },
  doc: {
    summary: "Send a notification",
    description:
      "Content as in the dashboard's composer (the same limits and 3,993-byte payload budget), delivery options " +
      "(ttl, urgency, topic) and exactly one target. Answers 202 once it is queued; the counters then follow " +
      "on GET /api/v1/notifications/{id}. Send `Idempotency-Key` (up to 255 characters) to retry safely: the " +
      "same key and body within 24 hours answer the first answer again (`Idempotent-Replayed: true`) and send " +
      "nothing more; the same key with another body is refused with 422. Sends to up to 1,000 subscriptions " +
      "go ahead of large campaigns.",
    tag: "Notifications",
    success: { status: 202, description: "Queued (or scheduled)", schema: createdNotificationSchema },
    exampleBody: { users: ["user-42"], title: "Your order shipped", body: "It arrives on Thursday.", ttl: 3600 },
    errors: [409, 413, 415, 422],
  },
  async handle({ body, apiKey, headers, url }) {
    const db = getServerContext().appDb;
    const now = new Date();
    // links the send leaves out become absolute against the site's own address, as the composer's do
    const origin = siteOriginOrLocalhost(headers);
    const send = async (tx: typeof db) => {
      const created = await createApiNotification(tx, body, { id: apiKey.id, name: apiKey.name }, now, origin);
      return { status: 202, body: created };
    };
    const idempotencyKey = headers.get("idempotency-key");
    if (idempotencyKey === null) {
      const answer = await send(db);
      queueInBackground(db, answer.body, now);
      return { status: answer.status, json: answer.body };
    }
    const requestHash = requestHashOf("POST", url.pathname, JSON.stringify(body));
    const answer = await withIdempotency(db, { apiKeyId: apiKey.id, key: idempotencyKey, requestHash }, now, send);
    if (!answer.replayed) queueInBackground(db, answer.body as CreatedNotification, now);
    return {
      status: answer.status,
      json: answer.body,
      headers: { "Idempotent-Replayed": String(answer.replayed) },
    };
  },
});

const listQuerySchema = z.strictObject({
  source: z.enum(CAMPAIGN_SOURCES).optional().describe("only sends through the API, or only dashboard campaigns"),
  // decoded by listApiNotifications, which refuses one it did not hand out
  cursor: z.string().max(64).optional().describe("nextCursor of the previous page"),
  limit: pageQueryShape.limit,
});

export const GET = defineEndpoint({
  label: "GET /api/v1/notifications",
  access: { apiScope: "notifications:read" },
  query: listQuerySchema,
  doc: {
    summary: "List notifications",
    description: "Sends through the API and the dashboard's campaigns, newest first, with their counters.",
    tag: "Notifications",
    success: { status: 200, description: "One page", schema: listEnvelope(notificationSchema) },
  },
  async handle({ query }) {
    const page = await listApiNotifications(getServerContext().appDb, {
      cursor: query.cursor || undefined,
      limit: query.limit,
      source: query.source,
    });
    return { status: 200, json: page };
  },
});
