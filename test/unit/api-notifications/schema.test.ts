import { describe, expect, it } from "vitest";
import { apiNotificationSchema, targetOf } from "@/lib/api-notifications/schema";
import { fieldErrorsOf } from "@/lib/http/action-result";

const NOW = new Date("2026-04-01T12:00:00Z");
const schema = apiNotificationSchema(NOW);
const base = { title: "Your order shipped", users: ["user-1"] };

function errorsOf(input: unknown) {
  const parsed = schema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

describe("apiNotificationSchema", () => {
  it("takes the composer's content with its defaults, names the send after its title and finds its target", () => {
    const parsed = schema.parse(base);
    expect(parsed).toMatchObject({
      name: "Your order shipped",
      title: "Your order shipped",
      body: "",
      actions: [],
      renotify: false,
      ttl: 86_400,
      urgency: "normal",
    });
    expect(targetOf(parsed)).toEqual({ kind: "users", externalIds: ["user-1"] });
    expect(targetOf(schema.parse({ title: "x", all: true }))).toEqual({ kind: "all" });
    expect(targetOf(schema.parse({ title: "x", segment: 3 }))).toEqual({ kind: "segment", id: 3 });
    expect(targetOf(schema.parse({ title: "x", subscriptions: [4, 5] }))).toEqual({
      kind: "subscriptions",
      ids: [4, 5],
    });
    expect(targetOf(schema.parse({ title: "x", topics: { include: ["news", 7] } }))).toEqual({
      kind: "topics",
      include: ["news", 7],
      exclude: [],
    });
  });

  it("accepts every content and delivery field", () => {
    const parsed = schema.parse({
      ...base,
      name: "Shipping notice #12",
      body: "It arrives tomorrow",
      icon: "/icons/192.png",
      image: "https://cdn.example/box.png",
      badge: "/icons/badge.png",
      clickUrl: "https://shop.example/orders/12",
      actions: [{ title: "Track", url: "https://shop.example/track/12" }, { title: "Dismiss" }],
      tag: "order-12",
      renotify: true,
      requireInteraction: true,
      silent: false,
      appBadge: 3,
      data: { orderId: 12, items: [{ sku: "A1" }], gift: null },
      ttl: 3600,
      urgency: "high",
      topic: "order-12",
      sendAt: "2026-04-02T09:00:00+02:00",
    });
    expect(parsed.name).toBe("Shipping notice #12");
    expect(parsed.sendAt).toEqual(new Date("2026-04-02T07:00:00Z"));
    expect(parsed.data).toEqual({ orderId: 12, items: [{ sku: "A1" }], gift: null });
  });

  it("refuses no target, two targets, and an all that is not true", () => {
    expect(errorsOf({ title: "x" }).target).toEqual([
      "Give exactly one target: users, subscriptions, segment, topics or all",
    ]);
    expect(errorsOf({ title: "x", users: ["a"], segment: 2 }).target).toEqual([
      "Give exactly one target, not users and segment",
    ]);
    expect(errorsOf({ title: "x", all: true, topics: { include: ["news"] } }).target?.[0]).toMatch(/topics and all/);
    expect(errorsOf({ title: "x", all: false }).all).toBeDefined();
  });

  it("refuses 10,001 users, an empty list, an over-long or empty user id, and non-integer subscription ids", () => {
    const many = Array.from({ length: 10_001 }, (_, i) => `u${i}`);
    expect(errorsOf({ title: "x", users: many }).users).toEqual(["At most 10,000 users per request"]);
    expect(schema.safeParse({ title: "x", users: many.slice(1) }).success).toBe(true);
    expect(errorsOf({ title: "x", users: [] }).users).toEqual(["Name at least one user"]);
    expect(errorsOf({ title: "x", users: ["u".repeat(129)] })["users.0"]).toBeDefined();
    expect(schema.safeParse({ title: "x", users: ["u".repeat(128)] }).success).toBe(true);
    expect(errorsOf({ title: "x", users: [""] })["users.0"]).toBeDefined();
    expect(errorsOf({ title: "x", subscriptions: [1.5, -2] })).toHaveProperty(["subscriptions.0"]);
    expect(
      errorsOf({ title: "x", subscriptions: Array.from({ length: 10_001 }, (_, i) => i + 1) }).subscriptions,
    ).toBeDefined();
  });

  it("refuses a sendAt in the past, now, or more than 30 days ahead, and one without a time zone", () => {
    expect(errorsOf({ ...base, sendAt: "2026-04-01T11:59:59Z" }).sendAt).toEqual(["sendAt must be in the future"]);
    expect(errorsOf({ ...base, sendAt: NOW.toISOString() }).sendAt).toEqual(["sendAt must be in the future"]);
    expect(errorsOf({ ...base, sendAt: "2026-05-02T12:00:00Z" }).sendAt).toEqual(["sendAt is at most 30 days ahead"]);
    expect(schema.safeParse({ ...base, sendAt: "2026-05-01T12:00:00Z" }).success).toBe(true);
    expect(errorsOf({ ...base, sendAt: "2026-04-02 10:00" }).sendAt).toBeDefined();
  });

  it("counts data in the 3993-byte budget: content that fits alone is refused with too much data", () => {
    const body = "b".repeat(500);
    expect(schema.safeParse({ ...base, body }).success).toBe(true);
    const errors = errorsOf({ ...base, body, data: { blob: "x".repeat(3_500) } });
    expect(errors._form?.[0]).toMatch(/Web Push allows 3993\. Shorten the text or the URLs or the data\./);
    expect(schema.safeParse({ ...base, body, data: { blob: "x".repeat(2_000) } }).success).toBe(true);
  });

  it("refuses data that is not a JSON object", () => {
    expect(errorsOf({ ...base, data: [1, 2] }).data).toBeDefined();
    expect(errorsOf({ ...base, data: "text" }).data).toBeDefined();
  });

  it("refuses unknown keys (a typo is not silently dropped)", () => {
    const errors = errorsOf({ ...base, titel: "typo" });
    expect(errors._form?.[0]).toMatch(/titel/);
  });

  it("refuses a topic outside RFC 8030: other characters, over 32, or an impossible base64url length", () => {
    expect(errorsOf({ ...base, topic: "order 12" }).topic?.[0]).toMatch(/letters, digits/);
    expect(errorsOf({ ...base, topic: "a".repeat(33) }).topic?.[0]).toMatch(/at most 32/);
    expect(errorsOf({ ...base, topic: "abcde" }).topic?.[0]).toMatch(/can't be 5 characters/);
    expect(schema.safeParse({ ...base, topic: "a".repeat(32) }).success).toBe(true);
  });

  it("keeps the composer's rules: URLs, actions, urgency, renotify without a tag", () => {
    expect(errorsOf({ ...base, clickUrl: "javascript:alert(1)" }).clickUrl).toBeDefined();
    expect(errorsOf({ ...base, actions: [{ title: "a" }, { title: "b" }, { title: "c" }] }).actions).toBeDefined();
    expect(errorsOf({ ...base, urgency: "urgent" }).urgency).toBeDefined();
    expect(errorsOf({ ...base, renotify: true }).renotify).toEqual([
      "Re-notify needs a tag (browsers refuse it otherwise)",
    ]);
    expect(errorsOf({ users: ["a"] }).title).toEqual(["Title is required"]);
  });

  it("refuses a topics target without includes, with a bad slug, or with unknown keys", () => {
    expect(errorsOf({ title: "x", topics: { include: [] } })["topics.include"]).toEqual(["Include at least one topic"]);
    expect(errorsOf({ title: "x", topics: { include: ["Not A Slug"] } })["topics.include.0"]).toBeDefined();
    expect(errorsOf({ title: "x", topics: { include: ["news"], only: true } }).topics).toBeDefined();
  });
});
