// The whole campaign journey as an admin and a visitor see it: a topic, a visitor subscribed to it, a
// segment built in the rule builder, a campaign composed with TTL/Urgency/Topic, sent, watched to 100 %,
// checked at two push services (decrypted payload; RFC 8030 headers), shown and clicked in the real
// service worker, and the click counted on the campaign's page.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { topicFromName } from "../../lib/push/options";
import { expect, test } from "./fixtures/campaigns";
import { deliverPush, injectSubscription } from "./fixtures/site";
import { e2eSettings } from "./settings";

test.setTimeout(120_000);

async function clickInWorker(page: Page) {
  const worker = page.context().serviceWorkers()[0]!;
  return worker.evaluate(async () => {
    const sw = self as unknown as ServiceWorkerGlobalScope;
    const opened: string[] = [];
    sw.clients.openWindow = async (url: string | URL) => (opened.push(String(url)), null);
    const [notification] = await sw.registration.getNotifications();
    const event = new NotificationEvent("notificationclick", { notification: notification!, action: "" });
    const pending: Promise<unknown>[] = [];
    Object.defineProperty(event, "waitUntil", { value: (p: Promise<unknown>) => pending.push(p) });
    sw.dispatchEvent(event);
    await Promise.all(pending);
    return opened;
  });
}

