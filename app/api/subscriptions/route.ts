// POST /api/subscriptions — create or refresh the visitor's push subscription (or replace a proven old one)
// PATCH /api/subscriptions — change the topics of the subscription the caller proves it holds
// DELETE /api/subscriptions — unsubscribe (row kept for statistics, keys wiped)
import { groupCommit } from "@/lib/db/group-commit";
import { env } from "@/lib/env.mjs";
import { handleErrors } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { getServerContext } from "@/lib/server-context";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";
import { saveSubscription, unsubscribe, updateSubscriptionTopics } from "@/lib/subscriptions/mutations";
import { createSubscriptionSchema, subscriptionProofSchema, updateTopicsSchema } from "@/lib/subscriptions/schema";
import { mapSubscriptionErrors, readVisitorBody } from "./_shared";
import { signedInUserId } from "./_session";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

export function POST(request: Request) {
  return handleErrors("POST /api/subscriptions", async () => {
    const input = parseInput(createSubscriptionSchema, await readVisitorBody(request));
    const { db, vapid } = getServerContext();
    const userId = await signedInUserId(db, request);
    const extraHosts = getExtraPushHosts(db, env.PUSH_EXTRA_HOSTS);
    const result = await mapSubscriptionErrors(() =>
      groupCommit(db, () =>
        saveSubscription(db, input, { extraHosts, vapidPublicKey: vapid.publicKey, userAgent: request.headers.get("user-agent"), userId, now: new Date() }),
      ),
    );
    return Response.json({ subscription: result.subscription }, { status: result.created ? 201 : 200, headers: noStore });
  });
}

export function PATCH(request: Request) {
  return handleErrors("PATCH /api/subscriptions", async () => {
    const input = parseInput(updateTopicsSchema, await readVisitorBody(request));
    const { db } = getServerContext();
    const subscription = await mapSubscriptionErrors(() => updateSubscriptionTopics(db, input, new Date()));
    return Response.json({ subscription }, { headers: noStore });
  });
}

export function DELETE(request: Request) {
  return handleErrors("DELETE /api/subscriptions", async () => {
    const proof = parseInput(subscriptionProofSchema, await readVisitorBody(request));
    const { db } = getServerContext();
    await mapSubscriptionErrors(() => unsubscribe(db, proof, new Date()));
    return new Response(null, { status: 204, headers: noStore });
  });
}
