// Server actions answer only requests from our own site. A real action call is captured from the
// Topics form (its Next-Action id, router state and multipart body), then replayed with the admin's
// cookies from another origin and with host headers that disagree with the origin: each is refused
// and writes nothing, while the same request from our origin creates the topic.
import { test, expect, type Request } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { withAppDb } from "./fixtures/app-db";

function topicNamed(name: string) {
  return withAppDb(async (db) => {
    const { topics } = db.tables;
    const [topic] = await db.select().from(topics).where(eq(topics.name, name));
    return topic;
  });
}

const EVIL = "https://evil.example";

test("a captured server action is refused from another origin and works from ours", async ({ page, baseURL }) => {
  const ours = new URL(baseURL!);
  const first = `Origin probe ${randomBytes(4).toString("hex")}`;
  await page.goto("/admin/topics");
  await page.getByLabel("Name").fill(first);
  const [captured] = await Promise.all([
    page.waitForRequest((r: Request) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
    page.getByRole("button", { name: "Add topic" }).click(),
  ]);
  await expect(page.getByText(`Topic "${first}" created.`)).toBeVisible();
  const sent = await captured.allHeaders();
  expect(sent.origin).toBe(ours.origin);
  const body = captured.postDataBuffer()!.toString("utf8");
  expect(body).toContain(first);

  /** Replays the captured call for another topic name; a header given as null is left out. */
  const replay = async (name: string, overrides: Record<string, string | null>) => {
    const merged: Record<string, string | null> = {
      "next-action": sent["next-action"]!,
      "next-router-state-tree": sent["next-router-state-tree"] ?? "",
      "content-type": sent["content-type"]!,
      accept: "text/x-component",
      ...overrides,
    };
    const headers = Object.fromEntries(
      Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null),
    );
    const response = await page.request.post(captured.url(), {
      headers,
      data: Buffer.from(body.replaceAll(first, name)),
      maxRedirects: 0,
    });
    return { status: response.status(), text: await response.text(), stored: await topicNamed(name) };
  };

  const refusals: Record<string, Record<string, string | null>> = {
    "another origin": { origin: EVIL },
    "another origin, forwarded host naming ours": { origin: EVIL, "x-forwarded-host": ours.host },
    "our origin, sent to another Host": { origin: ours.origin, host: "evil.example" },
    "our origin, forwarded host naming another": { origin: ours.origin, "x-forwarded-host": "evil.example" },
    "another port of ours": { origin: `${ours.protocol}//${ours.hostname}:${Number(ours.port) + 7}` },
    "no origin": {},
    "an opaque origin": { origin: "null" },
    "another origin, without the Next-Action header (a form post without JavaScript)": {
      origin: EVIL,
      "next-action": null,
    },
  };
  for (const [label, headers] of Object.entries(refusals)) {
    const name = `Refused probe ${randomBytes(4).toString("hex")}`;
    const result = await replay(name, headers);
    expect(result.status, label).toBe(403);
    expect(result.text, label).not.toContain(name);
    expect(result.stored, `${label} wrote a topic`).toBeUndefined();
  }

  const accepted = `Replayed probe ${randomBytes(4).toString("hex")}`;
  const result = await replay(accepted, { origin: ours.origin });
  expect(result.status).toBe(200);
  expect(result.text).toContain(`Topic \\"${accepted}\\" created.`);
  expect(result.stored).toMatchObject({ name: accepted });

  // The probes are not topics anyone wants on the public site.
  await withAppDb(async (db) => {
    const { topics } = db.tables;
    await db
      .update(topics)
      .set({ archivedAt: new Date() })
      .where(inArray(topics.name, [first, accepted]));
  });
});
