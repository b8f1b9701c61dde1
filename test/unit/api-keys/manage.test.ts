import { describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { ApiKeyError } from "@/lib/api-keys/errors";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/manage";
import type { CreateApiKeyInput } from "@/lib/api-keys/schema";
import { hashApiKeySecret } from "@/lib/api-keys/secret";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedUser } from "@/test/support/seeds";

const now = new Date("2026-04-01T10:00:00Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const DAY = 86_400;
const input = (values: Partial<CreateApiKeyInput> = {}): CreateApiKeyInput => ({
  name: "Shop back-end",
  scopes: ["notifications:send", "subscriptions:read"],
  rateLimitPerSecond: 100,
  ...values,
});

async function setup(db: Db) {
  const owner = await seedUser(db, { role: "owner", email: "owner@example.com" });
  return { actor: { id: owner.id, email: owner.email }, ownerId: owner.id };
}

async function audit(db: Db) {
  const { auditLog } = db.tables;
  return db.select().from(auditLog).orderBy(asc(auditLog.id));
}

describe.each(ENGINES)("API key management on %s", (engine) => {
  const test = useTestDb(engine);

  it("stores only the secret's hash and returns the secret once, audited without it", async () => {
    const { actor } = await setup(test.db);
    const { key, secret } = await createApiKey(test.db, input({ expiresAt: at(30 * DAY) }), actor, now, "203.0.113.9");
    expect(secret).toMatch(/^pb_[A-Za-z0-9_-]{43}$/);
    expect(key).toEqual({
      id: expect.any(Number),
      name: "Shop back-end",
      prefix: secret.slice(0, 11),
      scopes: ["notifications:send", "subscriptions:read"],
      rateLimitPerSecond: 100,
      expiresAt: at(30 * DAY).getTime(),
      revokedAt: null,
      lastUsedAt: null,
      lastUsedAddress: null,
      createdAt: now.getTime(),
      createdByEmail: "owner@example.com",
      state: "active",
    });
    const { apiKeys } = test.db.tables;
    const [row] = await test.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.secretHash).toBe(hashApiKeySecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(11));

    const entries = await audit(test.db);
    expect(entries).toMatchObject([
      {
        action: "api_key.create",
        actorEmail: "owner@example.com",
        targetType: "api_key",
        targetId: String(key.id),
        ip: "203.0.113.9",
        details: { name: "Shop back-end", prefix: key.prefix, scopes: key.scopes },
      },
    ]);
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain(secret.slice(11));
    expect(logged).not.toContain(row!.secretHash);
  });

  it("never lets a hash into a DTO", async () => {
    const { actor } = await setup(test.db);
    const { key, secret } = await createApiKey(test.db, input(), actor, now);
    const hash = hashApiKeySecret(secret);
    const revoked = await revokeApiKey(test.db, key.id, actor, at(1));
    for (const dto of [key, revoked, ...(await listApiKeys(test.db, at(2)))]) {
      expect(Object.keys(dto)).not.toContain("secretHash");
      expect(JSON.stringify(dto)).not.toContain(hash);
      expect(JSON.stringify(dto)).not.toContain(secret);
    }
  });

  it("checks the expiry against its own clock, not the schema's", async () => {
    const { actor } = await setup(test.db);
    for (const expiresAt of [now, at(-1), at(5 * 365 * DAY + 1)]) {
      const error = await createApiKey(test.db, input({ expiresAt }), actor, now).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiKeyError);
      expect(error).toMatchObject({ code: "invalid_input", fieldErrors: { expiresAt: [expect.any(String)] } });
    }
    expect(await listApiKeys(test.db, now)).toEqual([]);
    expect(await audit(test.db)).toEqual([]);
  });

  it("lists newest first, with revoked and expired keys marked and their maker's email", async () => {
    const { actor } = await setup(test.db);
    const first = await createApiKey(test.db, input({ name: "First", expiresAt: at(60) }), actor, now);
    const second = await createApiKey(test.db, input({ name: "Second" }), actor, at(1));
    const third = await createApiKey(test.db, input({ name: "Third" }), actor, at(1));
    await revokeApiKey(test.db, second.key.id, actor, at(2));
    const list = await listApiKeys(test.db, at(61));
    expect(list.map((k) => [k.name, k.state])).toEqual([
      ["Third", "active"],
      ["Second", "revoked"],
      ["First", "expired"],
    ]);
    expect(list[1]!.revokedAt).toBe(at(2).getTime());
    expect(list.every((k) => k.createdByEmail === "owner@example.com")).toBe(true);
    // two seconds earlier the first was still good
    expect((await listApiKeys(test.db, at(59))).find((k) => k.id === first.key.id)?.state).toBe("active");
    expect(third.key.state).toBe("active");
  });

  it("a key outlives the account that made it, without a maker", async () => {
    const { actor, ownerId } = await setup(test.db);
    await createApiKey(test.db, input(), actor, now);
    const { users } = test.db.tables;
    await test.db.delete(users).where(eq(users.id, ownerId));
    expect(await listApiKeys(test.db, now)).toMatchObject([{ name: "Shop back-end", createdByEmail: null }]);
  });

  it("revokes once: audited, then a second revocation is a conflict that writes nothing", async () => {
    const { actor } = await setup(test.db);
    const { key } = await createApiKey(test.db, input(), actor, now);
    const revoked = await revokeApiKey(test.db, key.id, actor, at(5), "198.51.100.7");
    expect(revoked).toMatchObject({ id: key.id, state: "revoked", revokedAt: at(5).getTime() });
    const again = await revokeApiKey(test.db, key.id, actor, at(9)).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ApiKeyError);
    expect(again).toMatchObject({ code: "conflict", message: "The key “Shop back-end” was revoked already." });
    expect((await listApiKeys(test.db, at(10)))[0]!.revokedAt).toBe(at(5).getTime());
    expect((await audit(test.db)).map((e) => [e.action, e.ip, e.details])).toEqual([
      ["api_key.create", null, expect.anything()],
      ["api_key.revoke", "198.51.100.7", { name: "Shop back-end", prefix: key.prefix }],
    ]);
  });

  it("two revocations at once: one wins, the other is told", async () => {
    const { actor } = await setup(test.db);
    const { key } = await createApiKey(test.db, input(), actor, now);
    const outcomes = await Promise.allSettled([
      revokeApiKey(test.db, key.id, actor, at(1)),
      revokeApiKey(test.db, key.id, actor, at(1)),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await audit(test.db)).filter((e) => e.action === "api_key.revoke")).toHaveLength(1);
  });

  it("an unknown id is not found", async () => {
    const { actor } = await setup(test.db);
    const error = await revokeApiKey(test.db, 999, actor, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiKeyError);
    expect(error).toMatchObject({ code: "not_found" });
    expect(await audit(test.db)).toEqual([]);
  });
});
