// Sessions end: Auth.js issues 8-hour session cookies, and a session token that has expired, was signed
// with another secret, or names an account that no longer exists is refused by pages and API routes
// alike. Tokens are forged here with the server's own secret (read from its database) and Auth.js's
// own encoder, salted with the cookie name as Auth.js does.
import { test, expect, type Browser } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { decode, encode } from "next-auth/jwt";
import { authSecretSchema, SETTING_KEYS } from "../../lib/settings/keys";
import { readSetting } from "../../lib/settings/store";
import { withAppDb } from "./fixtures/app-db";
import { createAccount } from "./fixtures/auth";

const COOKIE = "authjs.session-token";
const EIGHT_HOURS = 8 * 60 * 60;

const serverSecret = async () => (await withAppDb((db) => readSetting(db, SETTING_KEYS.authSecret, authSecretSchema)))!;

/** A session token for `userId` whose expiry lies `maxAge` seconds from now (negative: in the past). */
async function forge(userId: number, maxAge: number, secret?: string) {
  // the claims a real sign-in writes (lib/auth/auth.ts): without them a token is treated as signed out
  const session = { sid: randomBytes(16).toString("base64url"), ver: 0, signedInAt: Date.now() };
  return encode({
    token: { sub: String(userId), email: "forged@example.com", ...session },
    secret: secret ?? (await serverSecret()),
    salt: COOKIE,
    maxAge,
  });
}

async function visitWith(browser: Browser, baseURL: string, token: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await context.addCookies([{ name: COOKIE, value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto("/admin/campaigns");
  const url = page.url();
  const me = await context.request.get("/api/admin/me");
  const result = { url, meStatus: me.status(), meBody: await me.json() };
  await context.close();
  return result;
}

test.use({ storageState: { cookies: [], origins: [] } });

test("a real sign-in issues a session that ends after 8 hours", async ({ page, context }) => {
  const account = await createAccount("viewer");
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

  const cookie = (await context.cookies()).find((c) => c.name === COOKIE)!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Lax");
  const now = Date.now() / 1000;
  expect(cookie.expires).toBeGreaterThan(now + EIGHT_HOURS - 120);
  expect(cookie.expires).toBeLessThan(now + EIGHT_HOURS + 120);
  const payload = (await decode({ token: cookie.value, secret: await serverSecret(), salt: COOKIE }))!;
  expect(payload.sub).toBe(String(account.id));
  expect(payload.exp! - payload.iat!).toBe(EIGHT_HOURS);
});

test("a forged token that is still valid gets in (the forging is right)", async ({ browser, baseURL }) => {
  const account = await createAccount("viewer");
  const result = await visitWith(browser, baseURL!, await forge(account.id, 3600));
  expect(result.url).toMatch(/\/admin\/campaigns$/);
  expect(result.meStatus).toBe(200);
  expect(result.meBody).toMatchObject({ user: { id: account.id, email: account.email, role: "viewer" } });
});

test("an expired session is refused by pages and API routes", async ({ browser, baseURL }) => {
  const account = await createAccount("owner");
  for (const maxAge of [-60, -EIGHT_HOURS]) {
    const result = await visitWith(browser, baseURL!, await forge(account.id, maxAge));
    expect(result.url, `expired ${-maxAge} s ago`).toMatch(/\/admin\/sign-in\?callbackUrl=%2Fadmin%2Fcampaigns$/);
    expect(result.meStatus).toBe(401);
    expect(result.meBody).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
  }
});

test("a token signed with another secret is refused", async ({ browser, baseURL }) => {
  const account = await createAccount("owner");
  const result = await visitWith(
    browser,
    baseURL!,
    await forge(account.id, 3600, randomBytes(33).toString("base64url")),
  );
  expect(result.url).toMatch(/\/admin\/sign-in/);
  expect(result.meStatus).toBe(401);
});

test("a valid token for an account that was deleted is refused", async ({ browser, baseURL }) => {
  // The team spec removes a member through the dashboard; this is the same with a token made afterwards.
  const account = await createAccount("owner");
  await withAppDb(async (db) => {
    const { users } = db.tables;
    await db.delete(users).where(eq(users.id, account.id));
  });
  const result = await visitWith(browser, baseURL!, await forge(account.id, 3600));
  expect(result.url).toMatch(/\/admin\/sign-in/);
  expect(result.meStatus).toBe(401);
});
