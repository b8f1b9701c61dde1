// The API key actions end to end as an owner's browser calls them: the form as the page posts it
// (scopes as repeated checkboxes), the secret in the result once, the key usable at once and refused from
// the request after its revocation. The guards (editor, viewer, anonymous) are the role table's.
import { afterAll, describe, expect, it, vi } from "vitest";
import { rmSync } from "node:fs";
import { asc } from "drizzle-orm";

const state = await vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "pushboard-api-key-actions-"));
  process.env.DATABASE_PATH = join(dir, "actions.db");
  return { dir, userId: null as number | null };
});
vi.mock("@/lib/auth/session", async () => {
  const { claimsFor } = await import("@/test/support/session");
  return { getSessionClaims: async () => claimsFor(state.userId) };
});
// a same-origin POST from the dashboard, outside Next's request scope
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000", origin: "http://localhost:3000" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { createApiKeyAction, revokeApiKeyAction } from "@/app/admin/settings/api-keys/actions";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { listApiKeys } from "@/lib/api-keys/manage";
import { getServerContext } from "@/lib/server-context";
import { seedAccount } from "@/test/support/seeds";

function form(fields: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of fields) data.append(key, value);
  return data;
}

afterAll(async () => {
  await getServerContext().close();
  rmSync(state.dir, { recursive: true, force: true });
});

describe("API key actions", () => {
  it("create shows the secret once, the key works, revoke refuses its next use", async () => {
    const db = getServerContext().appDb;
    const owner = await seedAccount(db, { role: "owner", email: "keys-owner@example.com" });
    state.userId = owner.id;

    const refused = await createApiKeyAction(null, form([["name", "Shop"]]));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { scopes: ["Choose at least one scope."] } });
    expect(refused && !refused.ok && refused.values).toEqual({ name: "Shop" });

    const created = await createApiKeyAction(
      null,
      form([
        ["name", "  Shop back-end "],
        ["scopes", "notifications:send"],
        ["scopes", "subscriptions:read"],
        ["expiresAt", ""],
        ["rateLimitPerSecond", "25"],
      ]),
    );
    if (!created?.ok) throw new Error(`refused: ${JSON.stringify(created)}`);
    const { secret, key } = created.data;
    expect(secret).toMatch(/^pb_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({
      name: "Shop back-end",
      scopes: ["notifications:send", "subscriptions:read"],
      rateLimitPerSecond: 25,
      expiresAt: null,
      createdByEmail: "keys-owner@example.com",
      state: "active",
    });
    expect(JSON.stringify(await listApiKeys(db))).not.toContain(secret);

    const call = () => authenticateApiKey(db, `Bearer ${secret}`, { now: new Date(), address: "203.0.113.9" });
    expect((await call()).ok).toBe(true);

    expect(await revokeApiKeyAction(null, form([["id", String(key.id)]]))).toEqual({
      ok: true,
      message: "Key “Shop back-end” revoked: its next request is refused.",
    });
    expect(await call()).toEqual({ ok: false, reason: "revoked" });
    expect(await revokeApiKeyAction(null, form([["id", String(key.id)]]))).toEqual({
      ok: false,
      message: "The key “Shop back-end” was revoked already.",
    });
    expect(await revokeApiKeyAction(null, form([["id", "99999"]]))).toEqual({
      ok: false,
      message: "This API key does not exist.",
    });

    const { auditLog } = db.tables;
    const entries = await db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(entries.map((e) => [e.action, e.actorEmail])).toEqual([
      ["api_key.create", "keys-owner@example.com"],
      ["api_key.revoke", "keys-owner@example.com"],
    ]);
    expect(JSON.stringify(entries)).not.toContain(secret.slice(11));
  });
});
