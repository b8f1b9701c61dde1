import { test, expect } from "@playwright/test";
import { signedInContext } from "./fixtures/auth";
import { seedSubscribers, withDb } from "./fixtures/subscribers";
import { and, count, eq } from "drizzle-orm";
import { getExtraPushHosts, setExtraPushHosts } from "../../lib/settings/push-hosts";
import { getNotificationDefaults, setNotificationDefaults } from "../../lib/settings/notification-defaults";
import { e2eSettings } from "./settings";
import { withAppDb } from "./fixtures/app-db";

// Specs share one server and database: what a test here changes it puts back, so no other spec's
// composer or sender sees another site name, TTL or extra push host than the ones it set itself.
let savedDefaults: Awaited<ReturnType<typeof getNotificationDefaults>>;
let savedHosts: string[];
test.beforeEach(async () => {
  savedDefaults = await withAppDb((db) => getNotificationDefaults(db));
  savedHosts = await withAppDb((db) => getExtraPushHosts(db));
});
test.afterEach(async () => {
  await withAppDb(async (db) => {
    await setNotificationDefaults(db, savedDefaults, null);
    await setExtraPushHosts(db, savedHosts);
  });
});

function activeWithCurrentKey(): Promise<number> {
  return withDb(async (db) => {
    const { settings, subscriptions } = db.tables;
    const [key] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, "vapid_keys"));
    const { publicKey } = key!.value as { publicKey: string };
    const [active] = await db
      .select({ n: count() })
      .from(subscriptions)
      .where(and(eq(subscriptions.status, "active"), eq(subscriptions.vapidPublicKey, publicKey)));
    return Number(active!.n);
  });
}

test("the owner validates the VAPID contact and rotates keys only after a confirmation naming the orphans", async ({
  page,
}) => {
  await seedSubscribers(2, { language: "e2e-settings" });
  await page.goto("/admin/settings");
  const publicKey = (await page.getByTestId("vapid-public-key").innerText()).trim();
  expect(publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);

  const subject = page.getByLabel("Contact (VAPID subject)");
  await subject.fill("mailto:admin@localhost");
  await page.getByRole("button", { name: "Save contact" }).click();
  await expect(page.getByText("The contact e-mail must use a public domain, not localhost").first()).toBeVisible();
  await subject.fill("mailto:push@example.com");
  await page.getByRole("button", { name: "Save contact" }).click();
  await expect(page.getByText("Contact saved.")).toBeVisible();

  const orphans = await activeWithCurrentKey();
  expect(orphans).toBeGreaterThanOrEqual(2);
  await page.getByRole("button", { name: "Rotate keys…" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the VAPID keys?" });
  await expect(dialog).toContainText(`This orphans ${orphans.toLocaleString("en")} active subscriptions`);
  await dialog.getByLabel('Type "rotate" to confirm').fill("yes");
  await dialog.getByRole("button", { name: `Rotate and orphan ${orphans} active subscriptions` }).click();
  await expect(dialog.getByText('Type "rotate" to confirm the rotation.')).toBeVisible();
  await page.screenshot({ path: "test/.artifacts/settings-rotate.png" });
  await dialog.getByLabel('Type "rotate" to confirm').fill("rotate");
  await dialog.getByRole("button", { name: /Rotate and orphan/ }).click();
  await expect(page.getByText(`Keys rotated. ${orphans} subscriptions made with the old key`)).toBeVisible();

  await page.reload();
  const rotated = (await page.getByTestId("vapid-public-key").innerText()).trim();
  expect(rotated).not.toBe(publicKey);
  // the visitor API hands out the new key at once (the server context was reset)
  const served = await (await page.request.get("/api/vapid-public-key")).json();
  expect(JSON.stringify(served)).toContain(rotated);
  await expect(page.getByLabel("Contact (VAPID subject)")).toHaveValue("mailto:push@example.com");

  await page.goto("/admin/audit?action=settings.vapid_rotate");
  await expect(page.getByRole("table", { name: "Audit log entries" })).toContainText(`orphaned: ${orphans}`);
});

test("notification defaults and push hosts are validated and saved", async ({ page }) => {
  await page.goto("/admin/settings");
  await page.getByLabel("Icon").fill("javascript:alert(1)");
  await page.getByLabel("Time to live (seconds)").fill("99999999");
  await page.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByText("Use a path like /icons/icon.png or an https:// address.").first()).toBeVisible();
  await expect(page.getByText(/Use at most 2419200 seconds/)).toBeVisible();
  await page.getByLabel("Icon").fill("/icons/icon-192.png");
  await page.getByLabel("Time to live (seconds)").fill("3600");
  await page.getByLabel("Site name").fill("Acme News");
  await page.getByLabel("Urgency").selectOption("high");
  await page.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByText("Notification defaults saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Site name")).toHaveValue("Acme News");
  await expect(page.getByLabel("Urgency")).toHaveValue("high");

  await page.getByLabel("Extra push-service hosts").fill("https://evil.example/path");
  await page.getByRole("button", { name: "Save hosts" }).click();
  await expect(page.getByText(/no schemes, paths or IP addresses/)).toBeVisible();
  await page.getByLabel("Extra push-service hosts").fill("push.selfhosted.example\npush2.example:8443");
  await page.getByRole("button", { name: "Save hosts" }).click();
  await expect(page.getByText("Allowed push services saved.")).toBeVisible();
});

