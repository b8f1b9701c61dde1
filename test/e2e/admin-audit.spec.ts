import { test, expect } from "@playwright/test";
import { signedInContext } from "./fixtures/auth";

test("owners read the audit log and filter it by action, person and day", async ({ page, browser }) => {
  // a failed sign-in and a successful one, recorded by the auth code
  const { context, account } = await signedInContext(browser, "editor");
  await context.close();
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const tab = await stranger.newPage();
  await tab.goto("/admin/sign-in");
  await tab.getByLabel("Email").fill(account.email);
  await tab.getByLabel("Password").fill("wrong password here");
  await tab.getByRole("button", { name: "Sign in" }).click();
  await expect(tab.getByRole("alert")).toBeVisible();
  await stranger.close();

  await page.goto("/admin/audit");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toBeVisible();
  const table = page.getByRole("table", { name: "Audit log entries" });
  await expect(table).toBeVisible();

  await page.getByLabel("Person").selectOption(account.email);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(table.locator("tbody tr").first()).toContainText(account.email);
  await expect(table).toContainText("auth.sign_in");

  await page.goto("/admin/audit");
  const actions = await page.getByLabel("Action").locator("option").allInnerTexts();
  const failed = actions.find((a) => a.startsWith("auth.sign_in_fail") || a.includes("fail"));
  expect(failed).toBeTruthy();
  await page.getByLabel("Action").selectOption(failed!);
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From").fill(today);
  await page.getByLabel("Until").fill(today);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${today}`));
  const rows = table.locator("tbody tr");
  await expect(rows.first()).toContainText(failed!);
  for (const text of await rows.allInnerTexts()) expect(text).toContain(failed!);

  await page.getByLabel("From").fill("2000-01-01");
  await page.getByLabel("Until").fill("2000-01-02");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("Nothing recorded")).toBeVisible();
  await page.screenshot({ path: "test/.artifacts/audit.png", fullPage: true });
});

test("editors and viewers cannot open the audit log", async ({ browser }) => {
  for (const role of ["editor", "viewer"] as const) {
    const { context } = await signedInContext(browser, role);
    const page = await context.newPage();
    expect((await page.goto("/admin/audit"))?.status()).toBe(403);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(
      0,
    );
    await context.close();
  }
});
