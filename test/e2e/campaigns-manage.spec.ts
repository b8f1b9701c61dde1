// Managing campaigns: drafts saved, edited, duplicated and deleted; the byte budget blocking a send;
// a segment that a draft still names cannot be deleted (and the page names the draft); scheduling in
// the admin's time zone; pause, resume and cancel while sending; what a viewer may not do.
import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { expect, test } from "./fixtures/campaigns";
import { signedInContext } from "./fixtures/auth";
import { e2eSettings } from "./settings";

test.setTimeout(90_000);

test("drafts: save, edit, duplicate, delete; a segment in use names its campaign; over budget blocks sending", async ({
  page,
  db,
}) => {
  const { campaigns, segments } = db.tables;
  const campaignRow = async (id: number) => (await db.select().from(campaigns).where(eq(campaigns.id, id)))[0];
  const run = randomBytes(3).toString("hex");
  const [segment] = await db
    .insert(segments)
    .values({
      name: `Blocker ${run}`,
      rules: { match: "all", conditions: [{ kind: "pushService", op: "is", values: ["fcm"] }] },
    })
    .returning();

  await page.goto("/admin/campaigns/new");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Title is required")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Title").fill(`Draft ${run}`);
  await page.getByLabel(`Segment Blocker ${run}`).selectOption("include");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+\?saved=1$/);
  const id = Number(new URL(page.url()).pathname.split("/").pop());
  await expect(page.getByRole("status").filter({ hasText: "Draft saved." })).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue(`Draft ${run}`);
  await expect(page.getByLabel(`Segment Blocker ${run}`)).toHaveValue("include");

  await page.getByLabel("Title").fill(`Draft ${run} edited`);
  await page.getByLabel("Tag", { exact: true }).fill("sale");
  await page.getByLabel("Re-notify").check();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("complementary").getByRole("status")).toHaveText("Draft saved.");
  expect(await campaignRow(id)).toMatchObject({
    title: `Draft ${run} edited`,
    tag: "sale",
    renotify: true,
    status: "draft",
  });

  // Over the 3993-byte budget: the meter says so and sending is blocked.
  const long = `https://example.com/${"a".repeat(1_900)}`;
  await page.getByLabel("Click URL").fill(long);
  await page.getByLabel("Image").fill(long);
  await page.getByLabel("Icon").fill(long);
  await expect(page.getByTestId("byte-meter").getByRole("alert")).toContainText("Over the Web Push limit");
  await expect(page.getByRole("button", { name: "Send now…" })).toBeDisabled();
  await page.reload();

  // The segment cannot go while the draft names it; the list names the draft.
  await page.goto("/admin/segments");
  const row = page.getByRole("row", { name: new RegExp(`Blocker ${run}`) });
  await expect(row.getByRole("link", { name: `#${id}` })).toBeVisible();
  await row.getByRole("button", { name: `Delete segment Blocker ${run}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "still uses" })).toContainText(
    `Campaign #${id} still uses this segment`,
  );
  expect(await db.select().from(segments).where(eq(segments.id, segment!.id))).toHaveLength(1);

  // Duplicate, then delete the copy.
  await page.goto(`/admin/campaigns/${id}`);
  await page.getByRole("button", { name: `Duplicate: Draft ${run} edited` }).click();
  await expect(page).toHaveURL(/\?duplicated=1$/);
  const copyId = Number(new URL(page.url()).pathname.split("/").pop());
  expect(copyId).not.toBe(id);
  await expect(page.getByLabel("Title")).toHaveValue(`Draft ${run} edited (copy)`);
  await page.getByRole("button", { name: `Delete draft: Draft ${run} edited (copy)` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete draft" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\?deleted=1$/);
  expect(await campaignRow(copyId)).toBeUndefined();

  // Filters: status and title search.
  await page.getByLabel("Search titles").fill(`Draft ${run}`);
  await page.getByLabel("Status").selectOption("draft");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("table", { name: "Campaigns" }).getByRole("row")).toHaveCount(2);
  await page.goto(`/admin/campaigns?status=sent&q=${encodeURIComponent(`Draft ${run}`)}`);
  await expect(page.getByText("No campaign matches")).toBeVisible();
});

