// Installability, the manifest, the service worker's registration and the offline page.
import { expect, test } from "./fixtures/site";

test.use({ storageState: { cookies: [], origins: [] } });

test("the site is installable and its manifest says what it should", async ({ page, context }) => {
  await page.goto("/");
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors.filter((e) => e.errorId !== "in-incognito")).toEqual([]);

  const manifest = await cdp.send("Page.getAppManifest");
  expect(manifest.errors).toEqual([]);
  expect(manifest.parsed?.scope).toBe(`${new URL(page.url()).origin}/`);
  const origin = new URL(page.url()).origin;
  const parsed = (
    manifest as unknown as { manifest: Record<string, unknown> & { screenshots: { formFactor: string }[] } }
  ).manifest;
  expect(parsed).toMatchObject({
    name: "Pushboard notifications",
    display: "kStandalone",
    id: `${origin}/`,
    scope: `${origin}/`,
    backgroundColor: "rgba(246,247,249,1)",
  });
  expect(parsed.screenshots.map((s) => s.formFactor).sort()).toEqual(["kNarrow", "kWide"]);

  const raw = (await (await page.request.get("/manifest.webmanifest")).json()) as {
    icons: { src: string; sizes: string; purpose: string }[];
    screenshots: { src: string; form_factor: string }[];
    shortcuts: { url: string }[];
    theme_color: string;
    background_color: string;
    scope: string;
    description: string;
    id: string;
    name: string;
    short_name: string;
    start_url: string;
    display: string;
  };
  expect(raw).toMatchObject({
    id: "/",
    name: "Pushboard notifications",
    short_name: "Pushboard",
    start_url: "/?source=pwa",
    display: "standalone",
    scope: "/",
    theme_color: "#4f46e5",
    background_color: "#f6f7f9",
  });
  expect(raw.description).toMatch(/notifications/i);
  expect(raw.icons.map((i) => `${i.sizes}:${i.purpose}`)).toEqual(
    expect.arrayContaining(["192x192:any", "512x512:any", "512x512:maskable", "96x96:monochrome"]),
  );
  expect(raw.screenshots.map((s) => s.form_factor).sort()).toEqual(["narrow", "wide"]);
  expect(raw.shortcuts.length).toBeGreaterThan(0);
  for (const file of [
    ...raw.icons.map((i) => i.src),
    ...raw.screenshots.map((s) => s.src),
    "/icons/apple-touch-icon.png",
  ]) {
    const response = await page.request.get(file);
    expect(response.status(), file).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
  }
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", /apple-touch-icon\.png/);
  await expect(
    page.locator('meta[name="mobile-web-app-capable"], meta[name="apple-mobile-web-app-capable"]').first(),
  ).toHaveAttribute("content", "yes");
});

test("the worker is registered without HTTP caching and controls the page", async ({ page }) => {
  await page.goto("/");
  const state = () =>
    page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return {
        updateViaCache: reg.updateViaCache,
        scope: reg.scope,
        active: reg.active?.state,
        script: reg.active?.scriptURL,
      };
    });
  await expect.poll(async () => (await state()).active).toBe("activated");
  expect(await state()).toMatchObject({
    updateViaCache: "none",
    scope: `${new URL(page.url()).origin}/`,
    script: expect.stringMatching(/\/sw\.js$/),
  });
  const sw = await page.request.get("/sw.js");
  expect(sw.headers()["cache-control"]).toContain("no-cache");
});

test("with the network gone a page shows the offline page, and the API is never cached", async ({ page, context }) => {
  await page.goto("/");
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now controlled by the worker
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls: string[] = [];
    for (const name of names)
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    return { names, urls };
  });
  expect(cached.names.every((n) => n.startsWith("pushboard-"))).toBe(true);
  expect(cached.urls).toContain("/offline");
  expect(cached.urls.filter((u) => /^\/(api|admin)/.test(u))).toEqual([]);

  await context.setOffline(true);
  try {
    await page.goto("/some/page", { waitUntil: "domcontentloaded" });
    await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
    await page.screenshot({ path: "test/.artifacts/site-screens/offline-desktop.png" });
  } finally {
    await context.setOffline(false);
  }
});
