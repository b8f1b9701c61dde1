// GET /api/admin/subscriptions-export?format=json|csv — active subscriptions with their keys, streamed (owners; audited).
import { headers } from "next/headers";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { requireRouteUser, apiError } from "@/lib/auth/require-user";
import { recordAudit } from "@/lib/audit/record";
import { getServerContext } from "@/lib/server-context";
import { subscriptionsWithKeysStream } from "@/lib/subscribers/transfer";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const auth = await requireRouteUser("owner");
  if (!auth.ok) return auth.response;
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "csv") return apiError(400, "invalid_format", "format must be json or csv.");
  const { db } = getServerContext();
  recordAudit(db, { actor: { id: auth.user.id, email: auth.user.email }, action: "subscriber.export", targetType: "subscriptions", details: { withKeys: true, format }, ip: clientIpFrom(await headers()) });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(subscriptionsWithKeysStream(db, format), {
    headers: {
      "Content-Type": format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscriptions-with-keys-${stamp}.${format}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
