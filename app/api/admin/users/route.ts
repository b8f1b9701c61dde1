// GET /api/admin/users — the team: every account as a DTO. Owners only.
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { listUsers } from "@/lib/users/queries";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/admin/users",
  access: "owner",
  async handle() {
    return { status: 200, json: { users: await listUsers(getServerContext().appDb) } };
  },
});
