// Every admin page and admin route handler, found by reading the app/ tree, so anything added later
// is covered without editing this file: anonymous visitors are sent to sign-in (pages) or get 401
// (routes); a role below the one required gets 403.
import { test, expect, type BrowserContext } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { signedInContext } from "./fixtures/auth";

type Role = "owner" | "editor" | "viewer";
const BELOW: Record<Role, Role | null> = { owner: "editor", editor: "viewer", viewer: null };
const APP = path.join(process.cwd(), "app");
const PUBLIC_PAGES = new Set(["/admin/sign-in", "/admin/setup"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("_") ? [] : walk(full, name);
    return entry.name === name ? [full] : [];
  });
}

/** app/admin/(group)/campaigns/[id]/page.tsx → /admin/campaigns/1 */
function urlOf(file: string): string {
  const segments = path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith("@"));
  return (
    "/" +
    segments.map((segment) => (/^\[\[?\.\.\./.test(segment) ? "x" : /^\[.*\]$/.test(segment) ? "1" : segment)).join("/")
  );
}

const roleIn = (source: string, helper: string): Role | null =>
  (new RegExp(`${helper}\\(\\s*["'\`](owner|editor|viewer)["'\`]`).exec(source)?.[1] as Role | undefined) ?? null;

const pages = walk(path.join(APP, "admin"), "page.tsx").map((file) => ({
  url: urlOf(file),
  file,
  role: roleIn(readFileSync(file, "utf8"), "requirePageUser"),
}));
const guardedPages = pages.filter((page) => !PUBLIC_PAGES.has(page.url));

const routeFiles = [...walk(path.join(APP, "admin"), "route.ts"), ...walk(path.join(APP, "api", "admin"), "route.ts")];
const routes = routeFiles.flatMap((file) => {
  const source = readFileSync(file, "utf8");
  return METHODS.filter((method) =>
    new RegExp(`export\\s+(async\\s+)?function\\s+${method}\\b|export\\s+const\\s+${method}\\b`).test(source),
  ).map((method) => {
    // the role the method itself asks for: the source from its export up to the next export
    const start = source.search(new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${method}\\b`));
    const rest = source.slice(start + 1);
    const next = rest.search(/\nexport\s/);
    // declared through the pipeline (lib/http/endpoint.ts): `access: "<role>"`
    const declaration = next === -1 ? rest : rest.slice(0, next);
    return {
      url: urlOf(file),
      method,
      role: (/access:\s*["'`](owner|editor|viewer)["'`]/.exec(declaration)?.[1] as Role | undefined) ?? null,
    };
  });
});

test.describe("admin guards", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the tree was read", () => {
    expect(guardedPages.map((page) => page.url)).toEqual(
      expect.arrayContaining(["/admin", "/admin/campaigns", "/admin/team"]),
    );
    expect(routes.map((route) => `${route.method} ${route.url}`)).toEqual(
      expect.arrayContaining(["GET /api/admin/me", "GET /api/admin/users"]),
    );
  });

  test("every admin page asks requireUser for a role itself, and every admin route declares one", () => {
    expect(guardedPages.filter((page) => !page.role).map((page) => page.file)).toEqual([]);
    expect(routes.filter((route) => !route.role).map((route) => `${route.method} ${route.url}`)).toEqual([]);
  });

  test("every admin page sends an anonymous visitor to sign-in, with or without a forged cookie", async ({
    browser,
    baseURL,
  }) => {
    for (const forged of [false, true]) {
      const context = await browser.newContext();
      // A cookie that is present but not a valid session gets past the proxy: the page itself must refuse.
      if (forged)
        await context.addCookies([{ name: "authjs.session-token", value: "forged.not-a-jwt", url: baseURL! }]);
      const page = await context.newPage();
      for (const { url } of guardedPages) {
        await page.goto(url);
        await expect(page, `${url} (forged cookie: ${forged})`).toHaveURL(/\/admin\/sign-in(\?|$)/);
        await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
      }
      await context.close();
    }
  });

  test("every admin route handler answers 401 without a session", async ({ playwright, baseURL }) => {
    for (const cookie of [undefined, "authjs.session-token=forged.not-a-jwt"]) {
      const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: cookie ? { cookie } : {} });
      for (const route of routes) {
        const response = await request.fetch(route.url, {
          method: route.method,
          data: route.method === "GET" ? undefined : {},
          maxRedirects: 0,
        });
        expect(response.status(), `${route.method} ${route.url}`).toBe(401);
        expect(await response.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
      }
      await request.dispose();
    }
  });

  test("a role below the one required gets 403 from pages and route handlers", async ({ browser }) => {
    const contexts = new Map<Role, BrowserContext>();
    const as = async (role: Role) => {
      if (!contexts.has(role)) contexts.set(role, (await signedInContext(browser, role)).context);
      return contexts.get(role)!;
    };
    let checked = 0;
    for (const page of guardedPages) {
      for (let lower = BELOW[page.role!]; lower; lower = BELOW[lower]) {
        const tab = await (await as(lower)).newPage();
        const response = await tab.goto(page.url);
        expect(response?.status(), `${page.url} as ${lower}`).toBe(403);
        await expect(tab.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
        await tab.close();
        checked++;
      }
    }
    for (const route of routes) {
      for (let lower = BELOW[route.role!]; lower; lower = BELOW[lower]) {
        const response = await (
          await as(lower)
        ).request.fetch(route.url, {
          method: route.method,
          data: route.method === "GET" ? undefined : {},
          maxRedirects: 0,
        });
        expect(response.status(), `${route.method} ${route.url} as ${lower}`).toBe(403);
        expect(await response.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
        checked++;
      }
    }
    // at least the Team page and GET /api/admin/users (owners only) are checked against editor and viewer
    expect(checked).toBeGreaterThanOrEqual(4);
    for (const context of contexts.values()) await context.close();
  });

  test("a role at or above the one required gets through", async ({ browser }) => {
    const { context } = await signedInContext(browser, "viewer");
    const tab = await context.newPage();
    for (const page of guardedPages.filter((p) => p.role === "viewer" && !p.url.includes("/1"))) {
      const response = await tab.goto(page.url);
      expect(response?.status(), page.url).toBe(200);
    }
    expect((await context.request.get("/api/admin/me")).status()).toBe(200);
    // the navigation hides what the role cannot open
    await tab.goto("/admin");
    await expect(tab.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" })).toHaveCount(0);
    await context.close();
  });
});
