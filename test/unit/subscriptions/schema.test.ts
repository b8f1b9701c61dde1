import { describe, expect, it } from "vitest";
import { createSubscriptionSchema, subscriptionProofSchema, updateTopicsSchema } from "@/lib/subscriptions/schema";
import { browserSubscription } from "./helpers";

const odd = ["\u0000", "\u202E", "\u200B", "\uD800", "\uFEFF", "é", " "];

describe("subscription input schemas", () => {
  it("accepts what a browser sends", () => {
    expect(createSubscriptionSchema.safeParse(browserSubscription()).success).toBe(true);
    expect(createSubscriptionSchema.safeParse(browserSubscription({ expirationTime: 8.64e15 })).success).toBe(true);
  });

  it.each(odd.map((c) => [JSON.stringify(c), c]))(
    "refuses an endpoint containing %s in every schema that takes one",
    (_label, c) => {
      const sub = browserSubscription();
      const endpoint = `${sub.endpoint}${c}x`;
      expect(createSubscriptionSchema.safeParse({ ...sub, endpoint }).success).toBe(false);
      expect(
        createSubscriptionSchema.safeParse({ ...sub, oldEndpoint: endpoint, oldAuth: sub.keys.auth }).success,
      ).toBe(false);
      expect(subscriptionProofSchema.safeParse({ endpoint, auth: sub.keys.auth }).success).toBe(false);
      expect(updateTopicsSchema.safeParse({ endpoint, auth: sub.keys.auth, topics: [] }).success).toBe(false);
    },
  );

  it("refuses an expiration time a Date cannot hold (it would be stored as an Invalid Date)", () => {
    for (const expirationTime of [8.64e15 + 1, 9e15, 2 ** 53 - 1, 1e308, -1, 1.5]) {
      expect(createSubscriptionSchema.safeParse(browserSubscription({ expirationTime })).success).toBe(false);
    }
  });
});