test("a new campaign starts from the notification defaults, and what it leaves empty falls back to them", async ({
  page,
}) => {
  await page.goto("/admin/settings");
  await page.getByLabel("Icon").fill("/icons/defaults-icon.png");
  await page.getByLabel("Badge", { exact: true }).fill("/icons/defaults-badge.png");
  await page.getByLabel("Default click URL").fill("/news");
  await page.getByLabel("Time to live (seconds)").fill("604800");
  await page.getByLabel("Urgency").selectOption("high");
  await page.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByText("Notification defaults saved.")).toBeVisible();

  await page.goto("/admin/campaigns/new");
  await expect(page.getByLabel("Icon", { exact: true })).toHaveValue("/icons/defaults-icon.png");
  await expect(page.getByLabel("Badge", { exact: true })).toHaveValue("/icons/defaults-badge.png");
  await expect(page.getByLabel("Click URL")).toHaveValue(`${e2eSettings.baseURL}/news`);
  await expect(page.getByLabel("Time to live (TTL)")).toHaveValue("604800");
  await expect(page.getByRole("radio", { name: /^high/ })).toBeChecked();

  // An admin who empties the links gets the defaults when the campaign is saved, not nothing.
  const title = `Defaults ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Click URL").fill("");
  await page.getByLabel("Icon", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/\d+\?saved=1$/);
  const [stored] = await withDb((db) => {
    const { campaigns } = db.tables;
    return db.select().from(campaigns).where(eq(campaigns.title, title));
  });
  expect(stored).toMatchObject({
    url: `${e2eSettings.baseURL}/news`,
    icon: `${e2eSettings.baseURL}/icons/defaults-icon.png`,
    badge: `${e2eSettings.baseURL}/icons/defaults-badge.png`,
    ttl: 604_800,
    urgency: "high",
  });
});

test("the push doctor checks the set-up and says how to fix what fails", async ({ page }) => {
  await page.goto("/admin/settings/doctor");
  const checks = page.getByRole("list", { name: "Checks" });
  await expect(checks).toContainText("VAPID contact meets Apple's rules");
  await expect(checks).toContainText("Stored key pair is a matching P-256 pair");
  await expect(checks.getByRole("listitem").filter({ hasText: "Service worker reachable" })).toContainText("OK");
  await expect(checks.getByRole("listitem").filter({ hasText: "Web app manifest reachable" })).toContainText("OK");
  // the test server runs without PUBLIC_URL in production mode: push would not work on a real site
  await expect(checks.getByRole("listitem").filter({ hasText: "Site served over https" })).toContainText("How to fix");
  await page.screenshot({ path: "test/.artifacts/doctor.png", fullPage: true });
});

test("viewers and editors read settings but cannot change them", async ({ browser }) => {
  for (const role of ["viewer", "editor"] as const) {
    const { context } = await signedInContext(browser, role);
    const page = await context.newPage();
    await page.goto("/admin/settings");
    await expect(page.getByText("Only owners can change settings; you can read them.")).toBeVisible();
    await expect(page.getByLabel("Contact (VAPID subject)")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Rotate keys…" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save defaults" })).toHaveCount(0);
    await context.close();
  }
});
