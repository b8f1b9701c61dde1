import { describe, expect, it } from "vitest";
import {
  buildPushPayload,
  encodePushPayload,
  measurePayload,
  PAYLOAD_MAX_BYTES,
  PayloadError,
  serializePayload,
  type NotificationContent,
} from "@/lib/push/payload";

const base: NotificationContent = { title: "Sale", clickUrl: "https://site.example/sale?c=42" };

/** Content whose serialized payload is exactly `bytes` long, padded with a body of `filler` characters. */
function contentOfSize(bytes: number, filler = "a"): NotificationContent {
  const empty = measurePayload({ ...base, body: "" }).bytes;
  const unit = new TextEncoder().encode(filler).length;
  const room = bytes - empty;
  const body = filler.repeat(Math.floor(room / unit)) + "a".repeat(room % unit);
  const content = { ...base, body };
  expect(measurePayload(content).bytes).toBe(bytes);
  return content;
}

describe("buildPushPayload", () => {
  it("builds Declarative Web Push JSON with our extras", () => {
    const payload = buildPushPayload(
      {
        ...base,
        body: "20% off",
        icon: "/icon.png",
        image: "https://cdn.example/i.png",
        badge: "/badge.png",
        actions: [{ action: "open", title: "Open", url: "/a" }],
        tag: "c42",
        renotify: true,
        requireInteraction: true,
        silent: false,
        appBadge: 3,
        campaignId: 42,
        receiptToken: "rt",
        timestamp: 1700000000000,
        lang: "en",
        dir: "ltr",
      },
      { baseUrl: "https://site.example" },
    );
    expect(payload).toEqual({
      web_push: 8030,
      mutable: true,
      app_badge: "3",
      notification: {
        title: "Sale",
        body: "20% off",
        navigate: "https://site.example/sale?c=42",
        lang: "en",
        dir: "ltr",
        tag: "c42",
        silent: false,
        data: {
          pushboard: {
            campaignId: 42,
            receiptToken: "rt",
            icon: "https://site.example/icon.png",
            image: "https://cdn.example/i.png",
            badge: "https://site.example/badge.png",
            actions: [{ action: "open", title: "Open", navigate: "https://site.example/a" }],
            requireInteraction: true,
            renotify: true,
            timestamp: 1700000000000,
          },
        },
      },
    });
    // undefined members vanish from the JSON rather than travelling as nulls
    expect(serializePayload(buildPushPayload(base))).toBe(
      '{"web_push":8030,"mutable":true,"notification":{"title":"Sale","navigate":"https://site.example/sale?c=42","data":{"pushboard":{}}}}',
    );
  });

  it.each([
    [{ ...base, title: "  " }, "title"],
    [{ ...base, clickUrl: "/relative" }, "clickUrl"],
    [{ ...base, clickUrl: "javascript:alert(1)" }, "clickUrl"],
    [{ ...base, icon: "data:image/png;base64,AAAA" }, "icon"],
    [{ ...base, renotify: true }, "renotify"],
    [{ ...base, appBadge: -1 }, "appBadge"],
    [{ ...base, appBadge: 1.5 }, "appBadge"],
    [{ ...base, actions: [{ action: "", title: "x", url: "https://a.example" }] }, "actions.0"],
    [
      { ...base, actions: [1, 2, 3].map((i) => ({ action: `a${i}`, title: "t", url: "https://a.example" })) },
      "actions",
    ],
    [{ ...base, title: 42 as unknown as string }, "title"],
  ])("refuses invalid content (%#: %s)", (content, field) => {
    expect(() => buildPushPayload(content as NotificationContent)).toThrow(PayloadError);
    try {
      buildPushPayload(content as NotificationContent);
    } catch (err) {
      expect((err as PayloadError).field).toBe(field);
      expect((err as PayloadError).problem).toBe("invalid");
    }
  });
});

describe("payload budget", () => {
  it("accepts exactly 3993 bytes and refuses 3994 with a clear error", () => {
    expect(encodePushPayload(contentOfSize(PAYLOAD_MAX_BYTES)).bytes).toBe(3993);
    const over = contentOfSize(PAYLOAD_MAX_BYTES + 1);
    expect(measurePayload(over)).toMatchObject({ bytes: 3994, tooLarge: true });
    expect(() => encodePushPayload(over)).toThrow(/3994 bytes; Web Push allows 3993\. Shorten it by 1 bytes/);
  });

  it("counts UTF-8 bytes, not characters", () => {
    const content = contentOfSize(3993, "€"); // 3 bytes each
    expect(content.body!.length).toBeLessThan(1400);
    expect(measurePayload(content).tooLarge).toBe(false);
    expect(measurePayload({ ...content, body: content.body + "é" }).tooLarge).toBe(true);
    expect(measurePayload('{"a":"😀"}').bytes).toBe(12);
  });

  it("warns above 3070 bytes (Firefox for Android) but not at 3070", () => {
    expect(measurePayload(contentOfSize(3070)).warning).toBe(false);
    expect(measurePayload(contentOfSize(3071)).warning).toBe(true);
    expect(encodePushPayload(contentOfSize(3071)).warning).toBe(true);
  });

  it("measures half-written drafts without throwing", () => {
    expect(measurePayload({ title: "", clickUrl: "" }).bytes).toBeGreaterThan(0);
  });
});
