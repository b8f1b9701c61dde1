// GET /api/admin/campaigns/:id/progress — the campaign's status and counters, polled by the detail page while it sends
import { apiError, requireRouteUser } from "@/lib/auth/require-user";
import { CampaignNotFoundError } from "@/lib/campaigns/errors";
import { getCampaignProgress } from "@/lib/campaigns/queries";
import { campaignIdSchema } from "@/lib/campaigns/schema";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await requireRouteUser("viewer");
  if (!auth.ok) return auth.response;
  const id = campaignIdSchema.safeParse((await params).id);
  if (!id.success) return apiError(404, "not_found", "No such campaign");
  try {
    return Response.json(getCampaignProgress(getServerContext().db, id.data), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof CampaignNotFoundError) return apiError(404, "not_found", "No such campaign");
    throw error;
  }
}
