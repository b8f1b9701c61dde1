// Sessions that end: a session cookie copied before its owner signs out (or signs out everywhere, or
// changes the password, or has it reset by an owner) no longer opens /admin in another browser.
import { test, expect, type Browser, type BrowserContext, type Cookie } from "@playwright/test";
import { createAccount, signedInContext, signInThroughForm } from "./fixtures/auth";

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

async function sessionCookies(context: BrowserContext): Promise<Cookie[]> {
  const cookies = (await context.cookies()).filter((cookie) => SESSION_COOKIE.test(cookie.name));
  expect(cookies.length, "a session cookie").toBeGreaterThan(0);
  return cookies;
}

/** Replays captured session cookies in a fresh browser: where /admin lands, and what /api/admin/me says. */
async function replay(browser: Browser, cookies: Cookie[]) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto("/admin/campaigns");
  const result = { url: page.url(), me: (await context.request.get("/api/admin/me")).status() };
  await context.close();
  return result;
}

const expectSignedIn = (result: { url: string; me: number }) => {
  expect(result.url).toMatch(/\/admin\/campaigns$/);
  expect(result.me).toBe(200);
};
const expectRefused = (result: { url: string; me: number }) => {
  expect(result.url).toMatch(/\/admin\/sign-in/);
  expect(result.me).toBe(401);
};

test.use({ storageState: { cookies: [], origins: [] } });

test("Sign out ends this session for good: a copied cookie stops working, another browser's session does not", async ({
  browser,
}) => {
  const { context, account } = await signedInContext(browser, "viewer");
  const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const otherPage = await other.newPage();
  await signInThroughForm(otherPage, account.email, account.password);
  await expect(otherPage.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

  const captured = await sessionCookies(context);
  expectSignedIn(await replay(browser, captured));

  const page = await context.newPage();
  await page.goto("/admin");
  await page.getByRole("complementary").getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in/);

  expectRefused(await replay(browser, captured));
  // only this session ended
  expectSignedIn(await replay(browser, await sessionCookies(other)));
  await context.close();
  await other.close();
});

test("Sign out everywhere ends every session of the account", async ({ browser }) => {
  const { context, account } = await signedInContext(browser, "editor");
  const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const otherPage = await other.newPage();
  await signInThroughForm(otherPage, account.email, account.password);
  await expect(otherPage.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  const here = await sessionCookies(context);
  const there = await sessionCookies(other);

  const page = await context.newPage();
  await page.goto("/admin");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("complementary").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in/);

  expectRefused(await replay(browser, here));
  expectRefused(await replay(browser, there));
  await otherPage.goto("/admin/campaigns");
  await expect(otherPage).toHaveURL(/\/admin\/sign-in/);
  await context.close();
  await other.close();
});

test("changing the password keeps this browser signed in and ends the sessions before it", async ({ browser }) => {
  const { context, account } = await signedInContext(browser, "viewer");
  const before = await sessionCookies(context);
  const page = await context.newPage();
  await page.goto("/admin/account");
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password", { exact: true }).fill("a new and long password");
  await page.getByLabel("Repeat the new password").fill("a new and long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password.").first()).toBeVisible();

  await page.getByLabel("Current password").fill(account.password);
  await page.getByLabel("New password", { exact: true }).fill("a new and long password");
  await page.getByLabel("Repeat the new password").fill("a new and long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/admin\/account\?notice=password-changed$/);
  await expect(page.getByRole("main").getByRole("status")).toContainText("Password changed.");

  // this browser got a fresh session; the cookie from before the change is dead everywhere
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  expectRefused(await replay(browser, before));
  expectSignedIn(await replay(browser, await sessionCookies(context)));

  // the new password is the one that signs in
  const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const freshPage = await fresh.newPage();
  await signInThroughForm(freshPage, account.email, "a new and long password");
  await expect(freshPage.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await fresh.close();
  await context.close();
});

test("an owner's reset link sets the teammate's password once and ends their sessions", async ({ browser }) => {
  const owner = await signedInContext(browser, "owner");
  const mate = await signedInContext(browser, "editor");
  const captured = await sessionCookies(mate.context);

  const page = await owner.context.newPage();
  await page.goto("/admin/team");
  const row = page.getByRole("row").filter({ hasText: mate.account.email });
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: `Reset the password of ${mate.account.email}` }).click();
  const link = await row.getByLabel(`Password-reset link for ${mate.account.email}`).inputValue();
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
  // making the link alone ends nothing
  expectSignedIn(await replay(browser, captured));

  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const tab = await stranger.newPage();
  await tab.goto(link);
  await expect(tab.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await tab.getByLabel("New password", { exact: true }).fill("reset to something long");
  await tab.getByLabel("Repeat the new password").fill("reset to something long");
  await tab.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(tab.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

  expectRefused(await replay(browser, captured));
  const again = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const reused = await again.newPage();
  await reused.goto(link);
  await expect(reused.getByRole("heading", { name: "This link has expired" })).toBeVisible();
  await again.close();
  await stranger.close();
  await mate.context.close();
  await owner.context.close();
});

test("a browser that signed in before is not locked out by someone else's guesses, even from its address", async ({
  browser,
}) => {
  // one address for both (a shared NAT): the lockout below must not touch the suite's other sign-ins
  const behindNat = {
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.31" },
  };
  const account = await createAccount("owner");
  const context = await browser.newContext(behindNat);
  const page = await context.newPage();
  await signInThroughForm(page, account.email, account.password);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  const device = (await context.cookies()).find((cookie) => cookie.name === "pushboard-device");
  expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await page.getByRole("complementary").getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in/);

  // someone else locks the account
  const attacker = await browser.newContext(behindNat);
  const guess = await attacker.newPage();
  for (let i = 0; i < 5; i++) {
    await signInThroughForm(guess, account.email, `wrong guess ${i}`);
    await expect(guess.getByRole("main").getByRole("alert")).toBeVisible();
  }
  await signInThroughForm(guess, account.email, account.password);
  await expect(guess.getByRole("main").getByRole("alert")).toContainText("Too many attempts");

  // the owner's own browser carries its device cookie and gets in
  await signInThroughForm(page, account.email, account.password);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await attacker.close();
  await context.close();
});
