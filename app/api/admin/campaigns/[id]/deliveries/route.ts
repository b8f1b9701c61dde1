// GET /api/admin/campaigns/:id/deliveries — the delivery log as CSV, streamed (status/code filters as on the page)
import { z } from "zod";
import { deliveryCsvStream } from "@/lib/campaigns/delivery-csv";
import { getCampaign } from "@/lib/campaigns/queries";
import { campaignIdSchema, deliveryLogParamsSchema } from "@/lib/campaigns/schema";
import { downloadResponse } from "@/lib/http/download";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/admin/campaigns/:id/deliveries",
  access: "editor",
  params: z.object({ id: campaignIdSchema }),
  notFound: "No such campaign",
  query: deliveryLogParamsSchema,
  async handle({ params: { id }, query }) {
    const { appDb } = getServerContext();
    await getCampaign(appDb, id); // 404 before the stream starts
    return downloadResponse(deliveryCsvStream(appDb, id, { status: query.status, statusCode: query.code }), {
      filename: `campaign-${id}-deliveries.csv`,
      contentType: "text/csv; charset=utf-8",
    });
  },
});
