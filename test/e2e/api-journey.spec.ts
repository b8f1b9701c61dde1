// The REST API as a site's back-end uses it: an owner makes a key in Settings → API keys (its secret
// shown once), the back-end links a user's two devices (at two push services) to the user's id, sends
// "your order shipped" to that user with one POST, and watches the counters reach accepted 2; both push
// services received it, and the dashboard's campaign list shows it as sent through the API by that key.
import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures/campaigns";
import { e2eSettings } from "./settings";

test.setTimeout(90_000);

test("an owner's key sends to one user's two devices through /api/v1", async ({ page, db, webPush, strict }) => {
  const run = randomBytes(3).toString("hex");
  const keyName = `Shop back-end ${run}`;
  const userId = `customer-${run}`;

  // The owner makes a key with the scopes the back-end needs; its secret is shown once.
  await page.goto("/admin/settings/api-keys");
  await page.getByLabel("Name").fill(keyName);
  for (const scope of ["notifications:send", "notifications:read", "subscriptions:write"]) {
    await page.getByRole("checkbox", { name: new RegExp(`^${scope}`) }).check();
  }
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByLabel(`Secret of the key ${keyName}`).inputValue();
  expect(secret).toMatch(/^pb_[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: "test-results/api-keys-secret.png", fullPage: true });
  await page.getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);
  await expect(page.getByRole("row", { name: new RegExp(keyName) })).toContainText(secret.slice(0, 11));
  await expect(page.getByRole("row", { name: new RegExp(keyName) })).not.toContainText(secret);

  // The user's phone (web-push-testing) and laptop (the strict push service), subscribed on the site.
  const vapidPublicKey = ((await (await page.request.get("/api/vapid-public-key")).json()) as { publicKey: string })
    .publicKey;
  const phone = await webPush.subscribe(vapidPublicKey);
  const laptop = strict.createSubscription({ applicationServerKey: vapidPublicKey });
  const { subscriptions } = db.tables;
  const [phoneRow, laptopRow] = await db
    .insert(subscriptions)
    .values([
      {
        endpoint: phone.endpoint,
        ...phone.keys,
        pushService: "other",
        pushHost: `localhost:${e2eSettings.webPushTestingPort}`,
        vapidPublicKey,
      },
      {
        endpoint: laptop.endpoint,
        ...laptop.keys,
        pushService: "other",
        pushHost: `localhost:${e2eSettings.strictPushPort}`,
        vapidPublicKey,
      },
    ])
    .returning();

  // The back-end: link both devices to its user, then one send to that user.
  const api = (method: string, path: string, data?: unknown, headers: Record<string, string> = {}) =>
    page.request.fetch(path, {
      method,
      headers: { authorization: `Bearer ${secret}`, ...headers },
      ...(data === undefined ? {} : { data }),
    });
  for (const row of [phoneRow!, laptopRow!]) {
    const linked = await api("PUT", `/api/v1/subscriptions/${row.id}/user`, { externalId: userId });
    expect(linked.status()).toBe(200);
  }
  const title = `Order ${run} shipped`;
  const sent = await api(
    "POST",
    "/api/v1/notifications",
    { users: [userId], title, body: "It arrives on Thursday.", urgency: "high", ttl: 3600 },
    { "idempotency-key": `order-${run}` },
  );
  expect(sent.status()).toBe(202);
  const created = (await sent.json()) as { id: number; targeted: number };
  expect(created.targeted).toBe(2);
  // a retry of the same request sends nothing more
  const retried = await api(
    "POST",
    "/api/v1/notifications",
    { users: [userId], title, body: "It arrives on Thursday.", urgency: "high", ttl: 3600 },
    { "idempotency-key": `order-${run}` },
  );
  expect(retried.headers()["idempotent-replayed"]).toBe("true");
  expect(((await retried.json()) as { id: number }).id).toBe(created.id);

  await expect
    .poll(
      async () =>
        ((await (await api("GET", `/api/v1/notifications/${created.id}`)).json()) as { counters: { accepted: number } })
          .counters.accepted,
      { timeout: 30_000 },
    )
    .toBe(2);
  const received = await webPush.notifications(phone.clientHash);
  expect(received).toHaveLength(1);
  expect(JSON.parse(received[0]!).notification.title).toBe(title);
  const [request] = strict.requests(laptop.id);
  expect(request).toMatchObject({ status: 201, urgency: "high" });
  expect(JSON.parse(request!.payload!).notification.title).toBe(title);

  // The dashboard lists it as sent through the API, by this key.
  await page.goto(`/admin/campaigns?q=${encodeURIComponent(title)}`);
  await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText(`sent through the API · ${keyName}`);
  await page.screenshot({ path: "test-results/api-journey-campaigns.png", fullPage: true });

  // The reference the back-end's developer reads: every operation, with its scope and a curl example.
  await page.goto("/admin/api");
  await expect(page.getByRole("heading", { name: "/api/v1/notifications", exact: true }).first()).toBeVisible();
  await expect(page.getByText("Send a notification", { exact: true })).toBeVisible();
  await expect(page.getByText("notifications:send").first()).toBeVisible();
  await page.screenshot({ path: "test-results/api-reference.png" });
});
