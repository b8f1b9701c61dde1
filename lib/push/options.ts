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

const TOPIC_ALPHABET = /^[A-Za-z0-9_-]+$/;

/**
 * RFC 8030 only asks for at most 32 base64url characters, but Apple's push service base64url-decodes the
 * topic, and no base64url text is 1, 5, 9, 13… characters long (4 characters carry 3 bytes; a single
 * leftover character carries less than one). So those lengths are refused before a push service does.
 */
export function isDecodableTopicLength(length: number): boolean {
  return length % 4 !== 1;
}

/** The two nearest valid lengths' examples for a topic whose length is ≡ 1 (mod 4): one shorter, one longer. */
function neighbours(topic: string): { shorter: string | null; longer: string | null } {
  return {
    shorter: topic.length > 1 ? topic.slice(0, -1) : null,
    longer: topic.length < MAX_TOPIC_LENGTH ? `${topic}x` : null,
  };
}

/**
 * The nearest valid topic for one that only breaks a length rule (too long, or an impossible base64url
 * length), or null when the topic is valid or uses characters outside the alphabet.
 */
export function suggestTopic(topic: string): string | null {
  if (topic === "" || !TOPIC_ALPHABET.test(topic)) return null;
  if (topic.length > MAX_TOPIC_LENGTH) return topic.slice(0, MAX_TOPIC_LENGTH);
  if (isDecodableTopicLength(topic.length)) return null;
  const { shorter, longer } = neighbours(topic);
  return shorter ?? longer;
}

/** The words for a topic of an impossible length, with both nearest valid examples. */
export function topicLengthMessage(topic: string, what = "Topic"): string {
  const n = topic.length;
  const { shorter, longer } = neighbours(topic);
  const examples = [shorter, longer].filter((t): t is string => t !== null).map((t) => `"${t}"`);
  const lengths = [n - 1, n + 1].filter((l) => l >= 1 && l <= MAX_TOPIC_LENGTH).join(" or ");
  return (
    `${what} can't be ${n} character${n === 1 ? "" : "s"} long (Apple's push service decodes it as base64url, ` +
    `where 1, 5, 9, 13… characters are impossible). Use ${lengths} characters, for example ${examples.join(" or ")}.`
  );
}

/** A topic schema whose messages name the field as the form shows it ("Replace key" in the composer). */
export function makeTopicSchema(what = "Topic") {
  return z
    .string()
    .regex(TOPIC_ALPHABET, `${what} may only use letters, digits, '-' and '_'`)
    .max(MAX_TOPIC_LENGTH, `${what} is at most ${MAX_TOPIC_LENGTH} characters`)
    .check((payload) => {
      const topic = payload.value;
      // one message at a time: a wrong character or an over-long topic is said by the checks above
      if (!TOPIC_ALPHABET.test(topic) || topic.length > MAX_TOPIC_LENGTH || isDecodableTopicLength(topic.length))
        return;
      payload.issues.push({ code: "custom", input: topic, message: topicLengthMessage(topic, what) });
    });
}

export const topicSchema = makeTopicSchema();

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
