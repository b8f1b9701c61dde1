// GET /api/admin/campaigns/:id/progress — the campaign's status and counters, polled by the detail page while it sends
import { z } from "zod";
import { getCampaignProgress } from "@/lib/campaigns/queries";
import { campaignIdSchema } from "@/lib/campaigns/schema";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/admin/campaigns/:id/progress",
  access: "viewer",
  params: z.object({ id: campaignIdSchema }),
  notFound: "No such campaign",
  async handle({ params: { id } }) {
    return { status: 200, json: await getCampaignProgress(getServerContext().appDb, id) };
  },
});
