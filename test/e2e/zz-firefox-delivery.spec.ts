// Real delivery, nothing stubbed: stock Firefox ESR subscribes through our public site at a local
// Mozilla-protocol push service (with its own keys), an admin allows that service in Settings and sends
// a campaign from the dashboard, our server encrypts and POSTs it, Firefox decrypts it itself, our
// service worker shows it and its `shown` receipt is counted. Named zz- so it runs after the others.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Browser, Page as FirefoxPage } from "puppeteer-core";
import { expect, test, type Page } from "@playwright/test";
import { startMozillaPushService, type MozillaPushService } from "../support/mozilla-push-service";
import { launchFirefox } from "./fixtures/firefox";
import { withAppDb } from "./fixtures/app-db";
import { e2eSettings } from "./settings";

test.setTimeout(90_000);

let push: MozillaPushService | undefined;
let firefox: Promise<Browser> | undefined;

test.afterAll(async () => {
  await firefox?.then((browser) => browser.close()).catch(() => {});
  await push?.close();
});

/** The push service's side of the story, for failure messages. */
const pushLog = () =>
  JSON.stringify(
    {
      protocol: push?.protocolLog().map((e) => e.message),
      requests: push?.requests().map((r) => ({ status: r.status, reason: r.reason, ttl: r.ttl })),
      messages: push?.messages(),
    },
    null,
    1,
  );

async function allowPushHost(page: Page, host: string) {
  await page.goto("/admin/settings");
  const field = page.getByLabel("Extra push-service hosts");
  const current = (await field.inputValue()).split(/\s+/).filter(Boolean);
  await field.fill([...current.filter((h) => h !== host), host].join("\n"));
  await page.getByRole("button", { name: "Save hosts" }).click();
  await expect(page.getByText("Allowed push services saved.")).toBeVisible();
}

async function optInWithOnly(visitor: FirefoxPage, slug: string) {
  await visitor.goto(`${e2eSettings.baseURL}/`, { waitUntil: "load" });
  await visitor.waitForSelector('[data-testid="optin-panel"][data-state="idle"]', { timeout: 15_000 });
  const boxes = await visitor.$$eval('input[name="topics"]', (inputs) =>
    inputs.map((i) => ({ value: (i as HTMLInputElement).value, checked: (i as HTMLInputElement).checked })),
  );
  for (const box of boxes)
    if (box.checked !== (box.value === slug)) await visitor.click(`input[name="topics"][value="${box.value}"]`);
  const checked = await visitor.$$eval('input[name="topics"]:checked', (inputs) =>
    inputs.map((i) => (i as HTMLInputElement).value),
  );
  expect(checked, "only the test topic is chosen").toEqual([slug]);
  await visitor.locator('[data-testid="optin-panel"] button::-p-text(Turn on notifications)').click();
  const state = await visitor
    .waitForSelector(
      '[data-testid="optin-panel"]:is([data-state="subscribed"], [data-state="error"], [data-state="denied"])',
      { timeout: 20_000 },
    )
    .then((panel) =>
      panel!.evaluate(
        (el) => `${el.getAttribute("data-state")}: ${(el as HTMLElement).innerText.replace(/\s+/g, " ")}`,
      ),
    )
    .catch(() => "no final state within 20 s");
  expect(state, `Firefox's opt-in did not end subscribed.\nPush service log: ${pushLog()}`).toMatch(/^subscribed:/);
}

const shownNotifications = (visitor: FirefoxPage) =>
  visitor.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body })),
  );

