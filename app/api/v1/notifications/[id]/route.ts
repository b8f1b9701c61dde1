// GET /api/v1/notifications/{id} — one send's status and counters (targeted, accepted, failed, expired, shown, clicked)
import { notificationSchema } from "@/lib/api/notification-schemas";
import { getApiNotification } from "@/lib/api-notifications/queries";
import { DomainError } from "@/lib/errors/domain-error";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { NO_NOTIFICATION, notificationIdParams } from "../_shared";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/v1/notifications/{id}",
  access: { apiScope: "notifications:read" },
  params: notificationIdParams,
  notFound: NO_NOTIFICATION,
  doc: {
    summary: "Get a notification",
    tag: "Notifications",
    success: { status: 200, description: "Its status and counters", schema: notificationSchema },
    errors: [404],
  },
  async handle({ params }) {
    const found = await getApiNotification(getServerContext().appDb, params.id);
    if (!found) throw new DomainError("not_found", NO_NOTIFICATION);
    return { status: 200, json: found };
  },
});
