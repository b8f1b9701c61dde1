// When the server refuses a form: what was typed stays, each error is said once, an error goes away when
// its field is edited, and focus moves to the first invalid field (components/ui/use-action-form.ts).
// The owner setup's passwords are checked in owner.setup.ts, the only place setup runs.
import { randomBytes } from "node:crypto";
import { test, expect, type Page } from "@playwright/test";

const visible = (page: Page, text: string) => page.getByText(text, { exact: true }).locator("visible=true");

test("a duplicate topic key keeps name and description, says so once under the key and focuses it", async ({
  page,
}) => {
  const name = `Keep input ${randomBytes(3).toString("hex")}`;
  const key = name.toLowerCase().replaceAll(" ", "-");
  await page.goto("/admin/topics");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByText(`Topic "${name}" created.`)).toBeVisible();
  // a success still empties the form for the next topic
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("");

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description (shown on the site)").fill("Typed once, kept after a refusal");
  await page.getByRole("button", { name: "Add topic" }).click();
  const message = `A topic with the key "${key}" already exists.`;
  await expect(visible(page, message)).toHaveCount(1);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Description (shown on the site)")).toHaveValue("Typed once, kept after a refusal");
  const slug = page.getByLabel("Key (optional)");
  await expect(slug).toHaveAttribute("aria-invalid", "true");
  await expect(slug).toBeFocused();
  await page.screenshot({ path: "/tmp/h4-topic-refused.png" });

  await slug.fill(`${key}-2`);
  await expect(visible(page, message)).toHaveCount(0);
  await expect(slug).not.toHaveAttribute("aria-invalid", "true");
  await expect(slug).not.toHaveAttribute("aria-describedby", /error/);
});

test("an invalid push-host list and an invalid VAPID contact keep what was typed", async ({ page }) => {
  await page.goto("/admin/settings");
  const hosts = page.getByLabel("Extra push-service hosts");
  const typed = "push.ok.example\nhttps://evil.example/path";
  await hosts.fill(typed);
  await page.getByRole("button", { name: "Save hosts" }).click();
  const hostError = page.getByText(/no schemes, paths or IP addresses/).locator("visible=true");
  await expect(hostError).toHaveCount(1);
  await expect(hosts).toHaveValue(typed);
  await expect(hosts).toBeFocused();
  await hosts.press("End");
  await hosts.pressSequentially("x");
  await expect(hostError).toHaveCount(0);
  await expect(hosts).toHaveValue(`${typed}x`);

  const subject = page.getByLabel("Contact (VAPID subject)");
  await subject.fill("mailto:admin@localhost");
  await page.getByRole("button", { name: "Save contact" }).click();
  await expect(page.getByText(/must use a public domain, not localhost/).locator("visible=true")).toHaveCount(1);
  await expect(subject).toHaveValue("mailto:admin@localhost");
  await expect(subject).toBeFocused();
  await expect(subject).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: "/tmp/h4-settings-refused.png", fullPage: true });
  await subject.pressSequentially("x");
  await expect(page.getByText(/must use a public domain, not localhost/).locator("visible=true")).toHaveCount(0);
});

test("notification defaults keep every typed field and focus the first invalid one", async ({ page }) => {
  await page.goto("/admin/settings");
  await page.getByLabel("Site name").fill("Kept site name");
  await page.getByLabel("Icon").fill("javascript:alert(1)");
  await page.getByLabel("Time to live (seconds)").fill("99999999");
  await page.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByText("Use a path like /icons/icon.png or an https:// address.")).toHaveCount(1);
  await expect(page.getByLabel("Icon")).toBeFocused();
  await expect(page.getByLabel("Site name")).toHaveValue("Kept site name");
  await expect(page.getByLabel("Time to live (seconds)")).toHaveValue("99999999");
  // fixing one field clears its error only
  await page.getByLabel("Icon").fill("/icons/icon-192.png");
  await expect(page.getByText("Use a path like /icons/icon.png or an https:// address.")).toHaveCount(0);
  await expect(page.getByText(/Use at most 2419200 seconds/)).toHaveCount(1);
});

test("a past schedule date moves focus to the date field", async ({ page }) => {
  await page.goto("/admin/campaigns/new");
  await page.getByLabel("Title").fill(`Past ${randomBytes(3).toString("hex")}`);
  await page.getByLabel("Schedule").check();
  const when = page.getByLabel(/Send at/);
  await when.fill("2020-01-01T09:30");
  const schedule = page.getByRole("button", { name: "Schedule…" });
  await schedule.focus();
  await schedule.click();
  await expect(page.getByText("Schedule time must be in the future")).toBeVisible();
  await expect(when).toBeFocused();
  await expect(when).toBeInViewport();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByText("Check the highlighted fields.")).toBeVisible();

  // fixing the field clears its error and the summary at once, before any new check
  await when.fill("2099-01-01T09:30");
  await expect(page.getByText("Schedule time must be in the future")).toBeHidden();
  await expect(page.getByText("Check the highlighted fields.")).toBeHidden();
  await expect(when).not.toHaveAttribute("aria-invalid", "true");
});
