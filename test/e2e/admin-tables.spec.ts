// Tables fit: at 1280 px no table of the campaign pages scrolls sideways and every column it shows is
// whole; on a 390 px phone the shared table turns into cards. Screenshots go to /tmp/h7-*.png.
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { count, eq } from "drizzle-orm";
import { createAccount } from "./fixtures/auth";
import { seedShowcaseInE2eDatabase, type SeededIds } from "./fixtures/admin-pages";
import { seedSubscribers, withDb } from "./fixtures/subscribers";
import { e2eSettings } from "./settings";

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  tablet: { width: 1024, height: 768 },
  phone: { width: 390, height: 844 },
} as const;
const LANGUAGE = "e2e-tables";
const FAILED = "Tables: the spring sale reminder that met a few unreachable phones";
const SCHEDULED = "Tables: autumn collection preview for everyone who opted in to product news";
let ids: SeededIds;

test.beforeAll(async () => {
  ids = await seedShowcaseInE2eDatabase();
  await withDb(async (db) => {
    const { campaigns } = db.tables;
    if ((await db.select().from(campaigns).where(eq(campaigns.title, FAILED))).length) return;
    const audience = { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] };
    const now = Date.now();
    await db.insert(campaigns).values([
      {
        title: FAILED,
        audience,
        status: "sent",
        startedAt: new Date(now),
        completedAt: new Date(now + 60_000),
        snapshotDoneAt: new Date(now),
        targetedCount: 12_480,
        acceptedCount: 12_301,
        failedCount: 97,
        expiredCount: 82,
        shownCount: 11_020,
        clickedCount: 1_204,
      },
      { title: SCHEDULED, audience, status: "scheduled", scheduledAt: new Date(now + 60 * 86_400_000) },
    ]);
  });
  const [seeded] = await withDb((db) => {
    const { subscriptions } = db.tables;
    return db.select({ n: count() }).from(subscriptions).where(eq(subscriptions.language, LANGUAGE));
  });
  if (!seeded?.n) {
    // expired: a thousand rows for the count's thousands separator, kept out of every campaign's audience
    await seedSubscribers(1_000, { language: LANGUAGE, status: "expired" });
    await seedSubscribers(12, { language: LANGUAGE, status: "expired", pushService: "mozilla" });
  }
  await createAccount("editor"); // a member whose password the owner may reset
});

async function open(browser: Browser, device: keyof typeof VIEWPORTS, scheme: "light" | "dark" = "light") {
  const context = await browser.newContext({
    storageState: e2eSettings.authFile,
    viewport: VIEWPORTS[device],
    colorScheme: scheme,
    isMobile: device === "phone",
    hasTouch: device === "phone",
  });
  return { context, page: await context.newPage() };
}

async function noSidewaysScroll(scroller: Locator) {
  const { scrollWidth, clientWidth } = await scroller.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
  }));
  expect(scrollWidth, "the table scrolls sideways").toBeLessThanOrEqual(clientWidth);
}

