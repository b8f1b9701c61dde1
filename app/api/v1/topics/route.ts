// GET /api/v1/topics — every topic a subscription can choose and a send can target
import { apiTopicSchema, listApiTopics } from "@/lib/api/catalog";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { listEnvelope } from "../_shared";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/v1/topics",
  access: { apiScope: "subscriptions:read" },
  doc: {
    summary: "List topics",
    description: "Every topic in the order the public site shows them, archived ones last.",
    tag: "Topics and segments",
    success: { status: 200, description: "The topics", schema: listEnvelope(apiTopicSchema) },
  },
  async handle() {
    return { status: 200, json: { data: await listApiTopics(getServerContext().appDb), nextCursor: null } };
  },
});
