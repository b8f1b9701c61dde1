// The overview's first hour: a "New campaign" button, and a getting-started checklist that follows
// what the shared database holds (other specs may already have done some steps, or all of them).
import { test, expect } from "@playwright/test";
import { gettingStarted } from "../../lib/onboarding/checklist";
import { signedInContext } from "./fixtures/auth";
import { withAppDb } from "./fixtures/app-db";

test("the overview offers a new campaign and lists the first steps still to do", async ({ page }) => {
  await page.goto("/admin");
  const steps = await withAppDb((db) => gettingStarted(db));
  const checklist = page.getByRole("list", { name: "Getting started" });
  if (steps.every((step) => step.done)) await expect(checklist).toHaveCount(0);
  else
    for (const step of steps) {
      const item = checklist.getByTestId(`step-${step.id}`);
      await expect(item).toHaveAttribute("data-done", String(step.done));
      await expect(item).toContainText(step.done ? "(done)" : "(to do)");
    }
  await page.getByRole("link", { name: "New campaign" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/new$/);
});

test("a viewer gets no New campaign button", async ({ browser }) => {
  const { context } = await signedInContext(browser, "viewer");
  const viewer = await context.newPage();
  await viewer.goto("/admin");
  await expect(viewer.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "New campaign" })).toHaveCount(0);
  await context.close();
});
