// The worker's offline receipt queue, its pushsubscriptionchange renewal, and the page's quiet
// re-subscription when the server's key differs from the one the browser subscribed with.
import { and, eq } from "drizzle-orm";
import { utcDay } from "../../lib/optin/funnel";
import { createDelivery, expect, storedSubscription, test } from "./fixtures/site";

test.use({ storageState: { cookies: [], origins: [] }, permissions: ["notifications"] });

async function optIn(page: import("@playwright/test").Page) {
  await page.goto("/");
  await page.getByRole("button", { name: "Turn on notifications" }).click();
  await expect(page.getByTestId("optin-panel")).toHaveAttribute("data-state", "subscribed");
}

test("a receipt made while offline is queued in IndexedDB and sent once back online", async ({
  page,
  context,
  db,
  subscription,
}) => {
  await optIn(page);
  const { receipts } = db.tables;
  const { campaignId, receiptToken } = await createDelivery(db, subscription.endpoint);
  const [worker] = context.serviceWorkers();
  await context.setOffline(true);
  const close = (token: string) =>
    worker!.evaluate(async (t) => {
      const sw = self as unknown as ServiceWorkerGlobalScope;
      await sw.registration.showNotification("Queued", { data: { url: "/", receiptToken: t, actions: [] } });
      const [notification] = await sw.registration.getNotifications();
      const event = new NotificationEvent("notificationclose", { notification: notification! });
      const pending: Promise<unknown>[] = [];
      Object.defineProperty(event, "waitUntil", { value: (p: Promise<unknown>) => pending.push(p) });
      sw.dispatchEvent(event);
      await Promise.all(pending);
      notification!.close();
    }, token);
  await close(receiptToken);
  await close(receiptToken); // the same receipt twice: stored once
  expect(await db.select().from(receipts).where(eq(receipts.campaignId, campaignId))).toEqual([]);

  await context.setOffline(false);
  await page.evaluate(async () =>
    (await navigator.serviceWorker.ready).active!.postMessage({ type: "pushboard:flush" }),
  );
  await expect
    .poll(async () => (await db.select().from(receipts).where(eq(receipts.campaignId, campaignId))).map((r) => r.kind))
    .toEqual(["closed"]);
  // the server stores the receipt before the worker hears the answer and empties its queue: poll
  const queued = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open("pushboard-sw");
          open.onsuccess = () => {
            const count = open.result.transaction("receipts").objectStore("receipts").count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    );
  await expect.poll(queued).toBe(0);
});

test("pushsubscriptionchange sends the new subscription with proof of the old one; topics are kept", async ({
  page,
  context,
  db,
  subscription,
  pushService,
  vapidPublicKey,
}) => {
  await optIn(page);
  const { subscriptionTopics } = db.tables;
  const before = (await storedSubscription(db, subscription.endpoint))!;
  const topicCount = (
    await db.select().from(subscriptionTopics).where(eq(subscriptionTopics.subscriptionId, before.id))
  ).length;
  const fresh = await pushService.subscribe(vapidPublicKey);

  const [worker] = context.serviceWorkers();
  // Chromium has no constructor for this event: a plain Event with the spec's fields, and no
  // oldSubscription, so the worker must prove the old one from what the page told it.
  await worker!.evaluate(
    async (next) => {
      const sw = self as unknown as ServiceWorkerGlobalScope;
      const bytes = (b64: string) =>
        Uint8Array.from(atob(b64.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)).buffer;
      const newSubscription = {
        endpoint: next.endpoint,
        getKey: (name: "p256dh" | "auth") => bytes(next.keys[name]),
        toJSON: () => ({ endpoint: next.endpoint, expirationTime: null, keys: next.keys }),
      };
      const event = Object.assign(new Event("pushsubscriptionchange"), { oldSubscription: null, newSubscription });
      const pending: Promise<unknown>[] = [];
      Object.defineProperty(event, "waitUntil", { value: (p: Promise<unknown>) => pending.push(p) });
      sw.dispatchEvent(event);
      await Promise.all(pending);
    },
    { endpoint: fresh.endpoint, keys: fresh.keys },
  );

  expect(await storedSubscription(db, subscription.endpoint)).toBeUndefined();
  const after = (await storedSubscription(db, fresh.endpoint))!;
  expect(after).toMatchObject({ id: before.id, status: "active", auth: fresh.keys.auth, vapidPublicKey });
  expect(
    await db.select().from(subscriptionTopics).where(eq(subscriptionTopics.subscriptionId, after.id)),
  ).toHaveLength(topicCount);
});

test("on load, a subscription made with another key is quietly replaced by one with the server's key", async ({
  page,
  db,
  subscription,
  vapidPublicKey,
}) => {
  await optIn(page);
  // pretend the browser subscribed with an older key
  await page.evaluate(() => {
    const saved = JSON.parse(localStorage.getItem("__pushboardFakeSubscription")!);
    saved.applicationServerKey = `B${"A".repeat(86)}`;
    localStorage.setItem("__pushboardFakeSubscription", JSON.stringify(saved));
    localStorage.removeItem("__pushboardAppKey");
  });
  await page.reload();
  await expect(page.getByTestId("optin-panel")).toHaveAttribute("data-state", "subscribed");
  expect(await page.evaluate(() => localStorage.getItem("__pushboardAppKey"))).toBe(vapidPublicKey);
  expect(await storedSubscription(db, subscription.endpoint)).toMatchObject({ status: "active", vapidPublicKey });

  const { optinEvents } = db.tables;
  const today = await db
    .select()
    .from(optinEvents)
    .where(and(eq(optinEvents.day, utcDay(new Date()))));
  const counts = Object.fromEntries(today.map((row) => [row.event, row.count]));
  expect(counts.prompt_seen).toBeGreaterThan(0);
  expect(counts.optin_clicked).toBeGreaterThan(0);
  expect(counts.granted).toBeGreaterThan(0);
});
