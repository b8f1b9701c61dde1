import { test, expect } from "@playwright/test";
import { signedInContext } from "./fixtures/auth";
import { seedSubscribers, type SeededSubscriber } from "./fixtures/subscribers";

// Rows of this spec carry their own language tag, so other specs' subscribers never interfere.
const LANGUAGE = "e2e-subs";
let firefox: SeededSubscriber[] = [];
let chrome: SeededSubscriber[] = [];

test.beforeAll(async () => {
  chrome = await seedSubscribers(55, { language: LANGUAGE, topicSlug: "e2e-sub-topic" });
  firefox = await seedSubscribers(3, { language: LANGUAGE, pushService: "mozilla" });
});

test("filters, pages and opens a subscriber; endpoints are never shown whole", async ({ page }) => {
  await page.goto(`/admin/subscribers?language=${LANGUAGE}`);
  await expect(page.getByRole("heading", { name: "Subscribers", level: 1 })).toBeVisible();
  const rows = page.getByRole("table", { name: "Subscribers" }).locator("tbody tr");
  await expect(rows).toHaveCount(50);
  const html = await page.content();
  for (const s of [...chrome, ...firefox]) expect(html).not.toContain(s.endpoint);
  await expect(rows.first()).toContainText(`updates.push.services.mozilla.com/…${firefox[2]!.endpoint.slice(-6)}`);

  await page.getByRole("link", { name: "Older subscribers →" }).click();
  await expect(rows).toHaveCount(8);
  await expect(page.getByRole("link", { name: "Older subscribers →" })).toHaveCount(0);

  await page.goto(`/admin/subscribers?language=${LANGUAGE}`);
  await page.getByLabel("Push service").selectOption("mozilla");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/pushService=mozilla/);
  await expect(rows).toHaveCount(3);

  await rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: `Subscriber #${firefox[2]!.id}` })).toBeVisible();
  await expect(page.getByText("firefox · linux")).toBeVisible();
  await expect(page.getByText("Nothing delivered yet")).toBeVisible();
  expect(await page.content()).not.toContain(firefox[2]!.endpoint);
});

test("an editor deletes a subscriber for good after typing the confirmation", async ({ browser }) => {
  const { context } = await signedInContext(browser, "editor");
  const page = await context.newPage();
  const target = chrome[0]!;
  await page.goto(`/admin/subscribers/${target.id}`);
  await page.getByRole("button", { name: "Delete for good…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this subscriber for good?" });
  await dialog.getByRole("button", { name: "Delete subscriber" }).click();
  await expect(dialog.getByText('Type "delete" to confirm.', { exact: true })).toBeVisible();
  await dialog.getByLabel('Type "delete" to confirm').fill("delete");
  await dialog.getByRole("button", { name: "Delete subscriber" }).click();
  await expect(page).toHaveURL(/\/admin\/subscribers\?deleted=1$/);
  await expect(page.getByText("The subscriber was deleted for good.")).toBeVisible();
  expect((await page.goto(`/admin/subscribers/${target.id}`))?.status()).toBe(404);
  await context.close();
});

test("the CSV export streams the filtered list, shortened, formula-safe, audited", async ({ page }) => {
  const response = await page.request.get(`/api/admin/subscribers/export?language=${LANGUAGE}&pushService=mozilla`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  expect(response.headers()["content-disposition"]).toMatch(
    /attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"/,
  );
  const lines = (await response.text()).trim().split("\r\n");
  expect(lines[0]).toBe(
    "id,endpoint,status,push_service,browser,platform,language,topics,subscribed_at,last_seen_at,external_id",
  );
  expect(lines).toHaveLength(4);
  expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual(firefox.map((s) => s.id).reverse());
  expect(lines[1]).toContain(
    `,updates.push.services.mozilla.com/…${firefox[2]!.endpoint.slice(-6)},active,mozilla,firefox,linux,${LANGUAGE},`,
  );
  for (const s of firefox) expect(lines.join("\n")).not.toContain(s.endpoint);

  const all = (await (await page.request.get(`/api/admin/subscribers/export?language=${LANGUAGE}&status=all`)).text())
    .trim()
    .split("\r\n");
  expect(all.length).toBeGreaterThanOrEqual(57); // header + 54 chrome (one deleted above) + 3 firefox, across keyset pages

  await page.goto("/admin/audit?action=subscriber.export");
  await expect(page.getByRole("table", { name: "Audit log entries" }).locator("tbody tr").first()).toContainText(
    "subscriber.export",
  );
});

test("a viewer sees subscribers but cannot delete or export", async ({ browser }) => {
  const { context } = await signedInContext(browser, "viewer");
  const page = await context.newPage();
  await page.goto(`/admin/subscribers?language=${LANGUAGE}`);
  await expect(page.getByRole("table", { name: "Subscribers" }).locator("tbody tr")).toHaveCount(50);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  await page.goto(`/admin/subscribers/${firefox[0]!.id}`);
  await expect(page.getByRole("heading", { name: `Subscriber #${firefox[0]!.id}` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete for good…" })).toHaveCount(0);
  expect((await context.request.get(`/api/admin/subscribers/export?language=${LANGUAGE}`)).status()).toBe(403);
  await page.screenshot({ path: "test/.artifacts/subscribers-viewer.png", fullPage: true });
  await context.close();
});

test("the owner exports subscriptions with keys (warned, audited) and imports a file row by row", async ({
  page,
  browser,
}) => {
  await page.goto("/admin/subscribers");
  await page.getByRole("link", { name: "Import / export with keys" }).click();
  await expect(page.getByRole("note")).toContainText("holds every active subscription's full endpoint and keys");

  const exported = (await (await page.request.get("/api/admin/subscriptions-export?format=json")).json()) as {
    endpoint: string;
    keys: { p256dh: string; auth: string };
  }[];
  const mine = exported.find((s) => s.endpoint === firefox[1]!.endpoint);
  expect(mine?.keys.auth).toMatch(/^[A-Za-z0-9_-]{22}$/);

  const fresh = `https://fcm.googleapis.com/fcm/send/imported-${Date.now()}`;
  const file = JSON.stringify([
    { endpoint: fresh, keys: mine!.keys },
    { endpoint: "https://evil.example/x.push.apple.com/", keys: mine!.keys },
    { endpoint: firefox[1]!.endpoint, keys: mine!.keys },
  ]);
  await page
    .getByLabel("File (JSON or CSV, up to 10 MB)")
    .setInputFiles({ name: "subs.json", mimeType: "application/json", buffer: Buffer.from(file) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("1 imported, 1 already present, 1 refused.")).toBeVisible();
  const refused = page.getByRole("table", { name: "Refused rows" });
  await expect(refused).toContainText("evil.example/…e.com/");
  await expect(refused).toContainText("The endpoint is not at a known push service");

  await page
    .getByLabel("File (JSON or CSV, up to 10 MB)")
    .setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{ nope") });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("The file is not valid JSON.")).toBeVisible();

  await page.goto("/admin/audit?action=subscriber.import");
  await expect(page.getByRole("table", { name: "Audit log entries" })).toContainText("imported: 1");

  const { context } = await signedInContext(browser, "editor");
  expect((await context.request.get("/api/admin/subscriptions-export?format=csv")).status()).toBe(403);
  const editorPage = await context.newPage();
  await editorPage.goto("/admin/subscribers");
  await expect(editorPage.getByRole("link", { name: "Import / export with keys" })).toHaveCount(0);
  expect((await editorPage.goto("/admin/subscribers/transfer"))?.status()).toBe(403);
  await context.close();
});
