import { describe, expect, it } from "vitest";
import { z } from "zod";
import { campaignAudienceSchema } from "@/lib/audience/schema";
import {
  campaignComposerSchema,
  createComposerSchema,
  httpUrlSchema,
  imageUrlSchema,
} from "@/lib/campaigns/composer-schema";

const NOW = new Date("2025-06-15T12:00:00.000Z");
const schema = createComposerSchema(() => NOW);

const fieldErrors = (input: Record<string, unknown>) => {
  const parsed = schema.safeParse({ title: "Hello", ...input });
  if (parsed.success) throw new Error(`expected a failure for ${JSON.stringify(input)}`);
  return z.flattenError(parsed.error);
};

describe("campaign composer schema", () => {
  it("fills defaults for a minimal campaign and treats blank optional fields as absent", () => {
    const parsed = schema.parse({ title: "  Big news  ", icon: "", url: null, tag: "", appBadge: "" });
    expect(parsed).toEqual({
      title: "Big news",
      body: "",
      actions: [],
      renotify: false,
      requireInteraction: false,
      silent: false,
      ttl: 86_400,
      urgency: "normal",
      audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
    });
  });

  it("accepts a complete campaign", () => {
    const parsed = schema.parse({
      title: "Sale",
      body: "Everything must go",
      icon: "/icons/192.png",
      image: "https://cdn.example.com/sale.jpg",
      badge: "/badge.png",
      url: "https://shop.example.com/sale?utm=push#top",
      actions: [
        { title: "Open", url: "https://shop.example.com/" },
        { title: "Later", url: "http://shop.example.com/later" },
      ],
      tag: "sale",
      renotify: true,
      requireInteraction: true,
      silent: false,
      appBadge: 99_999,
      ttl: 2_419_200,
      urgency: "high",
      topic: "sale-2025x",
      sendRatePerMinute: 1_000_000,
      audience: { includeSegmentIds: [1, 1, 2], excludeTopicIds: [3] },
      scheduledAt: "2025-06-15T12:00:01Z",
    });
    expect(parsed.audience).toEqual({
      includeSegmentIds: [1, 2],
      excludeSegmentIds: [],
      includeTopicIds: [],
      excludeTopicIds: [3],
    });
    expect(parsed.scheduledAt).toEqual(new Date("2025-06-15T12:00:01Z"));
  });

  it("refuses hostile and malformed click URLs", () => {
    const hostile = [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "ftp://example.com/",
      "//evil.example.com/",
      "/relative/path",
      "https:evil.example.com",
      "https://",
      "https://user:pass@evil.example.com/",
      "https://exa mple.com/",
      "https://example.com/\\evil",
      "not a url",
      `https://example.com/${"a".repeat(2048)}`,
    ];
    for (const url of hostile) {
      expect(httpUrlSchema.safeParse(url).success, url).toBe(false);
      expect(fieldErrors({ url }).fieldErrors.url, url).toHaveLength(1);
    }
    expect(fieldErrors({ url: "javascript:alert(1)" }).fieldErrors.url).toEqual([
      "Use an absolute http:// or https:// URL",
    ]);
    expect(fieldErrors({ actions: [{ title: "Go", url: "javascript:alert(1)" }] }).fieldErrors.actions).toEqual([
      "Use an absolute http:// or https:// URL",
    ]);
  });

  it("takes an action button without a URL (it only closes the notification)", () => {
    const parsed = schema.parse({
      title: "Hello",
      actions: [
        { title: "Dismiss", url: "" },
        { title: "Open", url: "https://example.com/" },
      ],
    });
    expect(parsed.actions).toEqual([{ title: "Dismiss" }, { title: "Open", url: "https://example.com/" }]);
    expect(schema.parse({ title: "Hello", actions: [{ title: "Later" }] }).actions).toEqual([{ title: "Later" }]);
    expect(fieldErrors({ actions: [{ title: "", url: "" }] }).fieldErrors.actions).toEqual([
      "Action label is required",
    ]);
  });

  it("allows site paths for images but not protocol-relative or scheme tricks", () => {
    for (const ok of ["/icon.png", "/a/b.png?v=2", "https://cdn.example.com/i.png", "http://cdn.example.com/i.png"]) {
      expect(imageUrlSchema.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of [
      "//evil.example.com/i.png",
      "/\\evil.example.com",
      "icon.png",
      "data:image/png;base64,AAAA",
      "javascript:alert(1)",
      "/a b.png",
    ]) {
      expect(imageUrlSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(fieldErrors({ icon: "//evil.example.com/i.png" }).fieldErrors.icon).toEqual([
      'Use an absolute http(s) URL or a path on this site starting with "/"',
    ]);
  });

  it("enforces lengths and counts with readable messages", () => {
    expect(fieldErrors({ title: "" }).fieldErrors.title).toEqual(["Title is required"]);
    expect(fieldErrors({ title: "   " }).fieldErrors.title).toEqual(["Title is required"]);
    expect(fieldErrors({ title: "x".repeat(121) }).fieldErrors.title).toEqual(["Title is at most 120 characters"]);
    expect(schema.safeParse({ title: "x".repeat(120) }).success).toBe(true);
    expect(fieldErrors({ body: "x".repeat(501) }).fieldErrors.body).toEqual(["Body is at most 500 characters"]);
    const action = { title: "Go", url: "https://example.com/" };
    expect(fieldErrors({ actions: [action, action, action] }).fieldErrors.actions).toEqual([
      "At most 2 actions (browsers drop the rest)",
    ]);
    expect(fieldErrors({ actions: [{ title: "x".repeat(41), url: action.url }] }).fieldErrors.actions).toEqual([
      "Action label is at most 40 characters",
    ]);
    expect(fieldErrors({ tag: "t".repeat(65) }).fieldErrors.tag).toEqual(["Tag is at most 64 characters"]);
  });

  it("checks numbers, enums and the push options", () => {
    expect(fieldErrors({ appBadge: 100_000 }).fieldErrors.appBadge).toEqual(["App badge is at most 99,999"]);
    expect(fieldErrors({ appBadge: -1 }).fieldErrors.appBadge).toEqual(["App badge must be at least 0"]);
    expect(fieldErrors({ ttl: 2_419_201 }).fieldErrors.ttl?.[0]).toContain("TTL cannot exceed");
    expect(fieldErrors({ ttl: 1.5 }).fieldErrors.ttl).toEqual(["TTL must be whole seconds"]);
    expect(fieldErrors({ ttl: -1 }).fieldErrors.ttl).toEqual(["TTL cannot be negative"]);
    expect(fieldErrors({ urgency: "urgent" }).fieldErrors.urgency).toEqual([
      "Urgency must be very-low, low, normal or high",
    ]);
    expect(fieldErrors({ topic: "queued-c3" }).fieldErrors.topic).toEqual([
      "Replace key can't be 9 characters long (Apple's push service decodes it as base64url, where 1, 5, 9, 13… " +
        'characters are impossible). Use 8 or 10 characters, for example "queued-c" or "queued-c3x".',
    ]);
    expect(fieldErrors({ topic: "a".repeat(33) }).fieldErrors.topic).toEqual(["Replace key is at most 32 characters"]);
    expect(fieldErrors({ topic: "has space" }).fieldErrors.topic).toEqual([
      "Replace key may only use letters, digits, '-' and '_'",
    ]);
    expect(fieldErrors({ sendRatePerMinute: 0 }).fieldErrors.sendRatePerMinute).toEqual([
      "Send rate must be at least 1",
    ]);
    expect(fieldErrors({ sendRatePerMinute: 1_000_001 }).fieldErrors.sendRatePerMinute).toEqual([
      "Send rate is at most 1,000,000",
    ]);
  });

  it("refuses wrong types", () => {
    const errors = fieldErrors({
      title: 42,
      body: ["x"],
      renotify: "yes",
      silent: 1,
      ttl: "3600",
      appBadge: "7",
      actions: "none",
      audience: [],
      url: 42,
      icon: {},
    });
    expect(errors.fieldErrors).toMatchObject({
      title: ["Title is required"],
      body: ["Body must be text"],
      renotify: ["Re-notify must be true or false"],
      silent: ["Silent must be true or false"],
      ttl: ["TTL must be a number of seconds"],
      appBadge: ["App badge must be a number"],
      actions: ["Actions must be a list"],
      url: ["URL must be text"],
      icon: ["URL must be text"],
    });
    expect(errors.fieldErrors.audience).toHaveLength(1);
    expect(schema.safeParse(null).success).toBe(false);
    expect(schema.safeParse('{"title":"x"}').success).toBe(false);
  });

  it("needs a tag for renotify", () => {
    expect(fieldErrors({ renotify: true }).fieldErrors.renotify).toEqual([
      "Re-notify needs a tag (browsers refuse it otherwise)",
    ]);
    expect(schema.safeParse({ title: "x", renotify: true, tag: "t" }).success).toBe(true);
  });

  it("schedules only in the future, against the injected clock", () => {
    expect(fieldErrors({ scheduledAt: "2025-06-15T12:00:00Z" }).fieldErrors.scheduledAt).toEqual([
      "Schedule time must be in the future",
    ]);
    expect(fieldErrors({ scheduledAt: "2025-06-15T13:59:00+02:00" }).fieldErrors.scheduledAt).toEqual([
      "Schedule time must be in the future",
    ]);
    expect(schema.safeParse({ title: "x", scheduledAt: "2025-06-15T14:01:00+02:00" }).success).toBe(true);
    expect(fieldErrors({ scheduledAt: "2026-06-17T00:00:00Z" }).fieldErrors.scheduledAt).toEqual([
      "Schedule time is at most a year ahead",
    ]);
    expect(fieldErrors({ scheduledAt: "tomorrow" }).fieldErrors.scheduledAt).toEqual([
      "Schedule time must be an ISO date and time with a time zone",
    ]);
    expect(fieldErrors({ scheduledAt: "2025-06-16T12:00:00" }).fieldErrors.scheduledAt).toHaveLength(1); // no zone: ambiguous
    // the default schema uses the real clock
    expect(campaignComposerSchema.safeParse({ title: "x", scheduledAt: "2000-01-01T00:00:00Z" }).success).toBe(false);
  });

  it("refuses content too large for one push record", () => {
    const long = (n: number) => `https://cdn.example.com/${"a".repeat(n)}`;
    const errors = fieldErrors({
      title: "x".repeat(120),
      body: "é".repeat(500),
      icon: long(900),
      image: long(900),
      url: long(900),
    });
    expect(errors.formErrors[0]).toMatch(/^The notification is about \d+ bytes; Web Push allows 3993/);
  });
});

describe("campaign audience schema", () => {
  it("refuses an id both included and excluded, bad ids and overlong lists", () => {
    const parsed = campaignAudienceSchema.safeParse({
      includeSegmentIds: [1],
      excludeSegmentIds: [1],
      includeTopicIds: [2],
      excludeTopicIds: [2],
    });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(z.flattenError(parsed.error).fieldErrors).toEqual({
        excludeSegmentIds: ["A segment cannot be both included and excluded"],
        excludeTopicIds: ["A topic cannot be both included and excluded"],
      });
    }
    expect(campaignAudienceSchema.safeParse({ includeSegmentIds: [0] }).success).toBe(false);
    expect(campaignAudienceSchema.safeParse({ includeTopicIds: ["1 or 1=1"] }).success).toBe(false);
    expect(
      campaignAudienceSchema.safeParse({ includeTopicIds: Array.from({ length: 51 }, (_, i) => i + 1) }).success,
    ).toBe(false);
  });
});
