// GET /api/admin/me — the signed-in account (DTO, never the password hash); the dashboard uses it.
import { defineEndpoint } from "@/lib/http/endpoint";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/admin/me",
  access: "viewer",
  handle({ user }) {
    return { status: 200, json: { user } };
  },
});
