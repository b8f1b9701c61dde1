import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { authenticateApiKey, bearerSecret, presentedKeyPrefix } from "@/lib/api-keys/authenticate";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/manage";
import type { CreateApiKeyInput } from "@/lib/api-keys/schema";
import { generateApiKeySecret } from "@/lib/api-keys/secret";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedUser } from "@/test/support/seeds";

const now = new Date("2026-04-01T10:00:00Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const ADDRESS = "203.0.113.9";

async function makeKey(db: Db, values: Partial<CreateApiKeyInput> = {}) {
  const owner = await seedUser(db, { role: "owner" });
  const actor = { id: owner.id, email: owner.email };
  const made = await createApiKey(
    db,
    { name: "Shop", scopes: ["notifications:send"], rateLimitPerSecond: 50, ...values },
    actor,
    now,
  );
  return { ...made, actor };
}

async function lastUse(db: Db, id: number) {
  const { apiKeys } = db.tables;
  const [row] = await db
    .select({ at: apiKeys.lastUsedAt, address: apiKeys.lastUsedAddress })
    .from(apiKeys)
    .where(eq(apiKeys.id, id));
  return { at: row!.at?.getTime() ?? null, address: row!.address };
}

describe("the Authorization header", () => {
  it("is Bearer, in any case, one space and one token", () => {
    const secret = generateApiKeySecret();
    for (const header of [`Bearer ${secret}`, `bearer ${secret}`, `BEARER ${secret}`])
      expect(bearerSecret(header)).toEqual({ secret });
    for (const header of [null, "", "   "]) expect(bearerSecret(header)).toEqual({ reason: "missing" });
    for (const header of [
      secret,
      `Bearer`,
      `Bearer `,
      `Bearer  ${secret}`,
      `Bearer ${secret} `,
      `Bearer ${secret} extra`,
      `Bearer\t${secret}`,
      `Basic ${secret}`,
      `Token ${secret}`,
      `Bearer: ${secret}`,
    ])
      expect(bearerSecret(header), JSON.stringify(header)).toEqual({ reason: "malformed" });
  });

  it("gives the prefix only of a key-shaped secret", () => {
    const secret = generateApiKeySecret();
    expect(presentedKeyPrefix(`Bearer ${secret}`)).toBe(secret.slice(0, 11));
    expect(presentedKeyPrefix(`Bearer ${secret}x`)).toBeNull();
    expect(presentedKeyPrefix(`Bearer sk_live_123456789`)).toBeNull();
    expect(presentedKeyPrefix(null)).toBeNull();
  });
});

describe.each(ENGINES)("authenticating API keys on %s", (engine) => {
  const test = useTestDb(engine);
  const context = { now, address: ADDRESS };

  it("accepts a good key, with what the pipeline needs of it", async () => {
    const { key, secret } = await makeKey(test.db, { scopes: ["notifications:send", "subscriptions:read"] });
    expect(await authenticateApiKey(test.db, `Bearer ${secret}`, context)).toEqual({
      ok: true,
      key: {
        id: key.id,
        name: "Shop",
        prefix: key.prefix,
        scopes: ["notifications:send", "subscriptions:read"],
        rateLimitPerSecond: 50,
      },
    });
  });

  it("tells missing, malformed and unknown apart", async () => {
    const { secret } = await makeKey(test.db);
    const refused = async (header: string | null) => authenticateApiKey(test.db, header, context);
    expect(await refused(null)).toEqual({ ok: false, reason: "missing" });
    expect(await refused("")).toEqual({ ok: false, reason: "missing" });
    expect(await refused(secret)).toEqual({ ok: false, reason: "malformed" });
    expect(await refused(`Bearer ${secret.slice(0, -1)}`)).toEqual({ ok: false, reason: "malformed" });
    expect(await refused(`Bearer ${"x".repeat(10_000)}`)).toEqual({ ok: false, reason: "malformed" });
    expect(await refused(`Bearer ${generateApiKeySecret()}`)).toEqual({ ok: false, reason: "unknown" });
    // one character off is another key entirely
    const flipped = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
    expect(await refused(`Bearer ${flipped}`)).toEqual({ ok: false, reason: "unknown" });
  });

  it("refuses a revoked key from the very next call", async () => {
    const { key, secret, actor } = await makeKey(test.db);
    expect((await authenticateApiKey(test.db, `Bearer ${secret}`, { ...context, now: at(1) })).ok).toBe(true);
    await revokeApiKey(test.db, key.id, actor, at(2));
    expect(await authenticateApiKey(test.db, `Bearer ${secret}`, { ...context, now: at(2) })).toEqual({
      ok: false,
      reason: "revoked",
    });
  });

  it("refuses an expired key from its expiry on, and a revoked expired one as revoked", async () => {
    const { key, secret, actor } = await makeKey(test.db, { expiresAt: at(60) });
    const call = (seconds: number) => authenticateApiKey(test.db, `Bearer ${secret}`, { ...context, now: at(seconds) });
    expect((await call(59.999)).ok).toBe(true);
    expect(await call(60)).toEqual({ ok: false, reason: "expired" });
    await revokeApiKey(test.db, key.id, actor, at(70));
    expect(await call(71)).toEqual({ ok: false, reason: "revoked" });
  });

  it("writes the last use at most every 10 seconds per address", async () => {
    const { key, secret } = await makeKey(test.db);
    const call = (seconds: number, address = ADDRESS) =>
      authenticateApiKey(test.db, `Bearer ${secret}`, { now: at(seconds), address });
    expect(await lastUse(test.db, key.id)).toEqual({ at: null, address: null });
    await call(0);
    expect(await lastUse(test.db, key.id)).toEqual({ at: at(0).getTime(), address: ADDRESS });
    await call(5);
    await call(9.999);
    expect(await lastUse(test.db, key.id)).toEqual({ at: at(0).getTime(), address: ADDRESS });
    await call(11);
    expect(await lastUse(test.db, key.id)).toEqual({ at: at(11).getTime(), address: ADDRESS });
    await call(12, "2001:db8::1");
    expect(await lastUse(test.db, key.id)).toEqual({ at: at(12).getTime(), address: "2001:db8::1" });
    await call(13, "2001:db8::1");
    expect(await lastUse(test.db, key.id)).toEqual({ at: at(12).getTime(), address: "2001:db8::1" });
    // a clock behind the stored use writes nothing
    await call(3, "2001:db8::1");
    expect(await lastUse(test.db, key.id)).toEqual({ at: at(12).getTime(), address: "2001:db8::1" });
  });

  it("counts one write for a burst of calls", async () => {
    const { key, secret } = await makeKey(test.db);
    const { apiKeys } = test.db.tables;
    // updated_at moves with every write of the row: pin it, then see whether a burst moved it more than once
    await test.db
      .update(apiKeys)
      .set({ updatedAt: new Date(0) })
      .where(eq(apiKeys.id, key.id));
    await authenticateApiKey(test.db, `Bearer ${secret}`, { now: at(0), address: ADDRESS });
    await test.db
      .update(apiKeys)
      .set({ updatedAt: new Date(0) })
      .where(eq(apiKeys.id, key.id));
    for (let i = 1; i <= 20; i++)
      await authenticateApiKey(test.db, `Bearer ${secret}`, { now: at(i * 0.4), address: ADDRESS });
    const [row] = await test.db.select({ updatedAt: apiKeys.updatedAt }).from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.updatedAt.getTime()).toBe(0);
  });

  it("a refused key's last use is not touched", async () => {
    const { key, secret, actor } = await makeKey(test.db);
    await revokeApiKey(test.db, key.id, actor, at(1));
    await authenticateApiKey(test.db, `Bearer ${secret}`, { now: at(2), address: ADDRESS });
    expect(await lastUse(test.db, key.id)).toEqual({ at: null, address: null });
  });
});
