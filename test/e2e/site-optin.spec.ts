// The visitor's opt-in, preferences and unsubscribe, driven through the page as a person would.
import { eq, isNull } from "drizzle-orm";
import { SITE_TOPICS, expect, screenshot, storedSubscription, test } from "./fixtures/site";

test.use({ storageState: { cookies: [], origins: [] } });

test.describe("opt-in with permission granted", () => {
  test.use({ permissions: ["notifications"] });

  test("subscribes with the chosen topics and the server's VAPID key", async ({
    page,
    db,
    subscription,
    vapidPublicKey,
  }) => {
    await page.goto("/");
    const panel = page.getByTestId("optin-panel");
    await expect(panel).toHaveAttribute("data-state", "idle");
    for (const topic of SITE_TOPICS) await expect(page.getByTestId("topic-list").getByText(topic.name)).toBeVisible();
    await screenshot(page, "idle-desktop");

    await panel.getByLabel("Offers").uncheck();
    await panel.getByRole("button", { name: "Turn on notifications" }).click();
    await expect(panel).toHaveAttribute("data-state", "subscribed");
    await expect(panel.getByText("Notifications are on for this device")).toBeVisible();

    expect(await page.evaluate(() => localStorage.getItem("__pushboardAppKey"))).toBe(vapidPublicKey);
    const row = await storedSubscription(db, subscription.endpoint);
    expect(row).toMatchObject({
      status: "active",
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      vapidPublicKey,
      pushService: "other",
      browser: "chrome",
      language: "en-US",
    });
    const { subscriptionTopics, topics } = db.tables;
    const slugs = (
      await db
        .select({ slug: topics.slug })
        .from(subscriptionTopics)
        .innerJoin(topics, eq(topics.id, subscriptionTopics.topicId))
        .where(eq(subscriptionTopics.subscriptionId, row!.id))
    )
      .map((r) => r.slug)
      .sort();
    expect(slugs).toEqual(["outages", "releases"]);
    await screenshot(page, "subscribed-desktop");
    // the manifest's wide screenshot (public/screenshots/wide.png) is this view
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(() => window.scrollTo(0, 330));
    await page.screenshot({ path: "test/.artifacts/site-screens/manifest-wide.png" });

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "subscribed-phone");
    await page.setViewportSize({ width: 1280, height: 720 });

    // a reload finds the subscription again and shows the preferences, not the opt-in
    await page.reload();
    await expect(panel).toHaveAttribute("data-state", "subscribed");
    await expect(panel.getByLabel("Offers")).not.toBeChecked();
    await expect(panel.getByLabel("Service status")).toBeChecked();
  });

  test("changes topics, sends a test to this device and unsubscribes", async ({
    page,
    db,
    subscription,
    pushService,
  }) => {
    await page.goto("/");
    const panel = page.getByTestId("optin-panel");
    await panel.getByRole("button", { name: "Turn on notifications" }).click();
    await expect(panel).toHaveAttribute("data-state", "subscribed");

    await panel.getByLabel("Product releases").uncheck();
    await panel.getByRole("button", { name: "Save topics" }).click();
    await expect(panel.getByText("Your topics are saved.")).toBeVisible();
    const { subscriptionTopics } = db.tables;
    const id = (await storedSubscription(db, subscription.endpoint))!.id;
    const count = (await db.select().from(subscriptionTopics).where(eq(subscriptionTopics.subscriptionId, id))).length;
    expect(count).toBe(2);

    await panel.getByRole("button", { name: "Send a test notification" }).click();
    await expect(panel.getByText("Sent. It should appear on this device in a moment.")).toBeVisible();
    const messages = await pushService.notifications(subscription.clientHash);
    expect(messages).toHaveLength(1);
    const payload = JSON.parse(messages[0]!) as { notification: { title: string; navigate: string } };
    expect(payload.notification.title).toBe("Notifications are working");
    expect(payload.notification.navigate).toBe(`${new URL(page.url()).origin}/`);
    // when the push service refuses, the visitor reads why, not "The site answered 502"
    await pushService.expire(subscription.clientHash);
    await panel.getByRole("button", { name: "Send a test notification" }).click();
    await expect(panel.getByText(/push service says this subscription no longer exists/)).toBeVisible();
    await expect(panel.getByText(/The site answered/)).toHaveCount(0);

    await panel.getByRole("button", { name: "Turn notifications off" }).click();
    await expect(panel).toHaveAttribute("data-state", "idle");
    await expect(panel.getByText("Notifications are off")).toBeVisible();
    expect(await storedSubscription(db, subscription.endpoint)).toMatchObject({
      status: "unsubscribed",
      p256dh: null,
      auth: null,
    });
    await screenshot(page, "unsubscribed-desktop");
  });
});

