// PUT /api/v1/subscriptions/{id}/user — link the subscription to the site's own user id (null unlinks)
import { z } from "zod";
import { apiSubscriptionSchema, patchApiSubscription, subscriptionIdParamsSchema } from "@/lib/api/subscriptions";
import { defineEndpoint } from "@/lib/http/endpoint";
import { externalIdSchema } from "@/lib/identity/schema";
import { getServerContext } from "@/lib/server-context";
import { SMALL_BODY_LIMIT } from "../../../_shared";

export const dynamic = "force-dynamic";

const userBodySchema = z.strictObject({
  externalId: externalIdSchema.nullable().describe("the site's user id (up to 128 characters); null unlinks"),
});

export const PUT = defineEndpoint({
  label: "PUT /api/v1/subscriptions/{id}/user",
  access: { apiScope: "subscriptions:write" },
  params: subscriptionIdParamsSchema,
  notFound: "No subscription has this id.",
  body: { json: userBodySchema, maxBytes: SMALL_BODY_LIMIT },
  doc: {
    summary: "Set a subscription's user",
    description:
      "Your back-end knows which signed-in user a subscription belongs to; one user may have many. " +
      "Then `users` targets and /users/{externalId} reach all of that user's devices.",
    tag: "Users",
    success: { status: 200, description: "The subscription as stored now", schema: apiSubscriptionSchema },
    exampleBody: { externalId: "user-42" },
    errors: [404],
  },
  async handle({ params, body }) {
    const db = getServerContext().appDb;
    return { status: 200, json: await patchApiSubscription(db, params.id, body, new Date()) };
  },
});
