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
  const password = page.getByLabel("Password", { exact: true });
  const repeat = page.getByLabel("Repeat the password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  // the refusal keeps everything typed, passwords included (kept by the browser, never sent back), and
  // moves focus to the field to fix
  await expect(page.getByLabel("Your name")).toHaveValue("Olive Owner");
  await expect(page.getByLabel("Email")).toHaveValue(owner.email);
  await expect(password).toHaveValue("short");
  await expect(repeat).toHaveValue("short");
  await expect(password).toBeFocused();
  // editing the field clears its error
  await password.pressSequentially("er");
  await expect(page.getByText("Use at least 10 characters.")).toHaveCount(0);

  // two passwords that differ: both stay, the error is said once, under the repeat
  await password.fill(owner.password);
  await repeat.fill(`${owner.password}-typo`);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(repeat).toHaveAttribute("aria-invalid", "true");
  await expect(repeat).toBeFocused();
  await expect(password).toHaveValue(owner.password);
  await expect(repeat).toHaveValue(`${owner.password}-typo`);
  const mismatch = (await page.locator("#confirmPassword-error").innerText()).trim();
  await expect(page.getByText(mismatch, { exact: true })).toHaveCount(1);

  await repeat.fill(owner.password);
  await page.getByRole("button", { name: "Create owner account" }).click();

  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" })).toBeVisible();
  await page.context().storageState({ path: authFile });
});
