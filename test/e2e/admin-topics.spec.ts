import { test, expect } from "@playwright/test";
import { signedInContext } from "./fixtures/auth";
import { seedSubscribers } from "./fixtures/subscribers";

test("an editor creates, renames, reorders and archives topics; the site's list follows", async ({ browser }) => {
  const { context } = await signedInContext(browser, "editor");
  const page = await context.newPage();
  await page.goto("/admin/topics");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Topics" })).toBeVisible();

  for (const [name, description] of [
    ["Alpha launches", "New things we ship"],
    ["Beta deals", "Discounts"],
  ]) {
    await page.getByLabel("Name", { exact: true }).fill(name!);
    await page.getByLabel("Description (shown on the site)").fill(description!);
    await page.getByRole("button", { name: "Add topic" }).click();
    await expect(page.getByText(`Topic "${name}" created.`)).toBeVisible();
  }
  await page.getByLabel("Name", { exact: true }).fill("Alpha launches");
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByText('A topic with the key "alpha-launches" already exists.').first()).toBeVisible();

  const list = page.getByRole("list", { name: "Topics" });
  const alpha = list.getByRole("listitem", { name: "Alpha launches" });
  await alpha.getByRole("button", { name: "Edit" }).click();
  await alpha.getByLabel("Name").fill("Alpha releases");
  await alpha.getByLabel("Description").fill("Every release, as it ships");
  await alpha.getByRole("button", { name: "Save" }).click();
  const renamed = list.getByRole("listitem", { name: "Alpha releases" });
  await expect(renamed).toContainText("Every release, as it ships");
  await expect(renamed).toContainText("alpha-launches");

  const order = async () =>
    (await list.getByRole("listitem").allInnerTexts()).map((text) => text.split("\n")[0]!.trim());
  const before = await order();
  await list.getByRole("button", { name: "Move Beta deals up" }).click();
  await expect.poll(order).not.toEqual(before);
  const after = await order();
  expect(after.findIndex((t) => t.startsWith("Beta deals"))).toBeLessThan(
    after.findIndex((t) => t.startsWith("Alpha releases")),
  );

  await list.getByRole("listitem", { name: "Beta deals" }).getByRole("button", { name: "Archive" }).click();
  await expect(list.getByRole("listitem", { name: "Beta deals" })).toContainText("archived");
  // the public site lists live topics with their descriptions; archived ones disappear
  const site = await context.newPage();
  await site.goto("/");
  await expect(site.getByText("Every release, as it ships").first()).toBeVisible();
  await expect(site.getByText("Discounts")).toHaveCount(0);
  await site.close();
  await page.screenshot({ path: "test/.artifacts/topics-editor.png", fullPage: true });
  await context.close();
});

test("a viewer sees topics and their counts but no controls", async ({ browser }) => {
  const { context } = await signedInContext(browser, "viewer");
  const page = await context.newPage();
  await page.goto("/admin/topics");
  await expect(page.getByRole("heading", { name: "Topics", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add topic" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Archive" })).toHaveCount(0);
  await expect(page.getByText(/active subscribers?/).first()).toBeVisible();
  await context.close();
});

test("archiving a topic that people chose asks first, naming how many", async ({ page }) => {
  const slug = `chosen-${Date.now().toString(36)}`;
  await seedSubscribers(3, { language: "e2e-topics", topicSlug: slug });
  await page.goto("/admin/topics");
  const row = page.getByRole("list", { name: "Topics" }).getByRole("listitem", { name: slug });
  await row.getByRole("button", { name: "Archive" }).click();
  const dialog = page.getByRole("dialog", { name: `Archive ${slug}?` });
  await expect(dialog).toContainText("3 active subscribers have chosen it");
  await dialog.getByRole("button", { name: "Back" }).click();
  await expect(row).not.toContainText("archived");
  await row.getByRole("button", { name: "Archive" }).click();
  await dialog.getByRole("button", { name: "Archive topic" }).click();
  await expect(row).toContainText("archived");
});