test.describe("in the admin's time zone", () => {
  test.use({ timezoneId: "Asia/Kolkata" });

  test("schedules at local time, stored in UTC, and goes back to draft", async ({ page, db }) => {
    const run = randomBytes(3).toString("hex");
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.goto("/admin/campaigns/new");
    await page.getByLabel("Title").fill(`Scheduled ${run}`);
    await page.getByLabel("Schedule").check();
    await expect(page.getByText(/your time zone: Asia\/(Kolkata|Calcutta)/)).toBeVisible(); // Chromium names it Calcutta
    await page.getByLabel(/Send at/).fill(`${tomorrow}T09:30`);
    await page.getByRole("button", { name: "Schedule…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Schedule", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/campaigns\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    const { campaigns } = db.tables;
    const campaignRow = async () => (await db.select().from(campaigns).where(eq(campaigns.id, id)))[0]!;
    const row = await campaignRow();
    expect(row.status).toBe("scheduled");
    expect(row.scheduledAt!.toISOString()).toBe(`${tomorrow}T04:00:00.000Z`); // 09:30 IST = 04:00 UTC
    await page.getByRole("button", { name: `Back to draft: Scheduled ${run}` }).click();
    await expect(page.getByLabel("Title")).toHaveValue(`Scheduled ${run}`);
    expect((await campaignRow()).status).toBe("draft");
  });
});

test("pause, resume and cancel while sending at a slow rate", async ({ page, db, strict }) => {
  const run = randomBytes(3).toString("hex");
  const vapidPublicKey = ((await (await page.request.get("/api/vapid-public-key")).json()) as { publicKey: string })
    .publicKey;
  const { subscriptions, subscriptionTopics, topics } = db.tables;
  const [topic] = await db
    .insert(topics)
    .values({ slug: `slow-${run}`, name: `Slow ${run}`, position: 98 })
    .returning();
  for (let i = 0; i < 3; i++) {
    const sub = strict.createSubscription({ applicationServerKey: vapidPublicKey });
    const [row] = await db
      .insert(subscriptions)
      .values({
        endpoint: sub.endpoint,
        ...sub.keys,
        pushService: "other",
        pushHost: `localhost:${e2eSettings.strictPushPort}`,
        vapidPublicKey,
      })
      .returning();
    await db.insert(subscriptionTopics).values({ subscriptionId: row!.id, topicId: topic!.id });
  }
  await page.goto("/admin/campaigns/new");
  await page.getByLabel("Title").fill(`Slow ${run}`);
  await page.getByLabel("Send rate (messages per minute, optional)").fill("1");
  await page.getByLabel(`Topic Slow ${run}`).selectOption("include");
  await expect(page.getByTestId("audience-count")).toContainText("3 active subscribers match");
  await page.getByRole("button", { name: "Send now…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send to 3" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+$/);
  await expect(page.getByTestId("count-accepted")).toHaveText("1", { timeout: 20_000 });
  await expect(page.getByTestId("progress-percent")).toHaveText("33%");
  await expect(page.getByTestId("campaign-status")).toHaveText("sending");

  await page.getByRole("button", { name: `Pause: Slow ${run}` }).click();
  await expect(page.getByTestId("campaign-status")).toHaveText("paused");
  await page.getByRole("button", { name: `Resume: Slow ${run}` }).click();
  await expect(page.getByTestId("campaign-status")).toHaveText("sending");
  await page.getByRole("button", { name: `Cancel: Slow ${run}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  // the badge, the bar and the counters tell one story: however many were sent before the cancel
  // (the pacing may let a second one out), the badge names them and the bar stops there, not at 100 %
  const status = page.getByTestId("campaign-status");
  await expect(status).toHaveText(/^cancelled after [12] of 3$/);
  const settled = Number(/after (\d)/.exec((await status.textContent())!)![1]);
  await expect(page.getByTestId("count-accepted")).toHaveText(String(settled));
  await expect(page.getByTestId("progress-percent")).toHaveText(`${Math.floor((settled / 3) * 100)}%`);
  await expect(page.getByTestId("status-reason")).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Duplicate: Slow ${run}` })).toBeVisible();
  await page.goto(`/admin/campaigns?q=${encodeURIComponent(`Slow ${run}`)}`);
  const listed = page.getByRole("row", { name: new RegExp(`Slow ${run}`) });
  await expect(listed).toContainText(`cancelled after ${settled} of 3`);
  await expect(listed).toContainText(/cancelled \w{3} \d+, \d{4}/);
  await expect(listed).not.toContainText(/\bsent \w{3} \d/);
  // every step is in the audit log, against this campaign
  const { auditLog, campaigns } = db.tables;
  const [campaign] = await db
    .select()
    .from(campaigns)
    .where(eq(campaigns.title, `Slow ${run}`));
  const audited = (
    await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, "campaign"), eq(auditLog.targetId, String(campaign!.id))))
      .orderBy(asc(auditLog.id))
  ).map((entry) => entry.action);
  expect(audited).toEqual(["campaign.send", "campaign.pause", "campaign.resume", "campaign.cancel"]);
});

