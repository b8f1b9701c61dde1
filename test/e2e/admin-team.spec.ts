import { test, expect } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { signedInContext } from "./fixtures/auth";

test("the owner invites by link; the invitee joins, is signed in, and the link then dies", async ({
  page,
  browser,
}) => {
  const email = `invitee-${randomBytes(3).toString("hex")}@example.com`;
  await page.goto("/admin/team");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("editor");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  await expect(page.getByText(`Invitation for ${email} created.`)).toBeVisible();
  const link = await page.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("table", { name: "Pending invitations" })).toContainText(email);

  const invitee = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const tab = await invitee.newPage();
  await tab.goto(link);
  await expect(tab.getByRole("heading", { name: "Join Pushboard" })).toBeVisible();
  await expect(tab.getByLabel("Email")).toHaveValue(email);
  await tab.getByLabel("Your name").fill("Ivy Invitee");
  await tab.getByLabel("Password", { exact: true }).fill("short");
  await tab.getByLabel("Repeat the password").fill("short");
  await tab.getByRole("button", { name: "Join and sign in" }).click();
  await expect(tab.getByText("Use at least 10 characters.")).toBeVisible();
  await tab.getByLabel("Password", { exact: true }).fill("a perfectly fine password");
  await tab.getByLabel("Repeat the password").fill("a perfectly fine password");
  await tab.getByRole("button", { name: "Join and sign in" }).click();
  await expect(tab).toHaveURL(/\/admin$/);
  await expect(tab.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  // an editor cannot reach Team
  await expect(tab.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" })).toHaveCount(0);
  expect((await tab.goto("/admin/team"))?.status()).toBe(403);

  const reused = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const again = await reused.newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "This invitation has expired" })).toBeVisible();
  await reused.close();

  // the owner changes the new member's role, then removes them: their session stops working at once
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByLabel(`Role of ${email}`).selectOption("viewer");
  await row.getByRole("button", { name: "Change role" }).click();
  await expect(row.getByRole("cell").nth(1)).toHaveText("Viewer");
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: `Remove ${email}` }).click();
  await expect(page.getByRole("row").filter({ hasText: email })).toHaveCount(0);
  await tab.goto("/admin/subscribers");
  await expect(tab).toHaveURL(/\/admin\/sign-in/);
  await invitee.close();
  await page.screenshot({ path: "test/.artifacts/team.png", fullPage: true });
});

test("a forged or unknown invitation link is refused", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  for (const token of ["A".repeat(43), "not-a-token", "%2e%2e%2fadmin"]) {
    await page.goto(`/invite/${token}`);
    await expect(page.getByRole("heading", { name: "This invitation has expired" })).toBeVisible();
  }
  await context.close();
});

test("the last owner cannot be demoted", async ({ browser }) => {
  const { context, account } = await signedInContext(browser, "owner");
  const page = await context.newPage();
  await page.goto("/admin/team");
  // demote every other owner first, so this one is the last; they are restored afterwards, also when the
  // test fails (the shared owner of every other spec is one of them). Owners are read from the Role
  // cell: every member's row also offers "Owner" in its role picker.
  const rows = page.getByRole("table", { name: "Team members" }).getByRole("row");
  const roles = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({ text: (tr as HTMLElement).innerText, role: tr.querySelectorAll("td")[1]?.textContent?.trim() })),
  );
  const demoted = roles
    .filter((r) => r.role === "Owner")
    .map((r) => /\S+@\S+/.exec(r.text)?.[0])
    .filter((email): email is string => !!email && email !== account.email);
  expect(demoted).toContain("owner@example.com");
  const setRole = async (email: string, role: string) => {
    const row = rows.filter({ hasText: email });
    const label = role[0]!.toUpperCase() + role.slice(1);
    // the previous change's refresh may land between choosing and clicking and put the picker back:
    // choose, check the choice held, submit, and do it again if the row does not say the new role
    await expect(async () => {
      await row.getByLabel(`Role of ${email}`).selectOption(role);
      await expect(row.getByLabel(`Role of ${email}`)).toHaveValue(role, { timeout: 1_000 });
      await row.getByRole("button", { name: "Change role" }).click();
      await expect(row.getByRole("cell").nth(1)).toHaveText(label, { timeout: 5_000 });
    }).toPass({ timeout: 30_000 });
  };
  try {
    for (const email of demoted) await setRole(email, "editor");
    const mine = rows.filter({ hasText: account.email });
    await mine.getByLabel(`Role of ${account.email}`).selectOption("viewer");
    await mine.getByRole("button", { name: "Change role" }).click();
    await expect(mine.getByText("Pushboard needs at least one owner. Make someone else an owner first.")).toBeVisible();
    page.once("dialog", (dialog) => dialog.accept());
    await mine.getByRole("button", { name: `Remove ${account.email}` }).click();
    await expect(mine.getByText("Pushboard needs at least one owner.")).toBeVisible();
  } finally {
    for (const email of demoted) await setRole(email, "owner");
    await context.close();
  }
});
