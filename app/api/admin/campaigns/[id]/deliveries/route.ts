// GET /api/admin/campaigns/:id/deliveries — the delivery log as CSV, streamed (status/code filters as on the page)
import { apiError, requireRouteUser } from "@/lib/auth/require-user";
import { deliveryCsvStream } from "@/lib/campaigns/delivery-csv";
import { CampaignNotFoundError } from "@/lib/campaigns/errors";
import { getCampaign } from "@/lib/campaigns/queries";
import { campaignIdSchema, deliveryLogParamsSchema } from "@/lib/campaigns/schema";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await requireRouteUser("editor");
  if (!auth.ok) return auth.response;
  const id = campaignIdSchema.safeParse((await params).id);
  if (!id.success) return apiError(404, "not_found", "No such campaign");
  const { db } = getServerContext();
  try {
    getCampaign(db, id.data);
  } catch (error) {
    if (error instanceof CampaignNotFoundError) return apiError(404, "not_found", "No such campaign");
    throw error;
  }
  const filter = deliveryLogParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return new Response(deliveryCsvStream(db, id.data, { status: filter.status, statusCode: filter.code }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="campaign-${id.data}-deliveries.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
