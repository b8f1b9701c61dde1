// Client-safe input schemas for the visitor's subscription API (the opt-in code and the route handlers
// share them). The deep checks — endpoint policy, key curve check, topic existence — run on the server.
import { z } from "zod";
import { UNPAIRED_MESSAGE, externalIdSchema, externalIdSignatureSchema } from "@/lib/identity/schema";
import { topicSlugListSchema } from "@/lib/topics/schema";

// Serialized URLs are printable ASCII; anything else is refused here, before a lookup or the policy.
const endpoint = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[\x21-\x7e]+$/, "must be a URL in printable ASCII");
const base64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url");

/** What proves a request comes from the browser holding the subscription: its endpoint and auth secret. */
export const subscriptionProofSchema = z.object({
  endpoint,
  auth: base64url(64),
});
export type SubscriptionProof = z.infer<typeof subscriptionProofSchema>;

const createSubscriptionFields = z.object({
  endpoint,
  // ms since the epoch, within what a Date can hold (a larger one would become an Invalid Date)
  expirationTime: z.number().int().nonnegative().max(8.64e15).nullish(),
  keys: z.object({ p256dh: base64url(200), auth: base64url(64) }),
  // absent: keep the topics already chosen (a re-subscription from the service worker)
  topics: topicSlugListSchema.optional(),
  language: z
    .string()
    .max(35)
    .regex(/^[A-Za-z0-9-]+$/, "a BCP 47 language tag")
    .optional(),
  timeZone: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_+\-/]+$/, "an IANA time zone")
    .optional(),
  // the application server key the browser subscribed with; it must be the server's current one
  vapidPublicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/, "a base64url P-256 public key"),
  // a replacement (pushsubscriptionchange or a key rotation) names the old subscription and proves it
  oldEndpoint: endpoint.optional(),
  oldAuth: base64url(64).optional(),
  // the site's own user id with its back-end's signature of it (lib/identity/verify.ts): both or neither
  externalId: externalIdSchema.optional(),
  externalIdSignature: externalIdSignatureSchema.optional(),
});
export const createSubscriptionSchema = createSubscriptionFields.superRefine((input, ctx) => {
  if ((input.externalId === undefined) === (input.externalIdSignature === undefined)) return;
  ctx.addIssue({
    code: "custom",
    path: [input.externalId === undefined ? "externalId" : "externalIdSignature"],
    message: UNPAIRED_MESSAGE,
  });
});
export type CreateSubscriptionInput = z.infer<typeof createSubscriptionSchema>;

export const updateTopicsSchema = subscriptionProofSchema.extend({ topics: topicSlugListSchema });
export type UpdateTopicsInput = z.infer<typeof updateTopicsSchema>;

/** What the visitor's browser learns about its own subscription; never keys or the endpoint. */
export type SubscriptionDto = {
  status: "active" | "unsubscribed" | "expired";
  topics: string[];
  pushService: string;
  createdAt: number;
};
