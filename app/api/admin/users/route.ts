// GET /api/admin/users — the team: every account as a DTO. Owners only.
import { requireRouteUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { listUsers } from "@/lib/users/queries";

export const dynamic = "force-dynamic";

export async function GET() {
  const auth = await requireRouteUser("owner");
  if (!auth.ok) return auth.response;
  return Response.json({ users: listUsers(getServerContext().db) }, { headers: { "Cache-Control": "no-store" } });
}
