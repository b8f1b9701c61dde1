// The service worker's own functions (public/sw-logic.js and sw-cache.js, loaded by sw.js with importScripts),
// fed with payloads from the real payload builder the sender uses.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { encodePushPayload } from "@/lib/push/payload";
import type * as SwLogic from "@/public/sw-logic.js";
import type * as SwCache from "@/public/sw-cache.js";

const logic = createRequire(import.meta.url)("../../../public/sw-logic.js") as typeof SwLogic;
const caching = createRequire(import.meta.url)("../../../public/sw-cache.js") as typeof SwCache;
const ORIGIN = "https://site.example";

function campaignPush() {
  return encodePushPayload(
    {
      title: "Sale starts now",
      body: "20% off today",
      clickUrl: "/sale?c=42",
      icon: "/icons/sale.png",
      image: "https://cdn.example/banner.jpg",
      badge: "/icons/badge-96.png",
      tag: "c42",
      renotify: true,
      requireInteraction: true,
      lang: "en",
      dir: "ltr",
      campaignId: 42,
      receiptToken: "tok_0123456789abcdefghij",
      timestamp: 1_900_000_000_000,
      appBadge: 3,
      actions: [
        { action: "shop", title: "Shop", url: "/shop" },
        { action: "later", title: "Later", url: "https://other.example/remind" },
      ],
    },
    { baseUrl: ORIGIN },
  ).json;
}

describe("readPayload + buildNotification", () => {
  it("turns the sender's payload into exactly what showNotification gets", () => {
    const result = logic.readPayload(campaignPush(), ORIGIN);
    expect(result.ok).toBe(true);
    const { title, options } = logic.buildNotification(result.payload);
    expect(title).toBe("Sale starts now");
    expect(options).toEqual({
      body: "20% off today",
      icon: "https://site.example/icons/sale.png",
      image: "https://cdn.example/banner.jpg",
      badge: "https://site.example/icons/badge-96.png",
      tag: "c42",
      renotify: true,
      requireInteraction: true,
      silent: false,
      lang: "en",
      dir: "ltr",
      timestamp: 1_900_000_000_000,
      actions: [
        { action: "shop", title: "Shop" },
        { action: "later", title: "Later" },
      ],
      data: {
        url: "https://site.example/sale?c=42",
        campaignId: 42,
        receiptToken: "tok_0123456789abcdefghij",
        actions: [
          { action: "shop", title: "Shop", url: "https://site.example/shop" },
          { action: "later", title: "Later", url: "https://other.example/remind" },
        ],
      },
    });
    expect(result.payload.appBadge).toBe(3);
  });

  it.each([
    ["no data", null, "push without data"],
    ["empty text", "", "push without data"],
    ["not JSON", "hello there", "push data is not JSON"],
    ["JSON without notification", JSON.stringify({ web_push: 8030 }), "push data has no notification object"],
    ["a JSON string", JSON.stringify("title"), "push data has no notification object"],
    ["blank title", JSON.stringify({ notification: { title: "   ", navigate: ORIGIN } }), "notification has no title"],
  ])("%s still yields a visible notification and a problem to report", (_label, raw, problem) => {
    const result = logic.readPayload(raw, ORIGIN);
    expect(result).toMatchObject({ ok: false, problem });
    const { title, options } = logic.buildNotification(result.payload, { defaultIcon: "/icons/icon-192.png" });
    expect(title).toBe(logic.FALLBACK_TITLE);
    expect(options.body).toMatch(/\w/);
    expect(options.icon).toBe("/icons/icon-192.png");
    expect(logic.receiptFor(options.data, "shown")).toBeNull();
  });

  it("drops hostile or malformed fields instead of passing them on", () => {
    const raw = JSON.stringify({
      notification: {
        title: "x".repeat(500),
        navigate: "javascript:alert(1)",
        dir: "sideways",
        data: {
          pushboard: {
            icon: "data:image/png;base64,AAAA",
            receiptToken: "../../etc",
            renotify: true,
            actions: [
              { action: "a", title: "A", navigate: "javascript:x" },
              { action: "" },
              "nope",
              { action: "b", title: "B" },
              { action: "c", title: "C" },
            ],
          },
        },
      },
      app_badge: "-1",
    });
    const { payload } = logic.readPayload(raw, ORIGIN);
    expect(payload.title).toHaveLength(200);
    expect(payload.url).toBe("https://site.example/");
    expect(payload.dir).toBe("auto");
    expect(payload.icon).toBeNull();
    expect(payload.receiptToken).toBeNull();
    expect(payload.renotify).toBe(false); // no tag
    expect(payload.appBadge).toBeNull();
    expect(payload.actions).toEqual([
      { action: "a", title: "A", url: "https://site.example/" },
      { action: "b", title: "B", url: null }, // no navigate: a button that only closes
    ]);
  });
});

