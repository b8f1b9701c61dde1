// Every admin page at desktop and phone widths, light and dark, saved for people to look at
// (test/.artifacts/admin-screens). Each also fails if the page scrolls sideways on its own.
import { expect, test } from "@playwright/test";
import {
  adminRoutes,
  ANONYMOUS_ROUTES,
  concretePaths,
  seedShowcaseInE2eDatabase,
  type SeededIds,
} from "./fixtures/admin-pages";
import { e2eSettings } from "./settings";

let ids: SeededIds;
test.beforeAll(async () => {
  ids = await seedShowcaseInE2eDatabase();
});

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const fileName = (path: string) => path.replace(/^\/admin\/?/, "").replace(/\//g, "-") || "overview";

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  for (const scheme of ["light", "dark"] as const) {
    test(`every admin page, ${device}, ${scheme}`, async ({ browser }) => {
      test.setTimeout(180_000);
      const signedIn = await browser.newContext({
        storageState: e2eSettings.authFile,
        viewport,
        colorScheme: scheme,
        isMobile: device === "phone",
        hasTouch: device === "phone",
      });
      const stranger = await browser.newContext({
        storageState: { cookies: [], origins: [] },
        viewport,
        colorScheme: scheme,
        isMobile: device === "phone",
      });
      for (const route of adminRoutes()) {
        for (const path of concretePaths(route, ids)) {
          const page = await (ANONYMOUS_ROUTES.has(route) ? stranger : signedIn).newPage();
          await page.goto(path);
          await page.waitForLoadState("networkidle");
          const overflow = await page.evaluate(() => {
            const width = document.documentElement.clientWidth;
            // the widest offenders, to say what to fix: elements reaching past the edge outside any scroller
            const inScroller = (el: Element) => {
              for (let p = el.parentElement; p; p = p.parentElement)
                if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX)) return true;
              return false;
            };
            const offenders = [...document.querySelectorAll("body *")]
              .filter((el) => el.getBoundingClientRect().right > width + 1 && !inScroller(el))
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join(".")}`);
            return { by: document.documentElement.scrollWidth - width, offenders };
          });
          expect
            .soft(overflow.by, `${path} scrolls sideways at ${device} width: ${overflow.offenders.join(", ")}`)
            .toBeLessThanOrEqual(0);
          await page.screenshot({
            path: `test/.artifacts/admin-screens/${device}-${scheme}-${fileName(path)}.png`,
            fullPage: true,
          });
          await page.close();
        }
      }
      await signedIn.close();
      await stranger.close();
    });
  }
}
