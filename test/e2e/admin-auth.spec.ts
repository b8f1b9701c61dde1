import { test, expect } from "@playwright/test";
import { e2eSettings } from "./settings";
import { createAccount, signInThroughForm } from "./fixtures/auth";

test.describe("signing in and out", () => {
  // Its own session, never the suite's shared owner cookie: signing out revokes the session it ends,
  // so signing out the shared one would sign out every spec that runs after this one.
  test("sign out, then back in", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await signInThroughForm(page, e2eSettings.owner.email, e2eSettings.owner.password);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await page.getByRole("complementary").getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/sign-in$/);

    await page.goto("/admin/campaigns");
    await expect(page).toHaveURL(/\/admin\/sign-in\?callbackUrl=%2Fadmin%2Fcampaigns$/);
    await page.getByLabel("Email").fill(e2eSettings.owner.email.toUpperCase());
    await page.getByLabel("Password").fill(e2eSettings.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // back where the visitor was going
    await expect(page).toHaveURL(/\/admin\/campaigns$/);
    await expect(page.getByRole("heading", { name: "Campaigns", level: 1 })).toBeVisible();
    await context.close();
  });

  test.describe("as a stranger", () => {
    // Each test poses as its own client address so the address throttle of one does not touch the others.
    test.use({ storageState: { cookies: [], origins: [] } });

    test("a wrong password shows an error and keeps the visitor out", async ({ browser }) => {
      const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.21" } });
      const page = await context.newPage();
      await signInThroughForm(page, e2eSettings.owner.email, "not the owner's password");
      await expect(page.getByRole("main").getByRole("alert")).toHaveText(
        "That email and password do not match an account.",
      );
      await expect(page).toHaveURL(/\/admin\/sign-in/);
      await expect(page.getByLabel("Email")).toHaveValue(e2eSettings.owner.email);
      await page.goto("/admin");
      await expect(page).toHaveURL(/\/admin\/sign-in/);
      await context.close();
    });

    test("repeated failures slow down with a clear message", async ({ browser }) => {
      const account = await createAccount("editor");
      const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.22" } });
      const page = await context.newPage();
      for (let attempt = 1; attempt <= 5; attempt++) {
        await signInThroughForm(page, account.email, `wrong password ${attempt}`);
        await expect(page.getByRole("main").getByRole("alert")).toHaveText(
          "That email and password do not match an account.",
        );
      }
      // even the right password waits now
      await signInThroughForm(page, account.email, account.password);
      await expect(page.getByRole("main").getByRole("alert")).toHaveText(
        /^Too many attempts\. Try again in \d+ seconds?\.$/,
      );
      await context.close();
    });

    test("the setup page is gone once an owner exists", async ({ page }) => {
      const response = await page.goto("/admin/setup");
      expect(response?.status()).toBe(404);
      await expect(page.getByText("Create the owner account")).toHaveCount(0);
    });
  });

  test("the signed-in account is available as JSON, without secrets", async ({ request }) => {
    const response = await request.get("/api/admin/me");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.user).toMatchObject({ email: e2eSettings.owner.email, role: "owner", name: "Olive Owner" });
    expect(JSON.stringify(body)).not.toMatch(/scrypt|password/i);
  });
});