describe("clicks and receipts", () => {
  const { options } = logic.buildNotification(logic.readPayload(campaignPush(), ORIGIN).payload);

  it("opens the action's own URL, or the notification's", () => {
    expect(logic.clickTarget(options.data, "", ORIGIN)).toBe("https://site.example/sale?c=42");
    expect(logic.clickTarget(options.data, "later", ORIGIN)).toBe("https://other.example/remind");
    expect(logic.clickTarget(options.data, "unknown", ORIGIN)).toBe("https://site.example/sale?c=42");
    expect(logic.clickTarget(null, "", ORIGIN)).toBe("https://site.example/");
  });

  it("opens nothing for a button without a URL, and still reports its click", () => {
    const raw = encodePushPayload(
      {
        title: "Reminder",
        clickUrl: "/sale",
        receiptToken: "tok_0123456789abcdefghij",
        actions: [
          { action: "action-1", title: "Shop", url: "/shop" },
          { action: "action-2", title: "Dismiss" },
        ],
      },
      { baseUrl: ORIGIN },
    ).json;
    expect(JSON.parse(raw).notification.data.pushboard.actions[1]).toEqual({ action: "action-2", title: "Dismiss" });
    const { payload } = logic.readPayload(raw, ORIGIN);
    const { options } = logic.buildNotification(payload);
    expect(options.actions).toEqual([
      { action: "action-1", title: "Shop" },
      { action: "action-2", title: "Dismiss" },
    ]);
    expect(logic.clickTarget(options.data, "action-2", ORIGIN)).toBeNull();
    expect(logic.clickTarget(options.data, "action-1", ORIGIN)).toBe("https://site.example/shop");
    expect(logic.clickTarget(options.data, "", ORIGIN)).toBe("https://site.example/sale");
    expect(logic.receiptFor(options.data, "action", "action-2")).toEqual({
      token: "tok_0123456789abcdefghij",
      kind: "action",
      action: "action-2",
    });
  });

  it("builds receipts with the delivery's token", () => {
    expect(logic.receiptFor(options.data, "clicked")).toEqual({ token: "tok_0123456789abcdefghij", kind: "clicked" });
    expect(logic.receiptFor(options.data, "action", "shop")).toEqual({
      token: "tok_0123456789abcdefghij",
      kind: "action",
      action: "shop",
    });
  });

  it("keeps receipts for later only when the server did not really answer", () => {
    expect([null, 408, 429, 500, 503].every((s) => logic.isRetryable(s))).toBe(true);
    expect([200, 202, 400, 413].some((s) => logic.isRetryable(s))).toBe(false);
  });

  it("matches an open tab by origin, path and query", () => {
    expect(logic.samePage("https://site.example/sale?c=42#top", "https://site.example/sale?c=42")).toBe(true);
    expect(logic.samePage("https://site.example/sale", "https://site.example/sale?c=42")).toBe(false);
    expect(logic.samePage("not a url", "https://site.example/")).toBe(false);
  });
});

describe("caching rules", () => {
  it.each([
    ["https://site.example/admin", "network"],
    ["https://site.example/admin/campaigns/1", "network"],
    ["https://site.example/api/subscriptions", "network"],
    ["https://site.example/api/auth/session", "network"],
    ["https://site.example/auth/callback", "network"],
    ["https://cdn.example/_next/static/x.js", "network"],
    ["https://site.example/_next/static/chunks/app.js", "static"],
    ["https://site.example/icons/icon-192.png", "static"],
    ["https://site.example/", "navigate-only"],
    ["https://site.example/administrator", "navigate-only"],
  ])("%s → %s", (url, policy) => {
    expect(caching.cachePolicy(url, ORIGIN)).toBe(policy);
  });

  it("finds the offline page's static assets and versions cache names", () => {
    const html = `<link rel="stylesheet" href="/_next/static/css/a1.css"/><script src="/_next/static/chunks/b2.js" async></script><script>self.__next_f.push([1,"\\"/_next/static/chunks/c3.js\\""])</script>`;
    expect(caching.staticAssetsIn(html)).toEqual([
      "/_next/static/css/a1.css",
      "/_next/static/chunks/b2.js",
      "/_next/static/chunks/c3.js",
    ]);
    expect(caching.cacheNames("v2")).toEqual({ precache: "pushboard-precache-v2", runtime: "pushboard-runtime-v2" });
  });

  it("round-trips base64url keys", () => {
    const bytes = new Uint8Array([0, 255, 62, 63, 4, 128]);
    expect(logic.toBase64Url(bytes.buffer)).toBe(Buffer.from(bytes).toString("base64url"));
    expect([...logic.fromBase64Url(Buffer.from(bytes).toString("base64url"))]).toEqual([...bytes]);
  });
});

describe("page message", () => {
  it("carries what the page shows and any problem", () => {
    expect(logic.pageMessage(logic.readPayload(null, ORIGIN))).toEqual({
      type: "pushboard:push",
      title: logic.FALLBACK_TITLE,
      body: expect.any(String),
      url: "https://site.example/",
      problem: "push without data",
    });
  });
});

describe("an API send's data", () => {
  it("reaches the notification as data.app, and a push without it (or with a non-object) carries none", () => {
    const json = encodePushPayload(
      { title: "Shipped", clickUrl: "/orders/12", data: { orderId: 12, lines: ["A1"] } },
      { baseUrl: ORIGIN },
    ).json;
    const read = logic.readPayload(json, ORIGIN);
    expect(read.ok && read.payload.app).toEqual({ orderId: 12, lines: ["A1"] });
    expect(logic.buildNotification(read.payload).options.data).toMatchObject({ app: { orderId: 12, lines: ["A1"] } });

    const plain = logic.readPayload(campaignPush(), ORIGIN);
    expect(plain.payload.app).toBeNull();
    expect(logic.buildNotification(plain.payload).options.data).not.toHaveProperty("app");
    const odd = JSON.parse(json);
    odd.notification.data.app = [1, 2];
    expect(logic.readPayload(JSON.stringify(odd), ORIGIN).payload.app).toBeNull();
  });
});
