// GET /api/v1/segments — the saved segments a send can target
import { apiSegmentSchema, listApiSegments } from "@/lib/api/catalog";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { listEnvelope } from "../_shared";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/v1/segments",
  access: { apiScope: "subscriptions:read" },
  doc: {
    summary: "List segments",
    description: "Every saved segment by name, with its rules. Target one with `segment` in a send.",
    tag: "Topics and segments",
    success: { status: 200, description: "The segments", schema: listEnvelope(apiSegmentSchema) },
  },
  async handle() {
    return { status: 200, json: { data: await listApiSegments(getServerContext().appDb), nextCursor: null } };
  },
});
