// RFC 8030 delivery options, checked the same way in the composer (client) and before each send.
import { z } from "zod";
import { URGENCIES } from "@/lib/db/schema/enums";
import { toBase64Url } from "./base64url";
import { sha256 } from "./sha256";

/** FCM's ceiling (4 weeks); Mozilla clamps to 30 days, so nothing longer is ever honoured. */
export const MAX_TTL_SECONDS = 2_419_200;
export const MAX_TOPIC_LENGTH = 32;

export const ttlSchema = z
  .number({ error: "TTL must be a number of seconds" })
  .int("TTL must be whole seconds")
  .min(0, "TTL cannot be negative")
  .max(MAX_TTL_SECONDS, `TTL cannot exceed ${MAX_TTL_SECONDS} seconds (4 weeks)`);

export const urgencySchema = z.enum(URGENCIES, { error: "Urgency must be very-low, low, normal or high" });

// Apple base64url-decodes the topic: a length that leaves 1 when divided by 4 is not decodable.
export const topicSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, "Topic may only use letters, digits, '-' and '_'")
  .max(MAX_TOPIC_LENGTH, `Topic is at most ${MAX_TOPIC_LENGTH} characters`)
  .refine((topic) => topic.length % 4 !== 1, "Topic length must not leave 1 when divided by 4");

export const pushOptionsSchema = z.object({
  ttl: ttlSchema,
  urgency: urgencySchema.optional(),
  topic: topicSchema.optional(),
});
export type PushOptions = z.infer<typeof pushOptionsSchema>;

/**
 * A valid topic for a readable name (topics travel unencrypted, so names must not): 24 bytes of
 * SHA-256 make 32 base64url characters, which is also the maximum and a multiple of 4.
 */
export function topicFromName(name: string): string {
  return toBase64Url(sha256(new TextEncoder().encode(name)).subarray(0, 24));
}
