// GET /api/admin/subscribers/export — the filtered subscriber list as CSV, streamed page by page (editors).
import { headers } from "next/headers";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { requireRouteUser } from "@/lib/auth/require-user";
import { recordAudit } from "@/lib/audit/record";
import { getServerContext } from "@/lib/server-context";
import { subscriberCsvStream } from "@/lib/subscribers/csv";
import { parseSubscriberFilter } from "@/lib/subscribers/schema";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const auth = await requireRouteUser("editor");
  if (!auth.ok) return auth.response;
  const { db } = getServerContext();
  // the export always starts at the newest row: a cursor in the URL is ignored
  const filter = { ...parseSubscriberFilter(Object.fromEntries(new URL(request.url).searchParams)), after: undefined };
  recordAudit(db, { actor: { id: auth.user.id, email: auth.user.email }, action: "subscriber.export", targetType: "subscriptions", details: { filter, withKeys: false }, ip: clientIpFrom(await headers()) });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(subscriberCsvStream(db, filter), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscribers-${stamp}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
