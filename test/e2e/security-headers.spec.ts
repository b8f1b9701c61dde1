// Security headers on every kind of response, and a CSP that the pages live with: every admin page
// (read from app/admin), the public site, sign-in, an invitation, the offline page and a 404 are opened
// with a listener for CSP violations, and none may occur. A control proves the listener hears one.
import { test, expect, type APIResponse, type BrowserContext, type Page } from "@playwright/test";
import {
  adminRoutes,
  ANONYMOUS_ROUTES,
  concretePaths,
  seedShowcaseInE2eDatabase,
  type SeededIds,
} from "./fixtures/admin-pages";

let ids: SeededIds;
test.beforeAll(async () => {
  ids = await seedShowcaseInE2eDatabase();
});

/** "a b; c d" → { a: ["b"], c: ["d"] } */
function directives(policy: string | undefined): Record<string, string[]> {
  expect(policy, "Content-Security-Policy header").toBeTruthy();
  return Object.fromEntries(
    policy!.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

function expectBaseHeaders(response: APIResponse, label: string) {
  const headers = response.headers();
  expect(headers["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["x-frame-options"], label).toBe("DENY");
  expect(headers["permissions-policy"], label).toMatch(/camera=\(\)/);
  // the test server is plain http: no HSTS (see test/unit/http/security-headers.test.ts for https)
  expect(headers["strict-transport-security"], label).toBeUndefined();
  expect(directives(headers["content-security-policy"])["frame-ancestors"], label).toEqual(["'none'"]);
}

/** The page's nonce, after checking every script of the HTML carries it. */
async function expectNoncedPage(response: APIResponse, label: string): Promise<string> {
  expectBaseHeaders(response, label);
  const csp = directives(response.headers()["content-security-policy"]);
  const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(csp["script-src"]!.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
  expect(nonce, `${label}: script nonce`).toBeTruthy();
  expect(csp["script-src"], label).toContain("'strict-dynamic'");
  expect(csp["script-src"], label).not.toContain("'unsafe-inline'");
  expect(csp["script-src"], label).not.toContain("'unsafe-eval'");
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length, `${label}: scripts`).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, label).toContain(`nonce="${nonce}"`);
  return nonce!;
}

test.describe("headers", () => {
  test("pages carry a fresh nonce that every script of the page uses", async ({ request }) => {
    const first = await expectNoncedPage(await request.get("/"), "/");
    const second = await expectNoncedPage(await request.get("/"), "/ again");
    expect(second).not.toBe(first);
    await expectNoncedPage(await request.get("/admin"), "/admin (signed in)");
    await expectNoncedPage(await request.get("/offline"), "/offline");
    const csp = directives((await request.get("/")).headers()["content-security-policy"]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(csp["worker-src"]).toEqual(["'self'"]);
    expect(csp["manifest-src"]).toEqual(["'self'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["img-src"]).toContain("https:");
  });

  test("a 404 is a nonced page too", async ({ request }) => {
    for (const path of ["/no-such-page", "/admin/no-such-page", "/missing/file.png"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
      await expectNoncedPage(response, path);
    }
  });

  test("API answers, files and the service worker have their own policy", async ({ request }) => {
    const resource = {
      "default-src": ["'none'"],
      "base-uri": ["'none'"],
      "form-action": ["'none'"],
      "frame-ancestors": ["'none'"],
    };
    for (const path of ["/api/health", "/api/admin/me", "/api/vapid-public-key"]) {
      const response = await request.get(path);
      expect(response.ok(), path).toBe(true);
      expectBaseHeaders(response, path);
      expect(directives(response.headers()["content-security-policy"]), path).toEqual(resource);
    }
    const refused = await request.post("/api/subscriptions", {
      data: "{",
      headers: { "content-type": "application/json" },
    });
    expect(refused.status()).toBeGreaterThanOrEqual(400);
    expectBaseHeaders(refused, "refused POST /api/subscriptions");

    const html = await (await request.get("/")).text();
    const asset = /\/_next\/static\/[^"']+\.(?:js|css)/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    for (const path of [asset!, "/icons/icon-192.png", "/manifest.webmanifest"]) {
      const response = await request.get(path);
      expect(response.ok(), path).toBe(true);
      expectBaseHeaders(response, path);
    }
    expect(directives((await request.get(asset!)).headers()["content-security-policy"])).toEqual(resource);

    const sw = await request.get("/sw.js");
    expect(sw.ok()).toBe(true);
    expectBaseHeaders(sw, "/sw.js");
    expect(sw.headers()["cache-control"]).toContain("no-cache");
    const worker = directives(sw.headers()["content-security-policy"]);
    expect(worker["script-src"]).toEqual(["'self'"]);
    expect(worker["connect-src"]).toEqual(["'self'"]);
  });

  test("the sign-in redirect of an anonymous visitor carries them as well", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const response = await anonymous.get("/admin/campaigns", { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expectBaseHeaders(response, "redirect");
    await anonymous.dispose();
  });
});

declare global {
  interface Window {
    __cspViolations?: string[];
    __injected?: boolean;
  }
}

/** Records every CSP violation a page of this context reports, as an event or a console error. */
async function listen(context: BrowserContext, sink: string[]) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations!.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} ${e.sample}`),
    );
  });
  context.on("console", (message) => {
    if (message.type() === "error" && /content security policy/i.test(message.text()))
      sink.push(`${message.page()?.url()}: ${message.text()}`);
  });
}

/** Opens a page, waits until Next's client router has started (its scripts ran), returns violations seen. */
async function visit(page: Page, path: string, expectStatus?: number): Promise<string[]> {
  const response = await page.goto(path);
  if (expectStatus) expect(response?.status(), path).toBe(expectStatus);
  await expect(page.locator("next-route-announcer"), `${path}: the page's scripts ran`).toHaveCount(1);
  await page.waitForLoadState("load");
  return ((await page.evaluate(() => window.__cspViolations ?? [])) as string[]).map((v) => `${path}: ${v}`);
}

test.describe("no page breaks the policy", () => {
  test("the listener hears an injected inline script being blocked", async ({ page }) => {
    const sink: string[] = [];
    await listen(page.context(), sink);
    await page.route("**/offline", async (route) => {
      const original = await route.fetch();
      const html = (await original.text()).replace("</head>", "<script>window.__injected = true</script></head>");
      await route.fulfill({ response: original, body: html });
    });
    const seen = await visit(page, "/offline");
    expect(await page.evaluate(() => window.__injected)).toBeUndefined();
    expect(seen.join("\n")).toMatch(/script-src-elem blocked inline/);
  });

  test("every admin page, signed in as the owner", async ({ page }) => {
    const sink: string[] = [];
    await listen(page.context(), sink);
    const seen: string[] = [];
    const paths = adminRoutes()
      .filter((route) => !ANONYMOUS_ROUTES.has(route))
      .flatMap((route) => concretePaths(route, ids));
    expect(paths.length).toBeGreaterThan(15);
    for (const path of paths) seen.push(...(await visit(page, path, 200)));
    expect([...seen, ...sink]).toEqual([]);
  });

  test("the composer previews notification images from other origins", async ({ page, baseURL }) => {
    const sink: string[] = [];
    await listen(page.context(), sink);
    const seen = await visit(page, "/admin/campaigns/new", 200);
    // another origin serving a real image (127.0.0.1 is not localhost to the browser), and an https host
    const otherOrigin = `${baseURL!.replace("localhost", "127.0.0.1")}/icons/icon-512.png`;
    await page.getByLabel("Title").fill("Preview with foreign images");
    await page.getByLabel("Icon").fill(otherOrigin);
    await page.getByLabel("Image").fill("https://images.example/banner.png");
    const icon = page.locator(`img[src="${otherOrigin}"]`).first();
    await expect(icon).toBeVisible();
    await expect.poll(() => icon.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expect(page.locator('img[src="https://images.example/banner.png"]').first()).toBeAttached();
    seen.push(...((await page.evaluate(() => window.__cspViolations ?? [])) as string[]));
    expect([...seen, ...sink]).toEqual([]);
  });

  test("the public site, its service worker, sign-in, an invitation, offline and a 404", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const sink: string[] = [];
    await listen(context, sink);
    const page = await context.newPage();
    const seen = await visit(page, "/", 200);
    // worker-src and the worker's own policy (its importScripts) must let our service worker install
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" });
      await navigator.serviceWorker.ready;
      return registration.active?.state;
    });
    expect(state).toMatch(/activat/);
    for (const [path, status] of [
      ["/?source=pwa", 200],
      ["/offline", 200],
      ["/admin/sign-in", 200],
      [`/invite/${"A".repeat(43)}`, 200],
      ["/no-such-page", 404],
    ] as const) {
      seen.push(...(await visit(page, path, status)));
    }
    expect([...seen, ...sink]).toEqual([]);
    await context.close();
  });
});
