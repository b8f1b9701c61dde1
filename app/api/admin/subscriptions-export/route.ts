// GET /api/admin/subscriptions-export?format=json|csv — active subscriptions with their keys, streamed (owners; audited).
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { downloadResponse, fileStamp } from "@/lib/http/download";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { subscriptionsWithKeysStream } from "@/lib/subscribers/transfer";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/admin/subscriptions-export",
  access: "owner",
  query: z.object({ format: z.enum(["json", "csv"], { error: "format must be json or csv" }).default("json") }),
  async handle({ user, query: { format }, client }) {
    const { appDb } = getServerContext();
    await recordAudit(appDb, {
      actor: { id: user.id, email: user.email },
      action: "subscriber.export",
      targetType: "subscriptions",
      details: { withKeys: true, format },
      ip: client,
    });
    return downloadResponse(subscriptionsWithKeysStream(appDb, format), {
      filename: `subscriptions-with-keys-${fileStamp()}.${format}`,
      contentType: format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
    });
  },
});
