// axe-core on every admin page (read from app/admin/**/page.tsx), signed in as the owner, light and
// dark: no serious or critical violation. Sign-in and setup are checked as a stranger sees them.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
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

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}

const routes = adminRoutes();

test("the list of admin pages comes from the app folder", () => {
  expect(routes).toContain("/admin");
  expect(routes).toContain("/admin/campaigns/[id]");
  expect(routes).toContain("/admin/segments/new");
});

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    for (const route of routes) {
      test(`${route} has no serious or critical violations`, async ({ page, browser }) => {
        const paths = concretePaths(route, ids);
        // a new [param] page must get showcase data in fixtures/admin-pages.ts rather than go unchecked
        expect(paths, `no seeded data for ${route}`).not.toHaveLength(0);
        for (const path of paths) {
          if (ANONYMOUS_ROUTES.has(route)) {
            const context = await browser.newContext({
              storageState: { cookies: [], origins: [] },
              colorScheme: scheme,
            });
            const stranger = await context.newPage();
            await stranger.goto(path);
            await stranger.waitForLoadState("networkidle");
            expect(await seriousViolations(stranger), `${path} as a stranger`).toEqual([]);
            await context.close();
            continue;
          }
          const response = await page.goto(path);
          expect(response?.status(), path).toBeLessThan(400);
          await page.waitForLoadState("networkidle");
          expect(await seriousViolations(page), path).toEqual([]);
        }
      });
    }
  });
}