async function withinViewport(page: Page, target: Locator) {
  const box = (await target.boundingBox())!;
  expect(box, "not rendered").not.toBeNull();
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

for (const device of ["desktop", "tablet"] as const)
  test(`at ${VIEWPORTS[device].width} px the campaign list shows its actions without scrolling sideways`, async ({
    browser,
  }) => {
    const { context, page } = await open(browser, device);
    await page.goto("/admin/campaigns?q=Tables%3A");
    await noSidewaysScroll(page.getByRole("region", { name: "Campaigns" }));
    const table = page.getByRole("table", { name: "Campaigns" });
    for (const title of [FAILED, SCHEDULED]) {
      const row = table.getByRole("row").filter({ hasText: title });
      await withinViewport(page, row.getByRole("button", { name: `Duplicate: ${title}` }));
    }
    await withinViewport(page, table.getByRole("button", { name: `Cancel: ${SCHEDULED}` }));
    await expect(page.getByRole("list", { name: "Campaigns" })).toBeHidden();
    await context.close();
  });

test("at 1280 px the delivery log shows the whole Last change column", async ({ browser }) => {
  const { context, page } = await open(browser, "desktop");
  await page.goto(`/admin/campaigns/${ids.campaign}`);
  const region = page.getByRole("region", { name: "Delivery log" });
  await noSidewaysScroll(region);
  const header = page.getByRole("table", { name: "Delivery log" }).getByRole("columnheader", { name: "Last change" });
  await expect(header).toBeVisible();
  const box = (await header.boundingBox())!;
  const frame = (await region.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width);
  await context.close();
});

test("on a phone the campaign list is cards with title, status, when and actions", async ({ browser }) => {
  const { context, page } = await open(browser, "phone");
  await page.goto("/admin/campaigns?q=Tables%3A");
  await expect(page.getByRole("table", { name: "Campaigns" })).toBeHidden();
  const cards = page.getByRole("list", { name: "Campaigns" }).getByRole("listitem");
  await expect(cards).toHaveCount(2);
  const card = cards.filter({ has: page.getByRole("heading", { name: FAILED }) });
  await expect(card.getByRole("link", { name: FAILED })).toBeVisible();
  await expect(card.getByText("sent with failures", { exact: true })).toBeVisible();
  await expect(card.getByText(/^sent \w+ \d/)).toBeVisible();
  await expect(card.getByText("12,480")).toBeVisible();
  await withinViewport(page, card.getByRole("button", { name: `Duplicate: ${FAILED}` }));
  const scheduled = cards.filter({ has: page.getByRole("heading", { name: SCHEDULED }) });
  await expect(scheduled.getByText(/^scheduled for /)).toBeVisible();
  await withinViewport(page, scheduled.getByRole("button", { name: `Cancel: ${SCHEDULED}` }));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // every value fits its place in the card, the widest badge ("cancelled after 263 of 1,616") included
  await page.goto("/admin/campaigns");
  await expect(page.getByText("cancelled after 263 of 1,616").last()).toBeVisible();
  const spilling = await page
    .getByRole("list", { name: "Campaigns" })
    .locator("dd")
    .evaluateAll((values) =>
      values.filter((dd) => dd.scrollWidth > dd.clientWidth + 1).map((dd) => dd.textContent ?? ""),
    );
  expect(spilling, "card values wider than their place").toEqual([]);
  await context.close();
});

test("on a phone the audit log and the segments are cards, details included", async ({ browser }) => {
  const { context, page } = await open(browser, "phone");
  await page.goto("/admin/audit");
  await expect(page.getByRole("table", { name: "Audit log entries" })).toBeHidden();
  const entry = page.getByRole("list", { name: "Audit log entries" }).getByRole("listitem").first();
  // the table hid the details below md; a card shows them
  await expect(entry.getByText("Details")).toBeVisible();
  await expect(entry.getByText("When (UTC)")).toBeVisible();
  await page.goto("/admin/segments");
  await expect(page.getByRole("table", { name: "Segments" })).toBeHidden();
  const segment = page
    .getByRole("list", { name: "Segments" })
    .getByRole("listitem")
    .filter({ hasText: "Showcase: English speakers on Android" });
  await expect(segment.getByText("Used by")).toBeVisible();
  await withinViewport(page, segment.getByRole("button", { name: /Delete/ }));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await context.close();
});

test("on a phone the team's Reset password buttons are whole", async ({ browser }) => {
  const { context, page } = await open(browser, "phone");
  await page.goto("/admin/team");
  const resets = page
    .getByRole("list", { name: "Team members" })
    .getByRole("button", { name: /^Reset the password of / });
  expect(await resets.count()).toBeGreaterThan(0);
  for (const button of await resets.all()) {
    await expect(button).toBeVisible();
    await withinViewport(page, button);
  }
  await context.close();
});

test("the subscriber list says how many it holds, and how many the filter matches", async ({ page }) => {
  const total = (status: "active" | "expired") =>
    withDb(async (db) => {
      const { subscriptions } = db.tables;
      const [row] = await db.select({ n: count() }).from(subscriptions).where(eq(subscriptions.status, status));
      return Number(row!.n);
    });
  const footer = page.getByRole("navigation", { name: "Pages" });
  await page.goto("/admin/subscribers");
  await expect(footer).toContainText(`${(await total("active")).toLocaleString("en")} subscriber`);
  const expired = await total("expired");
  expect(expired).toBeGreaterThanOrEqual(1_012);
  await page.goto("/admin/subscribers?status=expired");
  await expect(footer).toContainText(`${expired.toLocaleString("en")} subscribers`);
  await page.goto(`/admin/subscribers?status=expired&language=${LANGUAGE}&pushService=mozilla`);
  await expect(footer).toContainText(`12 of ${expired.toLocaleString("en")} subscribers`);
});

test("the overview's sent-with-failures badge stays on one line", async ({ browser }) => {
  for (const device of ["desktop", "phone"] as const) {
    const { context, page } = await open(browser, device);
    await page.goto("/admin");
    const item = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: FAILED }) });
    const badge = item.getByText("sent with failures", { exact: true });
    await expect(badge).toBeVisible();
    const { height, lineHeight } = await badge.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(el).lineHeight),
    }));
    expect(height, `${device}: the badge wraps`).toBeLessThan(lineHeight * 2);
    await context.close();
  }
});

test("screenshots of the tables at both widths, light and dark", async ({ browser }) => {
  test.setTimeout(120_000);
  const pages = {
    campaigns: "/admin/campaigns",
    log: `/admin/campaigns/${ids.campaign}`,
    team: "/admin/team",
    subscribers: "/admin/subscribers",
    overview: "/admin",
  };
  for (const device of ["desktop", "tablet", "phone"] as const)
    for (const scheme of ["light", "dark"] as const) {
      const { context, page } = await open(browser, device, scheme);
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        await page.screenshot({ path: `/tmp/h7-${name}-${device}-${scheme}.png`, fullPage: true });
      }
      await context.close();
    }
});
