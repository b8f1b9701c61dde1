// Stored hostile data — as an import, an old version or a direct write could leave it — is shown as
// text everywhere an admin sees it: no script runs, no dialog opens, no element is injected, no
// javascript: link appears, and the CSV exports cannot be run as spreadsheet formulas.
import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { test, expect, type Page } from "@playwright/test";
import { withAppDb } from "./fixtures/app-db";

const SCRIPT = "<script>window.__pwned=1</script>";
const IMG = '"><img src=x onerror="window.__pwned=1">';
const JS_URL = "javascript:window.__pwned=1";
const FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"];
const AUDIENCE = { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] };

type Seeded = {
  sent: number;
  draft: number;
  subscriber: number;
  subscriberIds: number[];
  topicIds: number[];
  segment: number;
  user: number;
};
let seeded: Seeded | undefined;

test.beforeAll(async () => {
  seeded = await withAppDb(async (db) => {
    const { auditLog, campaigns, deliveries, segments, subscriptions, subscriptionTopics, topics, users } = db.tables;
    const tag = randomBytes(4).toString("hex");
    const topicIds: number[] = [];
    for (const [i, name] of [`${FORMULAS[0]} ${IMG}`, `${SCRIPT} topic`].entries()) {
      const [topic] = await db
        .insert(topics)
        .values({ slug: `hostile-render-${tag}-${i}`, name, description: IMG })
        .returning({ id: topics.id });
      topicIds.push(topic!.id);
    }
    const [{ id: subscriber }] = (await db
      .insert(subscriptions)
      .values({
        endpoint: `https://fcm.googleapis.com/fcm/send/${tag}"><img src=x onerror="window.__pwned=1">`,
        p256dh: null,
        auth: null,
        status: "unsubscribed",
        pushService: "fcm",
        pushHost: `fcm.googleapis.com${IMG}`,
        browser: IMG,
        platform: JS_URL,
        language: FORMULAS[0],
        timeZone: SCRIPT,
        vapidPublicKey: "hostile",
      })
      .returning({ id: subscriptions.id })) as [{ id: number }];
    for (const topicId of topicIds) await db.insert(subscriptionTopics).values({ subscriptionId: subscriber, topicId });
    const content = {
      title: `${SCRIPT} sale`,
      body: `${IMG} body`,
      url: JS_URL,
      icon: JS_URL,
      image: `${JS_URL}//.png`,
      badge: "data:image/svg+xml,<svg onload=alert(1)>",
      actions: [{ action: "action-1", title: IMG, url: JS_URL }],
      tag: SCRIPT,
      topic: "hostile",
      audience: AUDIENCE,
    };
    const [{ id: sent }] = (await db
      .insert(campaigns)
      .values({
        ...content,
        status: "sent",
        startedAt: new Date(),
        completedAt: new Date(),
        targetedCount: 1,
        failedCount: 1,
      })
      .returning({ id: campaigns.id })) as [{ id: number }];
    const [{ id: draft }] = (await db
      .insert(campaigns)
      .values({ ...content, title: `${SCRIPT} draft` })
      .returning({ id: campaigns.id })) as [{ id: number }];
    const now = Date.now();
    // one delivery per subscription: the hostile subscriber and plain ones for the other failure texts
    const extra = await db
      .insert(subscriptions)
      .values(
        FORMULAS.slice(1).map((_, i) => ({
          endpoint: `https://fcm.googleapis.com/fcm/send/${tag}-plain-${i}`,
          status: "unsubscribed" as const,
          pushService: "fcm" as const,
          pushHost: "fcm.googleapis.com",
          vapidPublicKey: "hostile",
        })),
      )
      .returning({ id: subscriptions.id });
    const subscriberIds = [subscriber, ...extra.map((row) => row.id)];
    await db.insert(deliveries).values(
      FORMULAS.map((formula, i) => ({
        campaignId: sent,
        subscriptionId: subscriberIds[i]!,
        receiptToken: `${tag}-hostile-${i}-${randomBytes(8).toString("hex")}`,
        status: "failed" as const,
        statusCode: 400,
        error: formula,
        attempts: 1,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const [{ id: segment }] = (await db
      .insert(segments)
      .values({ name: `${SCRIPT} segment`, description: IMG, rules: { match: "all", conditions: [] } })
      .returning({ id: segments.id })) as [{ id: number }];
    const [{ id: user }] = (await db
      .insert(users)
      .values({ email: `hostile-${tag}@example.com`, name: `${IMG}${SCRIPT}`, passwordHash: "x", role: "viewer" })
      .returning({ id: users.id })) as [{ id: number }];
    await db.insert(auditLog).values({
      action: "auth.sign_in_failed",
      targetType: "user",
      details: { email: `${IMG}@example.com`, reason: SCRIPT },
      ip: IMG,
      actorEmail: SCRIPT,
    });
    return { sent, draft, subscriber, subscriberIds, topicIds, segment, user };
  });
});

function ids(): Seeded {
  if (!seeded) throw new Error("the hostile data was not seeded");
  return seeded;
}

test.afterAll(async () => {
  const s = seeded;
  if (!s) return;
  await withAppDb(async (db) => {
    const { campaigns, deliveries, segments, subscriptions, subscriptionTopics, topics, users } = db.tables;
    await db.delete(deliveries).where(eq(deliveries.campaignId, s.sent));
    await db.delete(campaigns).where(inArray(campaigns.id, [s.sent, s.draft]));
    await db.delete(subscriptionTopics).where(eq(subscriptionTopics.subscriptionId, s.subscriber));
    await db.delete(subscriptions).where(inArray(subscriptions.id, s.subscriberIds));
    await db.delete(topics).where(inArray(topics.id, s.topicIds));
    await db.delete(segments).where(eq(segments.id, s.segment));
    await db.delete(users).where(eq(users.id, s.user));
  });
});

/** Loads a page and checks nothing hostile ran or was injected; returns the page's visible text. */
async function visitSafely(page: Page, path: string): Promise<string> {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await page.waitForLoadState("networkidle");
  expect(dialogs, `${path} opened a dialog`).toEqual([]);
  expect(
    await page.evaluate(() => (window as { __pwned?: number }).__pwned),
    `${path} ran injected script`,
  ).toBeUndefined();
  const injected = await page.evaluate(() => ({
    images: [...document.querySelectorAll("img")].filter(
      (img) => img.getAttribute("src") === "x" || img.hasAttribute("onerror"),
    ).length,
    handlers: [...document.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name)))
      .length,
    jsLinks: [...document.querySelectorAll("a[href], img[src], area[href], form[action], iframe[src]")]
      .map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("action") ?? "")
      .filter((url) => /^\s*(javascript|data|vbscript):/i.test(url)),
    scripts: [...document.querySelectorAll("script")].filter(
      (s) => s.textContent?.includes("window.__pwned=1") && !s.textContent.includes("self.__next_f"),
    ).length,
  }));
  expect(injected, `${path} contains injected markup`).toEqual({ images: 0, handlers: 0, jsLinks: [], scripts: 0 });
  return page.locator("body").innerText();
}

test("hostile campaigns, subscribers, topics, segments, names and audit entries render as text", async ({ page }) => {
  test.setTimeout(120_000);
  const s = ids();
  const pages: [string, string[]][] = [
    ["/admin", []],
    ["/admin/campaigns", [`${SCRIPT} sale`]],
    [`/admin/campaigns/${s.sent}`, [`${SCRIPT} sale`, JS_URL]],
    [`/admin/campaigns/${s.draft}`, []],
    ["/admin/subscribers?status=all", []],
    [`/admin/subscribers/${s.subscriber}`, [`${SCRIPT} topic`]],
    ["/admin/topics", [`${SCRIPT} topic`]],
    ["/admin/segments", [`${SCRIPT} segment`]],
    ["/admin/team", [`${IMG}${SCRIPT}`]],
    ["/admin/audit", [SCRIPT]],
  ];
  for (const [path, texts] of pages) {
    const text = await visitSafely(page, path);
    for (const expected of texts) expect(text, `${path} shows the hostile text as text`).toContain(expected);
  }
  // The composer's live preview of the hostile draft: only http(s) or site images are ever loaded.
  await page.goto(`/admin/campaigns/${s.draft}`);
  for (const platform of ["Desktop browser", "Android"]) {
    await page.getByRole("tab", { name: platform }).click();
    const sources = await page
      .locator("[data-testid^=preview-] img")
      .evaluateAll((imgs) => imgs.map((img) => img.getAttribute("src") ?? ""));
    expect(sources.filter((src) => !/^(https?:\/\/|\/(?!\/))/.test(src))).toEqual([]);
  }
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

/** RFC 4180 cells of a CSV text. */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      cells.push(cell);
      cell = "";
    } else if (!quoted && c === "\n" && cell.endsWith("\r")) {
      cells.push(cell.slice(0, -1));
      cell = "";
    } else {
      cell += c;
    }
  }
  return cell ? [...cells, cell] : cells;
}

test("CSV exports neutralise cells a spreadsheet would run as formulas", async ({ page }) => {
  const s = ids();
  for (const path of ["/api/admin/subscribers/export?status=all", `/api/admin/campaigns/${s.sent}/deliveries`]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const text = await response.text();
    const cells = csvCells(text);
    expect(cells.length, path).toBeGreaterThan(10);
    expect(
      cells.filter((cell) => /^[=+\-@\t\r]/.test(cell)),
      `${path} has formula cells`,
    ).toEqual([]);
    // the hostile values are there, defused with a leading apostrophe
    const expected = path.includes("deliveries") ? FORMULAS : [FORMULAS[0]!];
    for (const formula of expected) expect(cells, path).toContain(`'${formula}`);
  }
});