test.describe("permission denied", () => {
  test("shows how to re-enable notifications and stores nothing", async ({ page, db, subscription }) => {
    await page.goto("/");
    const panel = page.getByTestId("optin-panel");
    await panel.getByRole("button", { name: "Turn on notifications" }).click();
    await expect(panel).toHaveAttribute("data-state", "denied");
    await expect(panel.getByText("Notifications are blocked for this site")).toBeVisible();
    await expect(panel.getByText("Site settings")).toBeVisible();
    expect(await storedSubscription(db, subscription.endpoint)).toBeUndefined();
    await screenshot(page, "denied-desktop");
    const { optinEvents } = db.tables;
    const denied = await db.select().from(optinEvents).where(eq(optinEvents.event, "denied"));
    expect(denied.reduce((sum, row) => sum + row.count, 0)).toBeGreaterThan(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "denied-phone");
  });
});

test.describe("states at phone width", () => {
  test.use({ viewport: { width: 390, height: 844 }, permissions: ["notifications"] });

  test("idle, subscribed and no-topics states fit a phone", async ({ page, db }) => {
    await page.goto("/");
    await expect(page.getByTestId("optin-panel")).toHaveAttribute("data-state", "idle");
    await screenshot(page, "idle-phone");
    await page.screenshot({ path: "test/.artifacts/site-screens/manifest-narrow.png" }); // public/screenshots/narrow.png
    const hasOverflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(hasOverflow).toBe(false);

    // with every topic archived the page says so instead of listing nothing
    const { topics } = db.tables;
    const live = await db.select({ id: topics.id }).from(topics).where(isNull(topics.archivedAt));
    await db.update(topics).set({ archivedAt: new Date() }).where(isNull(topics.archivedAt));
    try {
      await page.reload();
      await expect(page.getByTestId("no-topics")).toContainText("No topics have been set up yet");
      await expect(page.getByRole("button", { name: "Turn on notifications" })).toBeEnabled();
      await screenshot(page, "no-topics-phone");
    } finally {
      for (const { id } of live) await db.update(topics).set({ archivedAt: null }).where(eq(topics.id, id));
    }
  });
});

test.describe("slow and unsupported browsers", () => {
  test.use({ permissions: ["notifications"] });

  test("a subscribe() that never settles ends after 15 s with a clear message and stores nothing", async ({
    page,
    db,
  }) => {
    await page.clock.install();
    await page.addInitScript(() => {
      PushManager.prototype.getSubscription = async () => null;
      PushManager.prototype.subscribe = () => new Promise<PushSubscription>(() => {}); // an offline browser
    });
    await page.goto("/");
    const panel = page.getByTestId("optin-panel");
    const { subscriptions } = db.tables;
    const rows = async () => (await db.select({ id: subscriptions.id }).from(subscriptions)).length;
    const before = await rows();
    await panel.getByRole("button", { name: "Turn on notifications" }).click();
    await expect(panel).toHaveAttribute("data-state", "subscribing");
    await expect(panel.getByRole("button", { name: "Turning notifications on…" })).toBeDisabled();
    await screenshot(page, "subscribing-desktop");
    await page.clock.fastForward(14_000);
    await expect(panel).toHaveAttribute("data-state", "subscribing");
    await page.clock.fastForward(1_500);
    await expect(panel).toHaveAttribute("data-state", "error");
    await expect(panel.getByRole("alert")).toContainText("did not finish subscribing within 15 seconds");
    await screenshot(page, "error-desktop");
    expect(await rows()).toBe(before);
    await panel.getByRole("button", { name: "Try again" }).click();
    await expect(panel).toHaveAttribute("data-state", "idle");
  });

  test.describe("iPhone Safari outside a home-screen app", () => {
    test.use({
      viewport: { width: 390, height: 844 },
      userAgent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1",
    });

    test("explains how to add the site to the Home Screen", async ({ page }) => {
      // iOS Safari exposes no PushManager until the site runs as a home-screen app.
      await page.addInitScript(() => {
        delete (window as { PushManager?: unknown }).PushManager;
      });
      await page.goto("/");
      const panel = page.getByTestId("optin-panel");
      await expect(panel).toHaveAttribute("data-state", "unsupported");
      await expect(panel.getByText("Add this site to your Home Screen first")).toBeVisible();
      await expect(panel.getByText("Add to Home Screen")).toBeVisible();
      await expect(panel.getByRole("button", { name: "Turn on notifications" })).toHaveCount(0);
      await screenshot(page, "ios-home-screen-phone");
    });
  });

  test("a browser without Web Push is told so", async ({ page }) => {
    await page.addInitScript(() => {
      delete (window as { PushManager?: unknown }).PushManager;
    });
    await page.goto("/");
    await expect(page.getByTestId("optin-panel")).toHaveAttribute("data-state", "unsupported");
    await expect(page.getByText("This browser cannot receive notifications")).toBeVisible();
  });
});