test("a campaign whose every delivery failed says failed, in the list, on its page and on the overview", async ({
  page,
  db,
  strict,
}) => {
  const run = randomBytes(3).toString("hex");
  const vapidPublicKey = ((await (await page.request.get("/api/vapid-public-key")).json()) as { publicKey: string })
    .publicKey;
  const { subscriptions, subscriptionTopics, topics } = db.tables;
  const [topic] = await db
    .insert(topics)
    .values({ slug: `refused-${run}`, name: `Refused ${run}`, position: 97 })
    .returning();
  for (let i = 0; i < 2; i++) {
    const sub = strict.createSubscription({ applicationServerKey: vapidPublicKey });
    strict.setFault(sub.id, { kind: "status", status: 400, body: "bad request" });
    const [row] = await db
      .insert(subscriptions)
      .values({
        endpoint: sub.endpoint,
        ...sub.keys,
        pushService: "other",
        pushHost: `localhost:${e2eSettings.strictPushPort}`,
        vapidPublicKey,
      })
      .returning();
    await db.insert(subscriptionTopics).values({ subscriptionId: row!.id, topicId: topic!.id });
  }
  const title = `Refused ${run}`;
  await page.goto("/admin/campaigns/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel(`Topic Refused ${run}`).selectOption("include");
  await expect(page.getByTestId("audience-count")).toContainText("2 active subscribers match");
  await page.getByRole("button", { name: "Send now…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send to 2" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+$/);
  await expect(page.getByTestId("count-failed")).toHaveText("2", { timeout: 20_000 });
  await expect(page.getByTestId("campaign-status")).toHaveText("failed", { timeout: 20_000 });
  await expect(page.getByTestId("count-accepted")).toHaveText("0");

  await page.goto(`/admin/campaigns?q=${encodeURIComponent(title)}`);
  await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("failed");
  await expect(page.getByRole("row", { name: new RegExp(title) })).not.toContainText(/^sent$/);
  await page.goto("/admin");
  await expect(page.getByRole("listitem").filter({ hasText: title })).toContainText("failed");
});

test("a viewer reads campaigns but cannot compose, act or export", async ({ browser, page }) => {
  await page.goto("/admin/campaigns");
  const { context } = await signedInContext(browser, "viewer");
  const viewer = await context.newPage();
  await viewer.goto("/admin/campaigns");
  await expect(viewer.getByRole("heading", { name: "Campaigns", level: 1 })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "New campaign" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Duplicate/ })).toHaveCount(0);
  const response = await viewer.goto("/admin/campaigns/new");
  expect(response?.status()).toBe(403);
  const first = await page.getByRole("table", { name: "Campaigns" }).getByRole("link").first().getAttribute("href");
  expect((await viewer.request.get(`/api/admin/campaigns/${first!.split("/").pop()}/deliveries`)).status()).toBe(403);
  expect((await viewer.request.get(`/api/admin/campaigns/${first!.split("/").pop()}/progress`)).status()).toBe(200);
  expect((await page.context().request.get("/api/admin/campaigns/999999/progress")).status()).toBe(404);
  expect((await page.context().request.get("/api/admin/campaigns/abc/deliveries")).status()).toBe(404);
  await context.close();
});
