import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import {
  generateIdentitySecret,
  getIdentitySecret,
  readIdentitySecret,
  revealIdentitySecret,
  rotateIdentitySecret,
} from "@/lib/identity/secret";
import { identitySignature } from "@/lib/identity/signature";
import { IdentitySignatureError, verifiedExternalId } from "@/lib/identity/verify";
import { SETTING_KEYS } from "@/lib/settings/keys";
import { ENGINES, useExtraPools, useTestDb } from "@/test/support/databases";
import { seedUser } from "@/test/support/seeds";

const now = new Date("2030-01-02T03:04:05Z");

async function auditActions(db: Db) {
  const { auditLog } = db.tables;
  return db.select().from(auditLog).orderBy(asc(auditLog.id));
}

describe("generateIdentitySecret", () => {
  it("is 32 random bytes in base64url", () => {
    const a = generateIdentitySecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, "base64url")).toHaveLength(32);
    expect(generateIdentitySecret()).not.toBe(a);
  });
});

describe.each(ENGINES)("the identity secret on %s", (engine) => {
  const test = useTestDb(engine);
  const pool = useExtraPools(test);

  it("is made on first use and then the same every time", async () => {
    const db = test.db;
    expect(await readIdentitySecret(db)).toBeUndefined();
    const first = await getIdentitySecret(db);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await getIdentitySecret(db)).toBe(first);
    expect(await readIdentitySecret(db)).toBe(first);
  });

  it("several first uses at once agree on one secret (other pools stand in for other processes)", async () => {
    const dbs = engine === "postgres" ? [test.db, pool(), pool(), pool()] : [test.db, test.db, test.db, test.db];
    const secrets = await Promise.all(dbs.flatMap((db) => [getIdentitySecret(db), getIdentitySecret(db)]));
    expect(new Set(secrets).size).toBe(1);
    const { settings } = test.db.tables;
    expect(await test.db.select().from(settings).where(eq(settings.key, SETTING_KEYS.identitySecret))).toHaveLength(1);
  });

  it("reveal shows the stored secret and records who looked", async () => {
    const db = test.db;
    const owner = await seedUser(db, { role: "owner", email: "owner@example.com" });
    const shown = await revealIdentitySecret(db, { id: owner.id, email: owner.email }, now, "203.0.113.9");
    expect(shown).toBe(await getIdentitySecret(db));
    const [entry] = await auditActions(db);
    expect(entry).toMatchObject({
      action: "identity_secret.reveal",
      actorEmail: "owner@example.com",
      ip: "203.0.113.9",
      targetId: SETTING_KEYS.identitySecret,
    });
    expect(entry!.createdAt.getTime()).toBe(now.getTime());
    expect(JSON.stringify(entry)).not.toContain(shown);
  });

  it("rotation replaces the secret: old signatures fail at once, in every process, new ones hold", async () => {
    const db = test.db;
    const other = engine === "postgres" ? pool() : db;
    const old = await getIdentitySecret(db);
    const oldSignature = identitySignature(old, "user-42");
    expect(await verifiedExternalId(other, "user-42", oldSignature)).toBe("user-42");
    const fresh = await rotateIdentitySecret(db, null, now);
    expect(fresh).not.toBe(old);
    expect(await getIdentitySecret(other)).toBe(fresh);
    await expect(verifiedExternalId(other, "user-42", oldSignature)).rejects.toThrow(IdentitySignatureError);
    expect(await verifiedExternalId(other, "user-42", identitySignature(fresh, "user-42"))).toBe("user-42");
    const entries = await auditActions(db);
    expect(entries.map((e) => e.action)).toEqual(["identity_secret.rotate"]);
    expect(JSON.stringify(entries)).not.toContain(fresh);
    expect(JSON.stringify(entries)).not.toContain(old);
  });

  it("a rotation before any secret existed just makes one", async () => {
    const fresh = await rotateIdentitySecret(test.db, null, now);
    expect(await getIdentitySecret(test.db)).toBe(fresh);
  });
});

describe.each(ENGINES)("verifiedExternalId on %s", (engine) => {
  const test = useTestDb(engine);

  const refusal = async (run: Promise<unknown>) =>
    run.then(
      () => null,
      (error: unknown) => error as { code: string; message: string; fieldErrors?: Record<string, string[]> },
    );

  it("is null without either, and refuses one without the other", async () => {
    const db = test.db;
    expect(await verifiedExternalId(db, undefined, undefined)).toBeNull();
    const onlyId = await refusal(verifiedExternalId(db, "user-42", undefined));
    expect(onlyId).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/both, or neither/) });
    expect(onlyId?.fieldErrors).toHaveProperty("externalIdSignature");
    const onlySignature = await refusal(verifiedExternalId(db, undefined, "a".repeat(64)));
    expect(onlySignature?.fieldErrors).toHaveProperty("externalId");
  });

  it("refuses ugly input: 129 characters, control characters, a wrong-length signature", async () => {
    const db = test.db;
    const secret = await getIdentitySecret(db);
    const long = "x".repeat(129);
    expect(await refusal(verifiedExternalId(db, long, identitySignature(secret, long)))).toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/128/),
    });
    const tab = "user\t42";
    expect(await refusal(verifiedExternalId(db, tab, identitySignature(secret, tab)))).toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/control/),
    });
    const short = identitySignature(secret, "user-42").slice(0, 40);
    expect(await refusal(verifiedExternalId(db, "user-42", short))).toMatchObject({ code: "invalid_input" });
  });

  it("refuses a signature of another id, and any signature while no secret exists (without making one)", async () => {
    const db = test.db;
    const lonely = await refusal(verifiedExternalId(db, "user-42", identitySignature("guess", "user-42")));
    expect(lonely).toBeInstanceOf(IdentitySignatureError);
    expect(await readIdentitySecret(db)).toBeUndefined();
    const secret = await getIdentitySecret(db);
    const other = await refusal(verifiedExternalId(db, "user-42", identitySignature(secret, "user-43")));
    expect(other).toMatchObject({ code: "forbidden", message: expect.stringMatching(/does not match/) });
    expect(await verifiedExternalId(db, "user-42", identitySignature(secret, "user-42").toUpperCase())).toBe("user-42");
  });
});
