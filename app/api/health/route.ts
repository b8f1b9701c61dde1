// GET /api/health — liveness for load balancers and the test harness: answers once the database is open.
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/app-db";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/health",
  access: "public",
  async handle() {
    await queryRows(getServerContext().appDb, sql`select 1`);
    return { status: 200, json: { ok: true } };
  },
});
