// POST /api/subscriptions/lookup — the preferences page reads its own subscription (status, topics) with proof
import { handleErrors } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { getServerContext } from "@/lib/server-context";
import { getSubscription } from "@/lib/subscriptions/queries";
import { subscriptionProofSchema } from "@/lib/subscriptions/schema";
import { mapSubscriptionErrors, readVisitorBody } from "../_shared";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleErrors("POST /api/subscriptions/lookup", async () => {
    const proof = parseInput(subscriptionProofSchema, await readVisitorBody(request));
    const { db } = getServerContext();
    const subscription = await mapSubscriptionErrors(() => getSubscription(db, proof));
    return Response.json({ subscription }, { headers: { "Cache-Control": "no-store" } });
  });
}