test("Firefox subscribes through the site, receives a campaign sent from the dashboard, shows it and reports it shown", async ({
  page,
}) => {
  const started = Date.now();
  push = await startMozillaPushService();
  firefox = launchFirefox(push.websocketUrl);
  firefox.catch(() => {}); // awaited below; it starts now so Firefox boots while the admin works
  const service = push;

  // The admin allows the self-hosted push service, as anyone running one would.
  await allowPushHost(page, service.host);
  const hostAllowedAt = Date.now();
  const run = randomBytes(3).toString("hex");
  const topic = await withAppDb(async (db) => {
    const [row] = await db
      .insert(db.tables.topics)
      .values({ slug: `firefox-${run}`, name: `Firefox delivery ${run}`, position: 98 })
      .returning();
    return row!;
  });

  // The visitor opts in on the public site; Firefox registers with the push service itself.
  const visitor = await (await firefox).newPage();
  await optInWithOnly(visitor, topic.slug);
  const vapidPublicKey = ((await (await page.request.get("/api/vapid-public-key")).json()) as { publicKey: string })
    .publicKey;
  const [channel, ...moreChannels] = service.channels();
  expect(moreChannels, pushLog()).toEqual([]);
  expect(
    Buffer.from(channel!.key ?? "", "base64url").equals(Buffer.from(vapidPublicKey, "base64url")),
    "Firefox registered with the server's VAPID key",
  ).toBe(true);
  const [stored] = await withAppDb((db) => {
    const { subscriptions } = db.tables;
    return db.select().from(subscriptions).where(eq(subscriptions.endpoint, channel!.endpoint));
  });
  expect(stored, "the site stored Firefox's subscription").toMatchObject({
    status: "active",
    browser: "firefox",
    pushHost: service.host,
    vapidPublicKey,
  });
  expect(stored!.p256dh).toMatch(/^[A-Za-z0-9_-]{87}$/);
  const chosen = await withAppDb((db) => {
    const { subscriptionTopics } = db.tables;
    return db.select().from(subscriptionTopics).where(eq(subscriptionTopics.subscriptionId, stored!.id));
  });
  expect(chosen.map((r) => r.topicId)).toEqual([topic.id]);

  // The admin composes and sends a campaign to the topic from the dashboard.
  const title = `Firefox ${run}: the real thing`;
  const body = `Encrypted by Pushboard, decrypted by Firefox (${run}).`;
  await page.goto("/admin/campaigns/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Body").fill(body);
  await page.getByLabel(`Topic ${topic.name}`).selectOption("include");
  await expect(page.getByTestId("audience-count")).toContainText("1 active subscriber match");
  await page.getByRole("button", { name: "Send now…" }).click();
  // the sender re-reads the allowed hosts every 5 s (lib/sender/process.ts); Firefox's start-up usually covers it
  await page.waitForTimeout(Math.max(0, hostAllowedAt + 5_500 - Date.now()));
  await page
    .getByRole("dialog", { name: "Send this campaign now?" })
    .getByRole("button", { name: "Send to 1" })
    .click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+$/);
  const campaignId = Number(new URL(page.url()).pathname.split("/").pop());
  await expect(
    page.getByTestId("count-accepted"),
    `the push service did not accept the campaign.\n${pushLog()}`,
  ).toHaveText("1", { timeout: 20_000 });

  // Firefox decrypted it and our service worker showed exactly what was composed.
  await expect
    .poll(() => shownNotifications(visitor), {
      message: `Firefox showed no notification.\n${pushLog()}`,
      timeout: 15_000,
    })
    .toEqual([{ title, body }]);
  const [request] = service.requests();
  expect(request).toMatchObject({ status: 201, vapid: { aud: service.origin, publicKey: vapidPublicKey } });
  await expect
    .poll(() => service.messages().map((m) => [m.status, m.ackCode]), {
      message: "Firefox acked the push as delivered (100)",
    })
    .toEqual([["acked", 100]]);

  // The worker's `shown` receipt reached the server and is counted on the campaign's page.
  await expect(page.getByTestId("count-shown"), "the shown receipt is counted").toHaveText("1", { timeout: 20_000 });
  const shown = await withAppDb((db) => {
    const { receipts } = db.tables;
    return db
      .select()
      .from(receipts)
      .where(and(eq(receipts.campaignId, campaignId), eq(receipts.kind, "shown")));
  });
  expect(shown).toHaveLength(1);
  test.info().annotations.push({
    type: "duration",
    description: `${Date.now() - started} ms from push service start to shown receipt`,
  });
});