test("compose, target a segment, send, watch it arrive, and count the click", async ({
  page,
  browser,
  db,
  webPush,
  strict,
}) => {
  const { subscriptions, subscriptionTopics, topics } = db.tables;
  const run = randomBytes(3).toString("hex");
  const topicName = `Journey ${run}`;
  const [topic] = await db
    .insert(topics)
    .values({ slug: `journey-${run}`, name: topicName, position: 99 })
    .returning();
  const vapidPublicKey = ((await (await page.request.get("/api/vapid-public-key")).json()) as { publicKey: string })
    .publicKey;

  // A visitor opts in on the site with only our topic (web-push-testing subscription, the app's real opt-in code).
  const visitorContext = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    permissions: ["notifications"],
  });
  const visitor = await visitorContext.newPage();
  const visitorSub = await webPush.subscribe(vapidPublicKey);
  await injectSubscription(visitorContext, visitorSub);
  await visitor.goto("/");
  const panel = visitor.getByTestId("optin-panel");
  await expect(panel).toHaveAttribute("data-state", "idle"); // hydrated: a box toggled before would be reset
  for (const box of await panel.getByRole("checkbox").all()) {
    const label = await box.evaluate((el) => el.closest("label")?.textContent ?? "");
    if (label.includes(topicName))
      await expect(async () => (await box.check(), await expect(box).toBeChecked())).toPass();
    else await expect(async () => (await box.uncheck(), await expect(box).not.toBeChecked())).toPass();
  }
  await panel.getByRole("button", { name: "Turn on notifications" }).click();
  await expect(panel).toHaveAttribute("data-state", "subscribed");
  const [visitorRow] = await db.select().from(subscriptions).where(eq(subscriptions.endpoint, visitorSub.endpoint));
  expect(
    (await db.select().from(subscriptionTopics).where(eq(subscriptionTopics.subscriptionId, visitorRow!.id))).map(
      (r) => r.topicId,
    ),
  ).toEqual([topic!.id]);

  // A second subscriber of the topic at the strict push service (records headers), and three who chose nothing.
  const strictSub = strict.createSubscription({ applicationServerKey: vapidPublicKey });
  const insertSub = async (endpoint: string, keys: { p256dh: string; auth: string }, host: string) =>
    (
      await db
        .insert(subscriptions)
        .values({
          endpoint,
          ...keys,
          pushService: "other",
          pushHost: host,
          browser: "firefox",
          platform: "linux",
          language: "en-GB",
          vapidPublicKey,
        })
        .returning()
    )[0]!;
  const strictRow = await insertSub(strictSub.endpoint, strictSub.keys, `localhost:${e2eSettings.strictPushPort}`);
  await db.insert(subscriptionTopics).values({ subscriptionId: strictRow.id, topicId: topic!.id });
  for (let i = 0; i < 3; i++) await insertSub(`https://push.invalid/${run}/${i}`, strictSub.keys, "push.invalid");

  // The segment, built in the rule builder: our topic AND English.
  await page.goto("/admin/segments/new");
  await page.getByLabel("Name").fill(`Journey readers ${run}`);
  await page.getByLabel("Add a rule", { exact: true }).selectOption("topics");
  await page.getByRole("listitem", { name: "Rule 1: Topics" }).getByLabel(topicName).check();
  await page.getByLabel("Add a rule", { exact: true }).selectOption("language");
  await page.getByLabel("Rule 2: Language, add another value").fill("en");
  await page.getByLabel("Rule 2: Language, add another value").press("Enter");
  await expect(page.getByTestId("segment-count")).toContainText("2 active subscribers match");
  await page.getByRole("button", { name: "Create segment" }).click();
  await expect(page).toHaveURL(/\/admin\/segments\?saved=\d+/);
  await expect(page.getByRole("row", { name: new RegExp(`Journey readers ${run}`) })).toContainText("2");

  // Compose.
  const title = `Journey ${run}: version 3 is out`;
  const body = "Faster sync, dark mode and 40 fixes.";
  const clickUrl = `${e2eSettings.baseURL}/?from=journey-${run}`;
  await page.goto("/admin/campaigns/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Body").fill(body);
  await page.getByLabel("Click URL").fill(clickUrl);
  await page.getByLabel("Time to live (TTL)").selectOption("604800");
  await page.getByRole("radio", { name: /^high/ }).check();
  await page.getByRole("button", { name: "Generate from title" }).click();
  await expect(page.getByLabel("Replace key (RFC 8030 Topic header, optional)")).toHaveValue(topicFromName(title));
  await page.getByLabel(`Segment Journey readers ${run}`).selectOption("include");
  await expect(page.getByTestId("audience-count")).toContainText("2 active subscribers match");
  // the preview shows what was typed, on both looks, and the size stays in budget
  await expect(page.getByTestId("preview-desktop")).toContainText(title);
  await page.getByRole("tab", { name: "Android" }).click();
  await expect(page.getByTestId("preview-android")).toContainText(body);
  await expect(page.getByTestId("byte-meter")).toContainText("/ 3,993 bytes");
  // a hostile click URL is refused under its field, by the same schema the server runs
  await page.getByLabel("Click URL").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Send now…" }).click();
  await expect(page.getByText("Use an absolute http:// or https:// URL")).toBeVisible();
  await page.getByLabel("Click URL").fill(clickUrl);

  await page.getByRole("button", { name: "Send now…" }).click();
  const dialog = page.getByRole("dialog", { name: "Send this campaign now?" });
  await expect(dialog.getByTestId("confirm-audience")).toHaveText("2 active subscribers");
  await expect(dialog).toContainText("1 w");
  await expect(dialog).toContainText("high");
  await dialog.getByRole("button", { name: "Send to 2" }).click();

  // Delivery history: progress reaches 100 % without a reload; accepted equals the matching subscribers.
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+$/);
  await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 30_000 });
  await expect(page.getByTestId("count-accepted")).toHaveText("2");
  await expect(page.getByTestId("count-targeted")).toHaveText("2");
  await expect(page.getByTestId("campaign-status")).toHaveText("sent");

  // What the push services received: the decrypted payload and the RFC 8030 headers.
  const received = await webPush.notifications(visitorSub.clientHash);
  expect(received).toHaveLength(1);
  const payload = JSON.parse(received[0]!) as {
    notification: { title: string; body: string; navigate: string; data: { pushboard: { receiptToken: string } } };
  };
  expect(payload.notification).toMatchObject({ title, body, navigate: clickUrl });
  const [request] = strict.requests(strictSub.id);
  expect(request).toMatchObject({ status: 201, urgency: "high", topic: topicFromName(title) });
  expect(request!.ttl).toBeGreaterThan(604_700);
  expect(request!.ttl).toBeLessThanOrEqual(604_800);
  expect(JSON.parse(request!.payload!).notification.title).toBe(title);

  // The visitor's service worker shows it; a click opens the URL and is counted on the campaign page.
  // the visitor's tab sat idle while the admin worked: reload so its worker is running and controls it
  await visitor.reload();
  await visitor.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const workerLog: string[] = [];
  visitorContext
    .serviceWorkers()
    .forEach((worker) => worker.on("console", (message) => workerLog.push(message.text())));
  const versions = await deliverPush(visitorContext, visitor, received[0]!);
  const shownTitles = () =>
    visitor.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => n.title));
  try {
    // CDP delivery to a worker on a loaded machine can take longer than the default 10 s
    await expect.poll(shownTitles, { timeout: 30_000 }).toEqual([title]);
  } catch (error) {
    throw new Error(
      `the worker showed no notification (${String(error)});\nCDP versions:\n${versions}\nworker console: ${JSON.stringify(workerLog)}`,
    );
  }
  expect(await clickInWorker(visitor)).toEqual([clickUrl]);
  await expect(page.getByTestId("count-shown")).toHaveText("1", { timeout: 20_000 });
  await expect(page.getByTestId("count-clicked")).toHaveText("1", { timeout: 20_000 });
  await expect(page.getByTestId("funnel-clicked")).toContainText("1");

  // Accepted, shown and clicked meet at the same point: each series is still drawn there (nested widths,
  // one dot each), not hidden under the last one.
  await page.reload();
  const chart = page.locator("figure", { hasText: "Accepted, shown and clicked over time" });
  const radii: (string | null)[] = [];
  for (const name of ["Accepted", "Shown", "Clicked"]) {
    const dot = chart.locator(`circle.recharts-line-dot[name="${name}"]`).first();
    await expect(dot).toBeVisible();
    radii.push(await dot.getAttribute("r"));
  }
  expect(new Set(radii).size).toBe(3);

  // The list shows it with its figures; the CSV export has both deliveries and no endpoint.
  await page.goto(`/admin/campaigns?q=${encodeURIComponent(`Journey ${run}`)}`);
  const row = page.getByRole("row", { name: new RegExp(title) });
  await expect(row).toContainText("sent");
  const campaignId = Number((await row.getByRole("link", { name: title }).getAttribute("href"))!.split("/").pop());
  const csv = await (await page.request.get(`/api/admin/campaigns/${campaignId}/deliveries`)).text();
  expect(csv.trim().split("\r\n")).toHaveLength(3);
  expect(csv).not.toContain(strictSub.id);
  expect(csv).not.toContain(visitorSub.endpoint);
  await visitorContext.close();
});
