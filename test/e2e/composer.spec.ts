// The composer's content, audience and send decisions as an admin sees them: sending to nobody, the
// replace key (RFC 8030 Topic header) and its length rule, and action buttons without a URL.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import type { Db } from "./fixtures/app-db";
import { topicFromName } from "../../lib/push/options";
import { signedInContext } from "./fixtures/auth";
import { expect, test } from "./fixtures/campaigns";

const REPLACE_KEY = "Replace key (RFC 8030 Topic header, optional)";

async function addTopic(db: Db, run: string, subscribers: number) {
  const { subscriptions, subscriptionTopics, topics } = db.tables;
  const [topic] = await db
    .insert(topics)
    .values({ slug: `composer-${run}`, name: `Composer ${run}`, position: 97 })
    .returning();
  const rows = [];
  for (let i = 0; i < subscribers; i++) {
    const [row] = await db
      .insert(subscriptions)
      .values({
        endpoint: `https://push.invalid/composer/${run}/${i}`,
        p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        auth: "tBHItJI5svbpez7KI4CCXg",
        pushService: "other",
        pushHost: "push.invalid",
        vapidPublicKey: "test-key",
      })
      .returning();
    await db.insert(subscriptionTopics).values({ subscriptionId: row!.id, topicId: topic!.id });
    rows.push(row!);
  }
  return { topic: topic!, rows };
}

