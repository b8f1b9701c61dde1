// GET /api/health — liveness for load balancers and the test harness: answers once the database is open.
import { sql } from "drizzle-orm";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

export function GET() {
  const { db } = getServerContext();
  db.get(sql`select 1`);
  return Response.json({ ok: true });
}
