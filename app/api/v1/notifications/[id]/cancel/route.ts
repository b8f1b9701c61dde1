// POST /api/v1/notifications/{id}/cancel — stop a scheduled or sending notification; what is queued is dropped
import { notificationSchema } from "@/lib/api/notification-schemas";
import { cancelApiNotification } from "@/lib/api-notifications/queries";
import { DomainError } from "@/lib/errors/domain-error";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { NO_NOTIFICATION, notificationIdParams } from "../../_shared";

export const dynamic = "force-dynamic";

export const POST = defineEndpoint({
  label: "POST /api/v1/notifications/{id}/cancel",
  access: { apiScope: "notifications:send" },
  params: notificationIdParams,
  notFound: NO_NOTIFICATION,
  doc: {
    summary: "Cancel a notification",
    description: "Deliveries not yet handed to a push service are dropped; a finished send cannot be cancelled (409).",
    tag: "Notifications",
    success: { status: 200, description: "The notification, cancelled", schema: notificationSchema },
    errors: [404, 409],
  },
  async handle({ params }) {
    const cancelled = await cancelApiNotification(getServerContext().appDb, params.id, new Date());
    if (!cancelled) throw new DomainError("not_found", NO_NOTIFICATION);
    return { status: 200, json: cancelled };
  },
});
