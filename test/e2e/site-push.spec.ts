// A push delivered to our real service worker (CDP), what it shows, and what a click does and reports.
import { eq } from "drizzle-orm";
import { encodePushPayload } from "../../lib/push/payload";
import { exactCampaignRow } from "../../lib/campaigns/pending-counters";
import { createDelivery, deliverPush, expect, test } from "./fixtures/site";
import { e2eSettings } from "./settings";

test.use({ storageState: { cookies: [], origins: [] }, permissions: ["notifications"] });

type Shown = {
  title: string;
  body: string;
  icon: string;
  badge: string;
  tag: string;
  actions: { action: string; title: string }[];
  data: Record<string, unknown>;
};

async function shownNotifications(page: import("@playwright/test").Page): Promise<Shown[]> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      icon: n.icon,
      badge: n.badge,
      tag: n.tag,
      actions: ((n as unknown as { actions: { action: string; title: string }[] }).actions ?? []).map((a) => ({
        action: a.action,
        title: a.title,
      })),
      data: n.data as Record<string, unknown>,
    }));
  });
}

/** The visitor opts in on the home page (the subscription comes from the site fixture's test push service). */
async function turnOnNotifications(page: import("@playwright/test").Page) {
  await page.goto("/");
  await page.getByRole("button", { name: "Turn on notifications" }).click();
  await expect(page.getByTestId("optin-panel")).toHaveAttribute("data-state", "subscribed");
}

test("the worker shows a campaign push, tells the open page, and a click opens its URL and is counted", async ({
  page,
  context,
  db,
  subscription,
}) => {
  await turnOnNotifications(page);

  const { receipts, subscriptions } = db.tables;
  const { campaignId, receiptToken } = await createDelivery(db, subscription.endpoint);
  const base = e2eSettings.baseURL;
  const { json } = encodePushPayload(
    {
      title: "Version 2.0 is out",
      body: "Dark mode, faster sync and 40 fixes.",
      clickUrl: "/?from=push",
      icon: "/icons/icon-512.png",
      badge: "/icons/badge-96.png",
      tag: `c${campaignId}`,
      campaignId,
      receiptToken,
      actions: [
        { action: "notes", title: "Release notes", url: "/offline?notes=1" },
        { action: "later", title: "Later", url: "/?later=1" },
      ],
    },
    { baseUrl: base },
  );
  await deliverPush(context, page, json);

  await expect.poll(async () => (await shownNotifications(page)).length).toBe(1);
  const [shown] = await shownNotifications(page);
  expect(shown).toMatchObject({
    title: "Version 2.0 is out",
    body: "Dark mode, faster sync and 40 fixes.",
    icon: `${base}/icons/icon-512.png`,
    badge: `${base}/icons/badge-96.png`,
    tag: `c${campaignId}`,
    actions: [
      { action: "notes", title: "Release notes" },
      { action: "later", title: "Later" },
    ],
    data: { url: `${base}/?from=push`, receiptToken, campaignId },
  });
  // the open page shows it too
  await expect(page.getByTestId("push-message")).toContainText("Version 2.0 is out");
  // shown is reported once
  await expect
    .poll(async () => (await db.select().from(receipts).where(eq(receipts.campaignId, campaignId))).map((r) => r.kind))
    .toEqual(["shown"]);

  // A click, dispatched in the worker with a script-made NotificationEvent (CDP cannot click).
  const [worker] = context.serviceWorkers();
  const clicks = await worker!.evaluate(async () => {
    const sw = self as unknown as ServiceWorkerGlobalScope;
    const opened: string[] = [];
    sw.clients.openWindow = async (url: string | URL) => (opened.push(String(url)), null);
    const results: string[][] = [];
    const [notification] = await sw.registration.getNotifications(); // our handler closes it on the first click
    for (const action of ["", "notes"]) {
      const event = new NotificationEvent("notificationclick", { notification: notification!, action });
      const pending: Promise<unknown>[] = [];
      Object.defineProperty(event, "waitUntil", { value: (p: Promise<unknown>) => pending.push(p) });
      sw.dispatchEvent(event);
      await Promise.all(pending);
      results.push([...opened]);
      opened.length = 0;
    }
    return results;
  });
  expect(clicks).toEqual([[`${base}/?from=push`], [`${base}/offline?notes=1`]]);

  await expect
    .poll(async () =>
      (await db.select().from(receipts).where(eq(receipts.campaignId, campaignId))).map((r) => r.kind).sort(),
    )
    .toEqual(["action", "clicked", "shown"]);
  // as the campaign page reads it: on PostgreSQL with the counter deltas not yet folded
  const campaign = await exactCampaignRow(db, campaignId);
  expect({ shown: campaign!.shownCount, clicked: campaign!.clickedCount }).toEqual({ shown: 1, clicked: 1 });
  const [clicker] = await db.select().from(subscriptions).where(eq(subscriptions.endpoint, subscription.endpoint));
  expect(clicker!.lastClickedAt).not.toBeNull();
});

test("a push without data or with unreadable data still shows a notification", async ({ page, context }) => {
  await page.goto("/");
  await page.evaluate(() => navigator.serviceWorker.ready);
  await deliverPush(context, page, "");
  await deliverPush(context, page, "this is not json");
  await expect
    .poll(async () => (await shownNotifications(page)).map((n) => n.title))
    .toEqual(["New notification", "New notification"]);
  await expect(page.getByTestId("push-message").first()).toContainText("New notification");
});

test("an action button without a URL only closes the notification, and its click is still counted", async ({
  page,
  context,
  db,
  subscription,
}) => {
  await turnOnNotifications(page);
  const { receipts } = db.tables;
  const { campaignId, receiptToken } = await createDelivery(db, subscription.endpoint);
  const { json } = encodePushPayload(
    {
      title: "Maintenance tonight",
      clickUrl: "/?from=push",
      campaignId,
      receiptToken,
      actions: [{ action: "action-1", title: "Got it" }], // what the composer sends for a button without URL
    },
    { baseUrl: e2eSettings.baseURL },
  );
  await deliverPush(context, page, json);
  await expect
    .poll(async () => (await shownNotifications(page)).map((n) => n.actions), { timeout: 30_000 })
    .toEqual([[{ action: "action-1", title: "Got it" }]]);

  const [worker] = context.serviceWorkers();
  const result = await worker!.evaluate(async () => {
    const sw = self as unknown as ServiceWorkerGlobalScope;
    const opened: string[] = [];
    sw.clients.openWindow = async (url: string | URL) => (opened.push(String(url)), null);
    const [notification] = await sw.registration.getNotifications();
    const event = new NotificationEvent("notificationclick", { notification: notification!, action: "action-1" });
    const pending: Promise<unknown>[] = [];
    Object.defineProperty(event, "waitUntil", { value: (p: Promise<unknown>) => pending.push(p) });
    sw.dispatchEvent(event);
    await Promise.all(pending);
    return { opened, left: (await sw.registration.getNotifications()).length };
  });
  expect(result).toEqual({ opened: [], left: 0 });
  await expect
    .poll(async () =>
      (await db.select().from(receipts).where(eq(receipts.campaignId, campaignId)))
        .map((r) => `${r.kind}${r.action ? `:${r.action}` : ""}`)
        .sort(),
    )
    .toEqual(["action:action-1", "shown"]);
});
