import { test as setup, expect } from "@playwright/test";
import { e2eSettings } from "./settings";

// The first visit to /admin on an empty database leads to the one-time owner setup.
setup("create the owner on first visit and keep the signed-in state", async ({ page }) => {
  const { owner, authFile } = e2eSettings;
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();

  await page.getByLabel("Your name").fill("Olive Owner");
  await page.getByLabel("Email").fill(owner.email);
  // a too-short password is refused with a clear message, next to the field
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Repeat the password").fill("short");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Password", { exact: true }).fill(owner.password);
  await page.getByLabel("Repeat the password").fill(owner.password);
  await page.getByRole("button", { name: "Create owner account" }).click();

  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" })).toBeVisible();
  await page.context().storageState({ path: authFile });
});
