// GET /api/admin/me — the signed-in account (DTO, never the password hash); the dashboard uses it.
import { requireRouteUser } from "@/lib/auth/require-user";

export const dynamic = "force-dynamic";

export async function GET() {
  const auth = await requireRouteUser("viewer");
  if (!auth.ok) return auth.response;
  return Response.json({ user: auth.user }, { headers: { "Cache-Control": "no-store" } });
}
