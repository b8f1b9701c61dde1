// POST /api/subscriptions — create or refresh the visitor's push subscription (or replace a proven old one)
// PATCH /api/subscriptions — change the topics of the subscription the caller proves it holds
// DELETE /api/subscriptions — unsubscribe (row kept for statistics, keys wiped)
import { handleErrors } from "@/lib/http/errors";
import { NO_STORE, routeHandler } from "@/lib/http/json-endpoint";
import { parseInput } from "@/lib/http/validate";
import { getServerContext } from "@/lib/server-context";
import { unsubscribe, updateSubscriptionTopics } from "@/lib/subscriptions/mutations";
import { subscriptionProofSchema, updateTopicsSchema } from "@/lib/subscriptions/schema";
import { createSubscriptionEndpoint } from "./_endpoint";
import { mapSubscriptionErrors, readVisitorBody } from "./_shared";

export const dynamic = "force-dynamic";

export const POST = routeHandler(createSubscriptionEndpoint);

export function PATCH(request: Request) {
  return handleErrors("PATCH /api/subscriptions", async () => {
    const input = parseInput(updateTopicsSchema, await readVisitorBody(request));
    const { db } = getServerContext();
    const subscription = await mapSubscriptionErrors(() => updateSubscriptionTopics(db, input, new Date()));
    return Response.json({ subscription }, { headers: NO_STORE });
  });
}

export function DELETE(request: Request) {
  return handleErrors("DELETE /api/subscriptions", async () => {
    const proof = parseInput(subscriptionProofSchema, await readVisitorBody(request));
    const { db } = getServerContext();
    await mapSubscriptionErrors(() => unsubscribe(db, proof, new Date()));
    return new Response(null, { status: 204, headers: NO_STORE });
  });
}