async function compose(page: Page, title: string, topicName: string, count: string) {
  await page.goto("/admin/campaigns/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel(`Topic ${topicName}`).selectOption("include");
  await expect(page.getByTestId("audience-count")).toContainText(count);
}

const campaignTitled = async (db: Db, title: string) =>
  (await db.select().from(db.tables.campaigns).where(eq(db.tables.campaigns.title, title)))[0];

test("send now to an audience of nobody is refused with a word, and saved as a draft instead", async ({ page, db }) => {
  const run = randomBytes(3).toString("hex");
  const { topic } = await addTopic(db, run, 0);
  const title = `Nobody ${run}`;
  await compose(page, title, topic.name, "0 active subscribers match");
  await page.getByRole("button", { name: "Send now…" }).click();
  const dialog = page.getByRole("dialog", { name: "Send this campaign now?" });
  await expect(dialog.getByTestId("empty-audience")).toContainText(
    "No active subscriber matches this audience: sending now would send nothing",
  );
  await expect(dialog.getByRole("button", { name: "Send to 0" })).toBeDisabled();
  await page.screenshot({ path: "/tmp/h6-send-to-nobody.png" });
  await dialog.getByRole("button", { name: "Save as draft" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+\?saved=1$/);
  expect(await campaignTitled(db, title)).toMatchObject({ status: "draft", startedAt: null });
});

test("the server refuses send now to an audience of nobody (a scheduled campaign's Send now)", async ({ page, db }) => {
  const run = randomBytes(3).toString("hex");
  const { topic, rows } = await addTopic(db, run, 1);
  const title = `Emptied ${run}`;
  await compose(page, title, topic.name, "1 active subscriber match");
  await page.getByRole("button", { name: "Add a button" }).click();
  await page.getByLabel("Button 1 label").fill("Got it");
  await page.getByLabel(REPLACE_KEY).fill("queued-c");
  await page.getByLabel("Schedule").check();
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel(/Send at/).fill(`${tomorrow}T09:30`);
  await page.getByRole("button", { name: "Schedule…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+$/);
  await expect(page.getByText("Got it → closes the notification")).toBeVisible();
  await expect(page.getByText("Replace key (Topic header)")).toBeVisible();
  // the only subscriber leaves; the campaign page's Send now does not count in the browser
  const { subscriptions } = db.tables;
  await db.update(subscriptions).set({ status: "unsubscribed" }).where(eq(subscriptions.id, rows[0]!.id));
  await page.getByRole("button", { name: `Send now: ${title}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send now" }).click();
  await expect(
    page.getByText(
      "No active subscriber matches this audience, so sending now would send nothing. Save it as a draft (or schedule it)",
    ),
  ).toBeVisible();
  expect(await campaignTitled(db, title)).toMatchObject({ status: "scheduled", startedAt: null });
});

test("the replace key says what it is, why a length is refused, and offers the nearest valid one", async ({
  page,
  db,
}) => {
  const run = randomBytes(3).toString("hex");
  const { topic } = await addTopic(db, run, 0);
  const title = `Replace key ${run}`;
  await compose(page, title, topic.name, "0 active subscribers match");
  const key = page.getByLabel(REPLACE_KEY);
  await expect(key).toHaveAccessibleDescription(
    /A newer message with the same key replaces an undelivered older one on the push service\. Not the subscribers' topics/,
  );
  await page.getByRole("button", { name: "Generate from title" }).click();
  await expect(key).toHaveValue(topicFromName(title));

  await key.fill("queued-c3");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(key).toHaveAccessibleDescription(
    /Replace key can't be 9 characters long \(Apple's push service decodes it as base64url, where 1, 5, 9, 13… characters are impossible\)\. Use 8 or 10 characters, for example "queued-c" or "queued-c3x"\./,
  );
  await page.getByLabel(REPLACE_KEY).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/h6-replace-key.png" });
  await page.getByRole("button", { name: "Use queued-c" }).click();
  await expect(key).toHaveValue("queued-c");
  await expect(page.getByRole("button", { name: /^Use / })).toHaveCount(0);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+\?saved=1$/);
  expect(await campaignTitled(db, title)).toMatchObject({ status: "draft", topic: "queued-c" });
});

test("an action button without a URL is allowed, fills the preview's width alone and is saved", async ({
  page,
  db,
}) => {
  const run = randomBytes(3).toString("hex");
  const { topic } = await addTopic(db, run, 0);
  const title = `Dismiss ${run}`;
  await compose(page, title, topic.name, "0 active subscribers match");
  await page.getByRole("button", { name: "Add a button" }).click();
  await page.getByLabel("Button 1 label").fill("Dismiss");
  await expect(page.getByLabel("Button 1 URL (optional)")).toHaveAccessibleDescription(
    "Empty: the button just closes the notification.",
  );

  // one button: the whole row, not half of it with an empty half beside
  const preview = page.getByTestId("preview-desktop");
  const row = preview.getByTestId("preview-actions");
  const only = row.getByText("Dismiss", { exact: true });
  const [rowBox, onlyBox] = [await row.boundingBox(), await only.boundingBox()];
  expect(onlyBox!.width).toBeGreaterThan(rowBox!.width - 2);
  await expect(page.getByText("“Dismiss” has no URL: it only closes the notification.")).toBeVisible();
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/h6-one-action.png" });

  // two buttons share the row
  await page.getByRole("button", { name: "Add a button" }).click();
  await page.getByLabel("Button 2 label").fill("Open");
  await page.getByLabel("Button 2 URL (optional)").fill("https://example.com/open");
  const open = row.getByText("Open", { exact: true });
  expect((await open.boundingBox())!.width).toBeLessThan(rowBox!.width / 2 + 1);

  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+\?saved=1$/);
  expect((await campaignTitled(db, title))?.actions).toEqual([
    { action: "action-1", title: "Dismiss" },
    { action: "action-2", title: "Open", url: "https://example.com/open" },
  ]);
});

test("an editor with no subscribed device is sent to the public site before a test send", async ({ browser, db }) => {
  const { context, account } = await signedInContext(browser, "editor");
  const page = await context.newPage();
  await page.goto("/admin/campaigns/new");
  const hint = page.getByTestId("no-test-device");
  await expect(hint).toContainText("None of your devices is subscribed yet");
  const link = hint.getByRole("link", { name: "Open the public site" });
  await expect(link).toHaveAttribute("href", "/");
  await expect(link).toHaveAttribute("target", "_blank");
  await page.getByLabel("Title").fill("Test for nobody");
  await page.getByRole("button", { name: "Send a test to my devices" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "You have no subscribed device yet" })).toBeVisible();

  // once one of theirs is subscribed, the hint is gone
  await db.insert(db.tables.subscriptions).values({
    endpoint: `https://push.invalid/composer/own/${randomBytes(6).toString("hex")}`,
    p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
    auth: "tBHItJI5svbpez7KI4CCXg",
    pushService: "other",
    pushHost: "push.invalid",
    vapidPublicKey: "test-key",
    userId: account.id,
  });
  await page.reload();
  await expect(page.getByLabel("Title")).toBeVisible();
  await expect(hint).toHaveCount(0);
  await context.close();
});
